#include "tests/store/test_stores.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace bomwatch::test {

namespace {

std::string first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line) || line.empty())
        throw std::runtime_error(path + " is missing: the PostgreSQL test server was not started (the postgres_start test, "
                                        "CTest fixture 'postgres', starts it)");
    return line;
}

// Runs one statement on the test server's admin database.
void admin(const std::string& sql) {
    PGconn* conn = PQconnectdb(postgres_admin_url().c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string error = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("cannot reach the PostgreSQL test server: " + error);
    }
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // "database ... does not exist, skipping"
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string error = ok ? "" : PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error(sql + ": " + error);
}

// The admin URL with another database.
std::string url_of_database(const std::string& database) {
    std::string url = postgres_admin_url();
    const std::size_t query = url.find('?');
    const std::size_t slash = url.rfind('/', query);
    return url.substr(0, slash + 1) + database + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

std::string postgres_admin_url() {
    const std::string dir = BOMWATCH_TEST_POSTGRES_DIR;
    ::setenv("PGPASSWORD", first_line(dir + "/password").c_str(), 1);
    return first_line(dir + "/url");
}

FreshStore::FreshStore(Backend backend) : backend_(backend) {
    if (backend == Backend::Sqlite) {
        location_ = (dir_.path() / "history.db").string();
        return;
    }
    static std::atomic<int> counter{0};
    database_ = "bomwatch_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin("DROP DATABASE IF EXISTS " + database_);
    admin("CREATE DATABASE " + database_);
    location_ = url_of_database(database_);
}

FreshStore::~FreshStore() {
    if (database_.empty()) return;
    try {
        admin("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (...) {
        // A database left behind is removed with the test server's folder.
    }
}

}  // namespace bomwatch::test
