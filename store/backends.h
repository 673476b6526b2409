// The back ends behind open_store (store/store.h). Each file implements one.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"

namespace bomwatch::store {

// `path`: a file; its folder must exist unless mode is CreateIfMissing and it is the default
// store's (.bomwatch/), which is created. `lock_timeout`: how long to wait for another writer's
// lock (tests shorten it to see StoreError::Locked without waiting kLockTimeout).
std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenMode mode,
                                         std::chrono::milliseconds lock_timeout = kLockTimeout);
// `url`: a libpq connection URI (postgresql:// or postgres://). `lock_timeout`: PostgreSQL's
// lock_timeout for the connection (tests shorten it, as for SQLite).
std::unique_ptr<Store> open_postgres_store(const std::string& url, OpenMode mode,
                                           std::chrono::milliseconds lock_timeout = kLockTimeout);

}  // namespace bomwatch::store
