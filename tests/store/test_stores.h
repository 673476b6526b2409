// Fresh, empty stores for tests, of either back end, so that one suite runs against both.
#pragma once

#include <ostream>
#include <string>

#include "tests/temp_file.h"

namespace bomwatch::test {

enum class Backend { Sqlite, Postgres };

inline const char* backend_name(Backend backend) { return backend == Backend::Sqlite ? "sqlite" : "postgresql"; }
// For gtest's messages and test names: "sqlite", not "4-byte object".
inline void PrintTo(Backend backend, std::ostream* out) { *out << backend_name(backend); }

// A new, empty store for one test. SQLite: a file in a folder removed with this object.
// PostgreSQL: a new database on the test server that tests/store/postgres-server started (its
// admin URL in BOMWATCH_TEST_POSTGRES_DIR/url, the password in .../password, which is put into
// PGPASSWORD for libpq and for child processes); dropped with this object. Throws when the server
// is not there: a store test must never pass by skipping PostgreSQL.
class FreshStore {
public:
    explicit FreshStore(Backend backend);
    ~FreshStore();
    FreshStore(const FreshStore&) = delete;
    FreshStore& operator=(const FreshStore&) = delete;

    Backend backend() const { return backend_; }
    // A path or a postgresql:// URL (without password).
    const std::string& location() const { return location_; }

private:
    Backend backend_;
    TempDir dir_;
    std::string location_;
    std::string database_;  // PostgreSQL: the database made for this store
};

// The test server's admin URL (to its "postgres" database). Throws when it is not running.
std::string postgres_admin_url();

}  // namespace bomwatch::test
