#include "store/store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "sbom/text.h"
#include "store/backends.h"

namespace bomwatch::store {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The scheme before "://", in lower case; "" when there is none (a path).
std::string scheme_of(std::string_view location) {
    const std::size_t end = location.find("://");
    if (end == std::string_view::npos) return "";
    return lower(location.substr(0, end));
}

bool is_postgres_scheme(const std::string& scheme) { return scheme == "postgresql" || scheme == "postgres"; }

bool is_scheme_name(std::string_view scheme) {
    if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return false;
    return std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}

// A libpq keyword string ("host=db user=ci password=..."), which bomwatch does not take: its
// messages could not show it without the password.
bool is_keyword_string(std::string_view location) {
    std::size_t begin = 0;
    while (begin < location.size() && std::isspace(static_cast<unsigned char>(location[begin]))) ++begin;
    const std::string_view text = location.substr(begin);
    if (text.find("password=") != std::string_view::npos) return true;
    for (const char* keyword : {"host=", "hostaddr=", "dbname=", "user=", "service="})
        if (text.starts_with(keyword)) return true;
    return false;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Secrets shorter than this are not scrubbed: "***" in place of every "ci" would be noise, and two
// characters tell nothing of a password.
constexpr std::size_t kShortestSecret = 3;

}  // namespace

std::string scrub(std::string message, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + 3))
            message.replace(at, secret.size(), "***");
    }
    return message;
}

