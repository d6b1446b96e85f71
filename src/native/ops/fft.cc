// mlx.core.fft (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
#include "../op_table.h"

namespace mlxnode {

// Filled family by family; an empty table exports nothing.
const Table kFftTable = {"fft", nullptr, 0};

}  // namespace mlxnode
