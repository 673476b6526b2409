#include "store/backends.h"

namespace bomwatch::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenMode) {
    throw StoreError(StoreError::Kind::Failed, path + ": the SQLite store is not built yet");
}

}  // namespace bomwatch::store
