// The SQLite back end's own pieces, shared by sqlite_store.cpp (the Store) and sqlite_schema.cpp
// (the schema and its migrations): small RAII wrappers around the SQLite C API, and its errors as
// StoreErrors that name the file and say what happened.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "store/store.h"

namespace bomwatch::store::sqlite {

// What went wrong, in plain words, with SQLite's own message after them. `doing` says what
// bomwatch was doing ("recording a build").
StoreError error_of(const std::string& path, int rc, std::string_view doing, std::string_view detail,
                    std::chrono::milliseconds lock_timeout);

// A prepared statement, finalised on destruction.
class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
    Statement& operator=(Statement&&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }
    sqlite3_stmt* get() const { return stmt_; }

private:
    sqlite3_stmt* stmt_;
};

// One connection to the file, with the statements it prepared (each once, kept for reuse).
class Connection {
public:
    Connection(std::string path, int flags, std::chrono::milliseconds lock_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* get() const { return db_; }
    const std::string& path() const { return path_; }
    std::chrono::milliseconds lock_timeout() const { return lock_timeout_; }

    // Throws the StoreError for `rc`.
    [[noreturn]] void fail(int rc, std::string_view doing) const;
    // Runs SQL without results (one or more statements).
    void exec(const char* sql, std::string_view doing);
    // The prepared statement for `sql`, a string constant: kept by its address.
    Statement& statement(const char* sql, std::string_view doing);

private:
    std::string path_;
    std::chrono::milliseconds lock_timeout_;
    sqlite3* db_ = nullptr;
    std::map<const char*, Statement> statements_;
};

// One use of a kept statement: binds, steps, reads columns; resets the statement when done.
// Texts are bound without a copy (SQLITE_STATIC): they must outlive the step.
class Query {
public:
    Query(Connection& connection, const char* sql, std::string_view doing);
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& text(int index, std::string_view value);
    Query& blob(int index, std::string_view value);
    Query& integer(int index, std::int64_t value);
    Query& null(int index);

    // The next row: true when there is one.
    bool step();
    // Steps to the end and resets, ready for the next bindings (the bindings stay).
    void run();

    std::int64_t column_int(int index) const { return sqlite3_column_int64(stmt_, index); }
    bool column_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }
    // Valid until the next step.
    std::string_view column_text(int index) const;
    std::string_view column_blob(int index) const;

private:
    Connection& connection_;
    sqlite3_stmt* stmt_;
    std::string_view doing_;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back when left without commit().
class Transaction {
public:
    Transaction(Connection& connection, std::string_view doing);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& connection_;
    std::string_view doing_;
    bool done_ = false;
};

// Checks that the file is a bomwatch store (or empty), refuses a newer schema, creates or
// migrates the schema, and sets the connection up (sqlite_schema.cpp).
void open_schema(Connection& connection);

std::unique_ptr<Store> make_store(std::unique_ptr<Connection> connection);

}  // namespace bomwatch::store::sqlite
