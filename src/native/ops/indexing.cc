// Indexing: a[items] (index), a[items] = v (indexPut_), a.at[items] updates (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
#include "../op_table.h"

namespace mlxnode {

// Filled by its issue; an empty table exports nothing.
const Table kIndexingTable = {"core", nullptr, 0};

}  // namespace mlxnode
