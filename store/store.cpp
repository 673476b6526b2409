#include "store/store.h"

#include <cstdlib>
#include <ctime>

#include "store/backends.h"

namespace bomwatch::store {

namespace {

bool is_postgres_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& location, OpenMode mode) {
    if (location.empty()) throw StoreError(StoreError::Kind::Missing, "no store given (an empty --store or BOMWATCH_STORE)");
    if (is_postgres_url(location)) return open_postgres_store(location, mode);
    return open_sqlite_store(location, mode);
}

std::string default_store_location() {
    const char* env = std::getenv("BOMWATCH_STORE");
    return env && *env ? env : ".bomwatch/history.db";
}

std::string redact(std::string_view location) {
    std::string out(location);
    if (!is_postgres_url(out)) return out;
    // postgresql://user:password@host/...: the password sits between the first ':' after the
    // scheme and the last '@' of the authority.
    const std::size_t authority = out.find("://") + 3;
    const std::size_t authority_end = std::min(out.find_first_of("/?", authority), out.size());
    const std::size_t at = out.rfind('@', authority_end);
    if (at != std::string::npos && at >= authority) {
        const std::size_t colon = out.find(':', authority);
        if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    // ...?password=secret&...
    for (std::size_t at_param = out.find('?'); at_param != std::string::npos; at_param = out.find('&', at_param + 1)) {
        if (out.compare(at_param + 1, 9, "password=") != 0) continue;
        const std::size_t begin = at_param + 10;
        const std::size_t end = std::min(out.find('&', begin), out.size());
        out.replace(begin, end - begin, "***");
    }
    return out;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace bomwatch::store
