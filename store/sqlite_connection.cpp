// The SQLite back end's connection: RAII wrappers around the SQLite C API (the connection, its
// kept statements, one use of a statement, a write transaction) and SQLite's errors as StoreErrors
// that name the file. The Store methods are in sqlite_store.cpp, the schema in sqlite_schema.cpp.
#include <string>
#include <utility>

#include "store/sqlite_store.h"

namespace bomwatch::store::sqlite {

// --- Errors ---

StoreError error_of(const std::string& path, int rc, std::string_view doing, std::string_view detail,
                    std::chrono::milliseconds lock_timeout) {
    const std::string sqlite_says = detail.empty() ? "" : " (SQLite: " + std::string(detail) + ")";
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {StoreError::Kind::Locked,
                path + ": another bomwatch is writing to this store and held its lock for more than " +
                    (lock_timeout.count() % 1000 == 0 ? std::to_string(lock_timeout.count() / 1000) + " s"
                                                      : std::to_string(lock_timeout.count()) + " ms") +
                    ", so " + std::string(doing) + " gave up; try again when it is done" + sqlite_says};
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return {StoreError::Kind::Corrupt,
                path + " is not a bomwatch store: it is not a SQLite database, or a damaged one (found while " +
                    std::string(doing) + ")" + sqlite_says};
    case SQLITE_FULL:
        return {StoreError::Kind::Failed, path + ": the disk is full (while " + std::string(doing) + ")" + sqlite_says};
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return {StoreError::Kind::Failed,
                path + ": bomwatch may not write to it (while " + std::string(doing) + ")" + sqlite_says};
    case SQLITE_CANTOPEN:
        return {StoreError::Kind::Failed, path + ": cannot open the file (while " + std::string(doing) + ")" + sqlite_says};
    case SQLITE_IOERR:
        return {StoreError::Kind::Failed,
                path + ": reading or writing the file failed (while " + std::string(doing) + ")" + sqlite_says};
    case SQLITE_NOMEM:
        return {StoreError::Kind::Failed, path + ": out of memory while " + std::string(doing) + sqlite_says};
    default:
        return {StoreError::Kind::Failed, path + ": the database failed while " + std::string(doing) + sqlite_says};
    }
}

// --- Connection ---

Connection::Connection(std::string path, int flags, std::chrono::milliseconds lock_timeout)
    : path_(std::move(path)), lock_timeout_(lock_timeout) {
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw error_of(path_, rc, "opening it", detail, lock_timeout_);
    }
    sqlite3_busy_timeout(db_, static_cast<int>(lock_timeout_.count()));
}

Connection::~Connection() {
    statements_.clear();  // finalised before the connection closes
    sqlite3_close_v2(db_);
}

void Connection::fail(int rc, std::string_view doing) const {
    throw error_of(path_, rc, doing, sqlite3_errmsg(db_), lock_timeout_);
}

void Connection::exec(const char* sql, std::string_view doing) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, doing);
}

Statement& Connection::statement(const char* sql, std::string_view doing) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return found->second;
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) fail(rc, doing);
    return statements_.emplace(sql, Statement(raw)).first->second;
}

Query::Query(Connection& connection, const char* sql, std::string_view doing)
    : connection_(connection), stmt_(connection.statement(sql, doing).get()), doing_(doing) {}

Query::~Query() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Query& Query::text(int index, std::string_view value) {
    // A null pointer would bind SQL NULL: "" stays "".
    sqlite3_bind_text(stmt_, index, value.empty() ? "" : value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
}

Query& Query::blob(int index, std::string_view value) {
    sqlite3_bind_blob(stmt_, index, value.empty() ? "" : value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
}

Query& Query::integer(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Query& Query::null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Query::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    connection_.fail(rc, doing_);
}

void Query::run() {
    while (step()) {
    }
    sqlite3_reset(stmt_);
}

std::string_view Query::column_text(int index) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string_view();
}

std::string_view Query::column_blob(int index) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string_view();
}

Transaction::Transaction(Connection& connection, std::string_view doing) : connection_(connection), doing_(doing) {
    // IMMEDIATE: the write lock is taken now (waiting up to the busy timeout), not when the first
    // write comes. A deferred transaction that starts reading and then writes cannot wait for the
    // lock in WAL mode: it would fail at once with SQLITE_BUSY_SNAPSHOT.
    connection_.exec("BEGIN IMMEDIATE", doing_);
}

Transaction::~Transaction() {
    if (!done_) sqlite3_exec(connection_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    connection_.exec("COMMIT", doing_);
    done_ = true;
}
}  // namespace bomwatch::store::sqlite
