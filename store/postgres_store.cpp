#include "store/backends.h"

namespace bomwatch::store {

std::unique_ptr<Store> open_postgres_store(const std::string& url, OpenMode) {
    throw StoreError(StoreError::Kind::Failed, redact(url) + ": the PostgreSQL store is not built yet");
}

}  // namespace bomwatch::store