PostgresUrl inspect_postgres_url(std::string_view location) {
    PostgresUrl out;
    const std::size_t scheme_end = location.find("://");
    out.url = lower(location.substr(0, scheme_end)) + std::string(location.substr(scheme_end));
    const std::string_view after = location.substr(scheme_end + 3);

    std::string user, password, host, port, dbname;
    bool parsed = false;
    std::string libpq_error;
    char* error = nullptr;
    if (PQconninfoOption* options = PQconninfoParse(out.url.c_str(), &error)) {
        parsed = true;
        for (const PQconninfoOption* o = options; o->keyword; ++o) {
            if (!o->val) continue;
            const std::string_view keyword = o->keyword;
            if (keyword == "user") user = o->val;
            else if (keyword == "password") password = o->val;
            else if (keyword == "host") host = o->val;
            else if (keyword == "port") port = o->val;
            else if (keyword == "dbname") dbname = o->val;
        }
        PQconninfoFree(options);
    }
    if (error) {
        libpq_error = error;
        PQfreemem(error);
    }
    while (!libpq_error.empty() && (libpq_error.back() == '\n' || libpq_error.back() == ' ')) libpq_error.pop_back();

    // The secrets: the whole text (libpq's complaints quote it), the password as libpq reads it,
    // and every piece of the user info as it was meant (up to the last '@'), split at ':' and
    // '@', as written and percent-decoded; every password= value.
    std::vector<std::string> secrets = {std::string(location), out.url, password};
    const std::size_t last_at = after.rfind('@');
    std::string_view userinfo = last_at == std::string_view::npos ? std::string_view() : after.substr(0, last_at);
    if (!userinfo.empty()) {
        const std::size_t colon = userinfo.find(':');
        if (colon != std::string_view::npos) {
            secrets.emplace_back(userinfo.substr(colon + 1));
            secrets.push_back(percent_decoded(userinfo.substr(colon + 1)));
        }
        bool first = true;
        for (std::size_t begin = 0; begin <= userinfo.size();) {
            const std::size_t end = std::min(userinfo.find_first_of(":@", begin), userinfo.size());
            const std::string piece(userinfo.substr(begin, end - begin));
            // The user name is not a secret (it is shown): only when libpq read it as meant.
            if (!(first && parsed && percent_decoded(piece) == user)) {
                secrets.push_back(piece);
                secrets.push_back(percent_decoded(piece));
            }
            first = false;
            begin = end + 1;
        }
    }
    for (std::size_t at = location.find("password="); at != std::string_view::npos; at = location.find("password=", at + 1)) {
        const std::string_view value = location.substr(at + 9);
        secrets.emplace_back(value);
        secrets.emplace_back(value.substr(0, value.find('&')));
        secrets.push_back(percent_decoded(value.substr(0, value.find('&'))));
    }
    std::erase_if(secrets, [](const std::string& s) { return s.size() < kShortestSecret; });
    std::sort(secrets.begin(), secrets.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
    out.secrets = secrets;

    if (!parsed) {
        out.state = PostgresUrl::State::Unreadable;
        out.described = "postgresql://(a URL libpq cannot read)";
        // libpq's complaint quotes pieces of the text, which may start inside the password (after
        // an unencoded '?'): a quoted piece with an '@' or with three characters of the user info
        // in it is left out.
        std::string complaint = scrub(libpq_error, out.secrets);
        for (std::size_t open = complaint.find('"'); open != std::string::npos; open = complaint.find('"', open + 1)) {
            const std::size_t close = complaint.find('"', open + 1);
            if (close == std::string::npos) break;
            const std::string quoted = complaint.substr(open + 1, close - open - 1);
            bool shared = quoted.find('@') != std::string::npos;
            for (std::size_t i = 0; !shared && i + kShortestSecret <= quoted.size(); ++i)
                shared = userinfo.find(quoted.substr(i, kShortestSecret)) != std::string_view::npos;
            if (shared) complaint.replace(open + 1, close - open - 1, "…");
            open = complaint.find('"', open + 1);
        }
        out.problem = complaint.empty() ? "libpq cannot read it" : complaint;
        return out;
    }

    // libpq takes the user info up to the first '@' before any '/'; the host, port and database
    // name that follow have no '@' of their own (one would be a percent-encoded %40). An '@'
    // there, before the parameters, means that the password held an unencoded '@' or '/'.
    std::size_t libpq_at = 0;
    while (libpq_at < after.size() && after[libpq_at] != '@' && after[libpq_at] != '/') ++libpq_at;
    const std::size_t rest = libpq_at < after.size() && after[libpq_at] == '@' ? libpq_at + 1 : 0;
    const std::string_view before_query = after.substr(rest, after.find('?', rest) - rest);
    bool ambiguous = before_query.find('@') != std::string_view::npos;
    // With an '@' in the text, a port that is not a number is a piece of a password after an
    // unencoded '/' ("ci:pa/ss@..." is host "ci", port "pa").
    if (after.find('@') != std::string_view::npos &&
        port.find_first_not_of("0123456789,") != std::string::npos)
        ambiguous = true;

    std::string described = "postgresql://";
    if (!user.empty()) described += user + "@";
    described += host.find(':') != std::string::npos && !host.starts_with('[') ? "[" + host + "]" : host;
    if (!port.empty()) described += ":" + port;
    described += "/" + dbname;
    if (ambiguous) {
        out.state = PostgresUrl::State::Ambiguous;
        out.described = "postgresql://(a URL with an unencoded '@' or '/' in its user name or password)";
        out.problem = "percent-encode them in the URL: '@' as %40, '/' as %2F (and '?' as %3F, '#' as %23, ':' as %3A)";
        return out;
    }
    out.state = PostgresUrl::State::Clean;
    out.described = described;
    return out;
}

std::unique_ptr<Store> open_store(const std::string& location, OpenMode mode) {
    if (location.empty()) throw StoreError(StoreError::Kind::Missing, "no store given (an empty --store or BOMWATCH_STORE)");
    const std::string scheme = scheme_of(location);
    if (is_postgres_scheme(scheme)) return open_postgres_store(location, mode);
    if (location.find("://") != std::string::npos) {
        // Never a path: a mistyped scheme would otherwise start a new SQLite history in a file
        // named after the URL. Only the scheme is repeated: the rest may hold a password.
        const std::string shown = is_scheme_name(location.substr(0, location.find("://")))
                                      ? location.substr(0, location.find("://"))
                                      : "…";
        throw StoreError(StoreError::Kind::Failed,
                         "'" + shown + "://…' is not a store location: give a file path or a postgresql:// URL");
    }
    if (is_keyword_string(location))
        throw StoreError(StoreError::Kind::Failed,
                         "the store location looks like a libpq keyword string: give a postgresql:// URL "
                         "(keyword strings are not accepted)");
    return open_sqlite_store(location, mode);
}

std::string default_store_location() {
    const char* env = std::getenv("BOMWATCH_STORE");
    return env && *env ? env : ".bomwatch/history.db";
}

std::string redact(std::string_view location) {
    const std::size_t scheme_end = location.find("://");
    if (scheme_end == std::string_view::npos) {
        if (is_keyword_string(location)) return "(a libpq keyword string)";
        return std::string(location);
    }
    if (is_postgres_scheme(scheme_of(location))) {
        const PostgresUrl url = inspect_postgres_url(location);
        if (url.state == PostgresUrl::State::Clean) return url.described;
    }
    // Not read by libpq as meant: everything between "://" and the last '@' is the user info, and
    // every password= value runs to the end (it may hold '&').
    std::string out(location);
    const std::size_t begin = scheme_end + 3;
    const std::size_t at = out.rfind('@');
    if (at != std::string::npos && at >= begin) out.replace(begin, at - begin, "***");
    const std::size_t param = out.find("password=");
    if (param != std::string::npos) out.replace(param + 9, std::string::npos, "***");
    return out;
}

std::string utc_now() { return sbom::utc_now_text("%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace bomwatch::store
