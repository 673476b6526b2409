// One libpq connection for the PostgreSQL store: statements with parameters, COPY in both
// directions, transactions, and libpq's failures turned into StoreErrors whose messages show the
// URL without its password.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace bomwatch::store::pg {

// Set on every connection unless the URL sets them. A runner whose server went away (a failover,
// a dropped NAT entry) must not hang for the kernel's two hours: TCP keepalives probe an idle
// connection after kKeepalivesIdle, and unacknowledged data gives up after kTcpUserTimeout.
inline constexpr std::chrono::seconds kKeepalivesIdle{30};
inline constexpr std::chrono::milliseconds kTcpUserTimeout{60'000};
// The server ends a session left idle inside a transaction this long, so that a stuck runner does
// not hold the branch's lock (and block every other runner) for ever.
inline constexpr std::chrono::minutes kIdleInTransactionTimeout{5};

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// A statement parameter: a text, or SQL NULL.
using Param = std::optional<std::string>;

// Field `column` of row `row`, "" for NULL.
inline std::string_view text(const Result& result, int row, int column) {
    return {PQgetvalue(result.get(), row, column), static_cast<std::size_t>(PQgetlength(result.get(), row, column))};
}
inline bool is_null(const Result& result, int row, int column) { return PQgetisnull(result.get(), row, column) != 0; }
std::int64_t integer(const Result& result, int row, int column);

class Connection {
public:
    // Connects to `url` (a libpq URI, the scheme in any case; its credentials come from the URL,
    // PGPASSWORD, ~/.pgpass or a service file, as libpq finds them). `lock_timeout` is how long a
    // statement waits for a lock before it fails with StoreError(Locked). Throws
    // StoreError(Unreachable), or StoreError(Failed) for a URL libpq cannot read as it was meant.
    Connection(const std::string& url, std::chrono::milliseconds lock_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // The URL as libpq reads it, without password or parameters, for messages.
    const std::string& describe() const { return described_; }

    // Reconnects when the connection was lost by an earlier call (never inside a transaction).
    void revive();

    // Runs one statement; `what` says what it was for, in the message of the StoreError it throws.
    Result exec(std::string_view what, const char* sql, std::initializer_list<Param> params = {});

    // COPY ... FROM STDIN: `produce` appends rows (COPY's text format) to the buffer it is given
    // and returns false when there are no more; the buffer is sent whenever it grows large.
    void copy_in(std::string_view what, const char* sql, const std::function<bool(std::string&)>& produce);
    // COPY ... TO STDOUT: `consume` gets each row, in COPY's text format, without its newline.
    void copy_out(std::string_view what, const std::string& sql, const std::function<void(std::string_view)>& consume);

    // Throws the StoreError for a failed statement (or a lost connection).
    [[noreturn]] void fail(std::string_view what, const PGresult* result) const;

private:
    std::string scrub(std::string message) const;
    void set_up_session();

    PGconn* conn_ = nullptr;
    std::string described_;
    std::chrono::milliseconds lock_timeout_;
    std::vector<std::string> secrets_;  // the URL's password and its pieces, kept out of libpq's messages
};

// BEGIN ... COMMIT; rolled back when left without commit() (an exception). `begin` may carry
// options: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".
class Transaction {
public:
    explicit Transaction(Connection& conn, const char* begin = "BEGIN");
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Connection& conn_;
    bool open_ = true;
};

// COPY's text format: `value` appended with backslash, tab, newline and carriage return escaped.
void append_copy_text(std::string& out, std::string_view value);
// A bytea value in COPY's text format: \\x and the hex digits.
void append_copy_bytea(std::string& out, std::string_view bytes);

// One row of COPY's text format, split into fields and unescaped. A field's view stays valid until
// the next split.
class CopyRow {
public:
    // Returns false when the row does not have `fields` fields.
    bool split(std::string_view row, std::size_t fields);
    std::string_view operator[](std::size_t i) const { return fields_[i]; }
    bool is_null(std::size_t i) const { return nulls_[i]; }

private:
    std::vector<std::string_view> fields_;
    std::vector<bool> nulls_;
    std::string unescaped_;
};

// A bytea's text form (\x and hex digits) as bytes; nullopt when it is not one.
std::optional<std::string> bytea_from_hex(std::string_view text);

// A PostgreSQL array literal of texts: {"a","b\"c"}.
std::string text_array(std::span<const std::string> values);
// The elements of an array of texts as the server writes it (quoted only when needed).
std::vector<std::string> parse_text_array(std::string_view literal);

}  // namespace bomwatch::store::pg
