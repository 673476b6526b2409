// The back ends behind open_store (store/store.h). Each file implements one.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace bomwatch::store {

// `path`: a file; its folder must exist unless mode is CreateIfMissing and it is the default
// store's (.bomwatch/), which is created.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenMode mode);
// `url`: a libpq connection URI (postgresql:// or postgres://).
std::unique_ptr<Store> open_postgres_store(const std::string& url, OpenMode mode);

}  // namespace bomwatch::store
