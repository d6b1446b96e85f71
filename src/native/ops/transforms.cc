// Function transforms: grad, value_and_grad, vjp, jvp, vmap, compile, custom_function, checkpoint, stop_gradient (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
#include "../op_table.h"

namespace mlxnode {

// Filled by its issue; an empty table exports nothing.
const Table kTransformsTable = {"core", nullptr, 0};

}  // namespace mlxnode
