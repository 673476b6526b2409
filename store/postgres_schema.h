// The PostgreSQL store's tables: created on first use, migrated step by step to kSchemaVersion.
#pragma once

#include "store/postgres_connection.h"

namespace bomwatch::store::pg {

// Checks the schema of the database `conn` is connected to, and creates (CreateIfMissing) or
// migrates it, in one transaction under an advisory lock so that runners opening one fresh
// database at once do not trip over each other. Throws StoreError: Missing (MustExist and no
// bomwatch tables), Corrupt (some of our tables without bomwatch_schema), NewerSchema.
void prepare_schema(Connection& conn, OpenMode mode);

}  // namespace bomwatch::store::pg
