// File I/O and export: load/save (npy, npz, safetensors, GGUF), export_function/import_function (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
#include "../op_table.h"

namespace mlxnode {

// Filled by its issue; an empty table exports nothing.
const Table kIoTable = {"core", nullptr, 0};

}  // namespace mlxnode
