// Convolutions, quantization, fp8 and the gathered/masked matmuls of mlx.core (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
#include "../op_table.h"

namespace mlxnode {

// Filled family by family; an empty table exports nothing.
const Table kConvQuantTable = {"core", nullptr, 0};

}  // namespace mlxnode
