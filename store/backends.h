// The back ends behind open_store (store/store.h). Each file implements one.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace bomwatch::store {

// A postgresql:// URL as bomwatch reads it, through libpq's own parse (PQconninfoParse), so that
// messages describe what libpq will use and never the text as given (store.cpp).
struct PostgresUrl {
    enum class State {
        Clean,       // libpq reads it as it was meant
        Unreadable,  // PQconninfoParse refused it
        Ambiguous,   // an unencoded '@' or '/' in the user name or password: libpq would take a
                     // piece of the password for the host, port or database
    };
    State state = State::Unreadable;
    std::string url;        // the URL with its scheme in lower case, as libpq wants it
    std::string described;  // for messages: postgresql://USER@HOST:PORT/DBNAME, or what is wrong
    std::string problem;    // when not Clean: what to do about it (libpq's complaint, scrubbed)
    std::vector<std::string> secrets;  // texts to keep out of messages, longest first
};
// `location` must start with postgresql:// or postgres:// (in any case).
PostgresUrl inspect_postgres_url(std::string_view location);
// `message` with every one of `secrets` replaced by "***".
std::string scrub(std::string message, const std::vector<std::string>& secrets);

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
