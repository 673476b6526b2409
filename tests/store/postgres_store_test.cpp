// What only the PostgreSQL back end does: a server that is not there or refuses the password,
// the schema shared by runners, writers racing over the network, a client killed in the middle of
// a COPY. The contract both back ends share is tested in store_test.cpp.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sbom/read.h"
#include "store/backends.h"
#include "store/document_rows.h"
#include "store/store.h"
#include "tests/store/test_stores.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::store {
namespace {

using test::Backend;
using test::FreshStore;
using testing::HasSubstr;
using testing::Not;
using Clock = std::chrono::steady_clock;

// A connection of the test's own, through libpq, to do what bomwatch would not.
class Raw {
public:
    explicit Raw(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) ADD_FAILURE() << PQerrorMessage(conn_);
    }
    ~Raw() { PQfinish(conn_); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;

    // Runs `sql`; returns the first column of each row.
    std::vector<std::string> exec(const std::string& sql) {
        PGresult* result = PQexec(conn_, sql.c_str());
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) ADD_FAILURE() << sql << ": " << PQresultErrorMessage(result);
        std::vector<std::string> rows;
        for (int row = 0; row < PQntuples(result); ++row) rows.emplace_back(PQgetvalue(result, row, 0));
        PQclear(result);
        return rows;
    }
    std::string one(const std::string& sql) {
        const auto rows = exec(sql);
        return rows.empty() ? "" : rows[0];
    }

private:
    PGconn* conn_;
};

// The test server's URL with `password` in it, for another database and port when given.
std::string url_with(const std::string& password, std::optional<int> port = std::nullopt) {
    std::string url = test::postgres_admin_url();  // postgresql://bomwatch@127.0.0.1:PORT/postgres
    const std::size_t at = url.find('@');
    url.insert(at, ":" + password);
    if (port) {
        const std::size_t colon = url.find(':', url.find('@'));
        const std::size_t slash = url.find('/', colon);
        url.replace(colon + 1, slash - colon - 1, std::to_string(*port));
    }
    return url;
}

// A port of 127.0.0.1 that nothing listens on: bound, then released.
int closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
}

// Sets an environment variable for one test and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_) setenv(name_, old_->c_str(), 1);
        else unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

StoreError::Kind kind_of_opening(const std::string& url, OpenMode mode, std::string& message) {
    try {
        open_store(url, mode);
    } catch (const StoreError& e) {
        message = e.what();
        return e.kind();
    }
    ADD_FAILURE() << url << " opened";
    return StoreError::Kind::Failed;
}

NewBuild new_build(const std::string& project, const std::string& branch) {
    NewBuild b;
    b.project = project;
    b.branch = branch;
    return b;
}

// A CycloneDX document with `count` components, each with a hash and a dependency on the next:
// big enough that recording it takes a while.
sbom::Document big_doc(const test::TempDir& dir, int count) {
    std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,)"
                       R"("metadata":{"component":{"type":"application","bom-ref":"app","name":"app","version":"1"}},)"
                       R"("components":[)";
    std::string dependencies;
    for (int i = 0; i < count; ++i) {
        const std::string name = "pkg-" + std::to_string(i);
        if (i > 0) json += ",";
        json += R"({"type":"library","bom-ref":")" + name + R"(","name":")" + name + R"(","version":"1.0.)" +
                std::to_string(i % 7) + R"(","purl":"pkg:npm/)" + name + "@1.0." + std::to_string(i % 7) +
                R"(","hashes":[{"alg":"SHA-256","content":")" + std::string(63, 'a') + std::to_string(i % 10) + "\"}]}";
        if (i + 1 < count) {
            if (!dependencies.empty()) dependencies += ",";
            dependencies += R"({"ref":")" + name + R"(","dependsOn":["pkg-)" + std::to_string(i + 1) + "\"]}";
        }
    }
    json += "],\"dependencies\":[" + dependencies + "]}";
    return sbom::read_sbom(dir.write("big.cdx.json", json));
}

TEST(PostgresStore, UnreachableServerIsReportedFastWithoutThePassword) {
    test::postgres_admin_url();  // the fixture's server runs: only the port below is closed
    const std::string url = url_with("s3cret-in-url", closed_port());
    const auto start = Clock::now();
    std::string message;
    EXPECT_EQ(kind_of_opening(url, OpenMode::CreateIfMissing, message), StoreError::Kind::Unreachable);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
    EXPECT_THAT(message, HasSubstr(redact(url)));
    EXPECT_THAT(message, HasSubstr("cannot connect to postgresql://bomwatch@127.0.0.1:"));
    EXPECT_THAT(message, Not(HasSubstr("s3cret-in-url")));
}

// A server that accepts the TCP connection and then says nothing: connect_timeout ends the wait
// (kConnectTimeout, unless the URL sets its own).
TEST(PostgresStore, SilentServerTimesOut) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(fd, 8), 0);
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    const std::string url = "postgresql://bomwatch@127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/postgres";

    std::string message;
    auto start = Clock::now();
    EXPECT_EQ(kind_of_opening(url + "?connect_timeout=2", OpenMode::MustExist, message), StoreError::Kind::Unreachable);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(6));
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(1500));

    start = Clock::now();
    EXPECT_EQ(kind_of_opening(url, OpenMode::MustExist, message), StoreError::Kind::Unreachable);
    EXPECT_GE(Clock::now() - start, kConnectTimeout - std::chrono::seconds(1));
    EXPECT_LT(Clock::now() - start, kConnectTimeout + std::chrono::seconds(5));
    EXPECT_THAT(message, HasSubstr(url));
    close(fd);
}

TEST(PostgresStore, WrongPasswordIsNotRepeated) {
    FreshStore fresh(Backend::Postgres);
    {
        ScopedEnv password("PGPASSWORD", "Wr0ng-PGPASSWORD-7f3a9c");
        std::string message;
        EXPECT_EQ(kind_of_opening(fresh.location(), OpenMode::CreateIfMissing, message), StoreError::Kind::Unreachable);
        EXPECT_THAT(message, HasSubstr(fresh.location()));
        EXPECT_THAT(message, HasSubstr("password authentication failed"));
        EXPECT_THAT(message, Not(HasSubstr("Wr0ng-PGPASSWORD-7f3a9c")));
    }
    // In the URL instead: shown as ***.
    const std::string url = url_with("Wr0ng-in-the-URL-5e1d");
    std::string message;
    EXPECT_EQ(kind_of_opening(url, OpenMode::CreateIfMissing, message), StoreError::Kind::Unreachable);
    EXPECT_THAT(message, HasSubstr(redact(url)));
    EXPECT_THAT(message, Not(HasSubstr("Wr0ng-in-the-URL-5e1d")));
    // The right one (PGPASSWORD, put back) works.
    EXPECT_NO_THROW(open_store(fresh.location(), OpenMode::CreateIfMissing));
}

// Passwords with '/', '@', '?' and '#', percent-encoded (libpq reads them, the server refuses
// them) and not (libpq would read a piece of them as the host or port: refused before connecting).
// Either way no piece of the password is in the message.
TEST(PostgresStore, PasswordsWithReservedCharactersAreNeverShown) {
    FreshStore fresh(Backend::Postgres);
    const std::vector<std::string> pieces = {"Wr0ng", "pa55", "w0rd", "l4st", "x9z"};
    const auto expect_hidden = [&](const std::string& message, const std::string& url) {
        for (const std::string& piece : pieces) EXPECT_THAT(message, Not(HasSubstr(piece))) << url;
    };
    for (const std::string& password : {std::string("Wr0ng%2Fpa55%40w0rd%3Fl4st%23x9z"), std::string("Wr0ng%40pa55")}) {
        const std::string url = url_with(password);
        std::string message;
        EXPECT_EQ(kind_of_opening(url, OpenMode::CreateIfMissing, message), StoreError::Kind::Unreachable) << message;
        EXPECT_THAT(message, HasSubstr("cannot connect to postgresql://bomwatch@127.0.0.1:"));
        EXPECT_THAT(message, HasSubstr("password authentication failed"));
        expect_hidden(message, url);
        expect_hidden(redact(url), url);
    }
    for (const std::string& password : {std::string("Wr0ng/pa55@w0rd?l4st#x9z"), std::string("Wr0ng@pa55"),
                                        std::string("Wr0ng/pa55"), std::string("Wr0ng?pa55@w0rd")}) {
        const std::string url = url_with(password);
        std::string message;
        const StoreError::Kind kind = kind_of_opening(url, OpenMode::CreateIfMissing, message);
        EXPECT_TRUE(kind == StoreError::Kind::Failed || kind == StoreError::Kind::Unreachable) << message;
        EXPECT_THAT(message, HasSubstr("postgresql://")) << message;
        expect_hidden(message, url);
        expect_hidden(redact(url), url);
    }
    // A URL libpq cannot read at all is not repeated either.
    std::string message;
    EXPECT_EQ(kind_of_opening(url_with("Wr0ng-pa55") + "?bogus=w0rd", OpenMode::CreateIfMissing, message),
              StoreError::Kind::Failed);
    EXPECT_THAT(message, testing::StartsWith("postgresql://(a URL libpq cannot read): "));
    EXPECT_THAT(message, HasSubstr("bogus"));
    expect_hidden(message, "");
}

TEST(PostgresStore, SchemeInAnyCase) {
    FreshStore fresh(Backend::Postgres);
    std::string url = fresh.location();
    ASSERT_TRUE(url.starts_with("postgresql://"));
    url.replace(0, 10, "PostgreSQL");
    auto store = open_store(url, OpenMode::CreateIfMissing);
    EXPECT_TRUE(store->describe().starts_with("postgresql://bomwatch@127.0.0.1:")) << store->describe();
    EXPECT_TRUE(store->projects().empty());
}

TEST(PostgresStore, DamagedRowsNameTheStore) {
    FreshStore fresh(Backend::Postgres);
    auto store = open_store(fresh.location(), OpenMode::CreateIfMissing);
    const Build build = store->record(new_build("shop", "main"), sbom::read_sbom(test::testdata("axios/before.cdx.json")));
    Raw(fresh.location()).exec("UPDATE components SET idx = 99999 WHERE idx = 0");
    try {
        store->load(build);
        ADD_FAILURE() << "a damaged build loaded";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::Corrupt);
        EXPECT_THAT(e.what(), testing::StartsWith(store->describe() + ": a recorded build is damaged")) << e.what();
    }
}

TEST(PostgresStore, TablesAndColumnsAreTheSharedSchema) {
    FreshStore fresh(Backend::Postgres);
    open_store(fresh.location(), OpenMode::CreateIfMissing);
    Raw raw(fresh.location());
    EXPECT_EQ(raw.one("SELECT version FROM bomwatch_schema"), std::to_string(kSchemaVersion));
    EXPECT_THAT(raw.exec("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                         " ORDER BY table_name"),
                testing::ElementsAre("alert_sent", "bomwatch_schema", "branches", "builds", "components", "edges", "hashes",
                                     "locations", "outbox"));
    std::vector<std::string> expected = {"build", "idx"};
    expected.insert(expected.end(), kComponentColumns.begin(), kComponentColumns.end());
    EXPECT_EQ(raw.exec("SELECT column_name FROM information_schema.columns WHERE table_name = 'components'"
                       " AND table_schema = current_schema() ORDER BY ordinal_position"),
              expected);
}

TEST(PostgresStore, RefusesAStoreOfANewerBomwatch) {
    FreshStore fresh(Backend::Postgres);
    open_store(fresh.location(), OpenMode::CreateIfMissing);
    Raw(fresh.location()).exec("UPDATE bomwatch_schema SET version = 3");
    for (const OpenMode mode : {OpenMode::CreateIfMissing, OpenMode::MustExist}) {
        std::string message;
        EXPECT_EQ(kind_of_opening(fresh.location(), mode, message), StoreError::Kind::NewerSchema);
        EXPECT_THAT(message, HasSubstr("written by a newer bomwatch (schema 3; this one knows 1)"));
        EXPECT_THAT(message, HasSubstr(fresh.location()));
    }
    EXPECT_EQ(Raw(fresh.location()).one("SELECT version FROM bomwatch_schema"), "3");
}

TEST(PostgresStore, EmptyDatabaseIsMissingUnlessCreated) {
    FreshStore fresh(Backend::Postgres);
    std::string message;
    EXPECT_EQ(kind_of_opening(fresh.location(), OpenMode::MustExist, message), StoreError::Kind::Missing);
    EXPECT_EQ(message, "no bomwatch history in " + fresh.location());
    Raw raw(fresh.location());
    EXPECT_EQ(raw.one("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), "0");  // nothing created
    open_store(fresh.location(), OpenMode::CreateIfMissing);
    EXPECT_NO_THROW(open_store(fresh.location(), OpenMode::MustExist));
}

TEST(PostgresStore, SharesADatabaseButNotOurTableNames) {
    FreshStore fresh(Backend::Postgres);
    Raw raw(fresh.location());
    raw.exec("CREATE TABLE invoices (id INTEGER)");
    auto store = open_store(fresh.location(), OpenMode::CreateIfMissing);
    EXPECT_EQ(raw.one("SELECT version FROM bomwatch_schema"), "1");
    store.reset();

    FreshStore other(Backend::Postgres);
    Raw(other.location()).exec("CREATE TABLE builds (id INTEGER)");
    for (const OpenMode mode : {OpenMode::CreateIfMissing, OpenMode::MustExist}) {
        std::string message;
        EXPECT_EQ(kind_of_opening(other.location(), mode, message), StoreError::Kind::Corrupt);
        EXPECT_THAT(message, HasSubstr("builds"));
    }
}

// Runners starting at once on a fresh database: the schema is made once, nobody fails.
TEST(PostgresStore, RunnersOpeningAFreshDatabaseAtOnce) {
    FreshStore fresh(Backend::Postgres);
    constexpr int kRunners = 6;
    std::vector<std::string> errors(kRunners);
    std::vector<std::thread> runners;
    for (int r = 0; r < kRunners; ++r)
        runners.emplace_back([&, r] {
            try {
                open_store(fresh.location(), OpenMode::CreateIfMissing);
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(r)] = e.what();
            }
        });
    for (auto& runner : runners) runner.join();
    for (const auto& e : errors) EXPECT_EQ(e, "");
    EXPECT_EQ(Raw(fresh.location()).one("SELECT count(*) FROM bomwatch_schema"), "1");
}

TEST(PostgresStore, ParallelRecordsOfOneProjectKeepTheirComparisons) {
    FreshStore fresh(Backend::Postgres);
    test::TempDir dir;
    const sbom::Document doc = big_doc(dir, 500);
    auto first = open_store(fresh.location(), OpenMode::CreateIfMissing);
    const Build base = first->record(new_build("shop", "main"), doc);

    constexpr int kRunners = 2, kEach = 4;
    std::vector<std::vector<Build>> recorded(kRunners);
    std::vector<std::string> errors(kRunners);
    std::vector<std::thread> runners;
    for (int r = 0; r < kRunners; ++r)
        runners.emplace_back([&, r] {
            try {
                auto store = open_store(fresh.location(), OpenMode::MustExist);
                for (int i = 0; i < kEach; ++i) {
                    NewBuild nb = new_build("shop", "main");
                    nb.label = "runner-" + std::to_string(r) + "-" + std::to_string(i);
                    nb.compared_with = base.id + 1000 * (r + 1) + i;  // a build that may be gone: kept as given
                    recorded[static_cast<std::size_t>(r)].push_back(store->record(nb, doc));
                }
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(r)] = e.what();
            }
        });
    for (auto& runner : runners) runner.join();
    for (const auto& e : errors) EXPECT_EQ(e, "");

    std::set<std::int64_t> numbers;
    for (int r = 0; r < kRunners; ++r)
        for (int i = 0; i < kEach; ++i) {
            const Build& b = recorded[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)];
            EXPECT_TRUE(numbers.insert(b.number).second) << "number " << b.number << " twice";
            EXPECT_EQ(b.compared_with, base.id + 1000 * (r + 1) + i);
        }
    EXPECT_EQ(numbers, (std::set<std::int64_t>{2, 3, 4, 5, 6, 7, 8, 9}));
    const auto all = first->builds("shop", "main", 0);
    ASSERT_EQ(all.size(), 1u + kRunners * kEach);
    for (const Build& b : all) {
        if (b.id == base.id) continue;
        const int r = b.label[7] - '0', i = b.label[9] - '0';
        EXPECT_EQ(b.compared_with, base.id + 1000 * (r + 1) + i) << b.label;
        EXPECT_EQ(first->load(b).components.size(), doc.components.size());
    }
}

TEST(PostgresStore, WriterHoldingTheBranchTooLongIsReported) {
    FreshStore fresh(Backend::Postgres);
    test::TempDir dir;
    const sbom::Document doc = big_doc(dir, 3);
    auto store = open_postgres_store(fresh.location(), OpenMode::CreateIfMissing, std::chrono::milliseconds(300));
    store->record(new_build("shop", "main"), doc);

    Raw other_writer(fresh.location());
    other_writer.exec("BEGIN");
    other_writer.exec("SELECT * FROM branches WHERE project = 'shop' FOR UPDATE");
    const auto start = Clock::now();
    try {
        store->record(new_build("shop", "main"), doc);
        ADD_FAILURE() << "recorded while another writer held the branch";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::Locked) << e.what();
        EXPECT_THAT(e.what(), HasSubstr("300 ms"));
    }
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
    // Another branch is not held up, and once the writer is done the branch goes on.
    EXPECT_EQ(store->record(new_build("shop", "dev"), doc).number, 1);
    other_writer.exec("COMMIT");
    EXPECT_EQ(store->record(new_build("shop", "main"), doc).number, 2);
}

// The server ends the session (a restart, a DBA): the next call fails as Unreachable, the one
// after it reconnects.
TEST(PostgresStore, LostConnectionIsReportedThenRestored) {
    FreshStore fresh(Backend::Postgres);
    auto store = open_store(fresh.location(), OpenMode::CreateIfMissing);
    Raw admin(fresh.location());
    EXPECT_EQ(admin.one("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND application_name = 'bomwatch'"),
              "1");
    try {
        store->waiting("");
        ADD_FAILURE() << "a dropped connection went unnoticed";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::Unreachable) << e.what();
        EXPECT_THAT(e.what(), HasSubstr(fresh.location()));
    }
    EXPECT_EQ(store->waiting(""), 0u);
}

// A runner killed while it sends a big build's rows: nothing of that build is visible, and the
// store goes on.
TEST(PostgresStore, ClientKilledInTheMiddleOfCopyLeavesNothing) {
    FreshStore fresh(Backend::Postgres);
    test::TempDir dir;
    const sbom::Document doc = big_doc(dir, 40'000);
    {
        auto store = open_store(fresh.location(), OpenMode::CreateIfMissing);
        store->record(new_build("shop", "main"), doc);
    }
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
        try {
            auto store = open_store(fresh.location(), OpenMode::MustExist);
            for (;;) store->record(new_build("shop", "main"), doc);
        } catch (...) {
        }
        _exit(3);
    }
    // Kill it once the server sees it copying components.
    Raw admin(fresh.location());
    bool copying = false;
    for (const auto deadline = Clock::now() + std::chrono::seconds(60); !copying && Clock::now() < deadline;)
        copying = admin.one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            " AND state = 'active' AND query LIKE 'COPY components%'") == "1";
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(copying) << "the writer was never seen copying";
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: status " << status;

    // The server ends the dead client's session (and its transaction) when it reads the EOF.
    for (const auto deadline = Clock::now() + std::chrono::seconds(30); Clock::now() < deadline;) {
        if (admin.one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                      " AND application_name = 'bomwatch'") == "0")
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto store = open_store(fresh.location(), OpenMode::MustExist);
    const auto builds = store->builds("shop", "main", 0);
    ASSERT_GE(builds.size(), 1u);
    for (std::size_t i = 0; i < builds.size(); ++i) {
        EXPECT_EQ(builds[i].number, static_cast<std::int64_t>(builds.size() - i));
        EXPECT_EQ(store->load(builds[i]).components.size(), doc.components.size());
    }
    EXPECT_EQ(admin.one("SELECT count(*) FROM components WHERE build NOT IN (SELECT id FROM builds)"), "0");
    EXPECT_EQ(admin.one("SELECT count(*) FROM hashes WHERE build NOT IN (SELECT id FROM builds)"), "0");
    EXPECT_EQ(admin.one("SELECT count(*) FROM edges WHERE build NOT IN (SELECT id FROM builds)"), "0");
    const Build next = store->record(new_build("shop", "main"), doc);
    EXPECT_EQ(next.number, static_cast<std::int64_t>(builds.size()) + 1);
}

}  // namespace
}  // namespace bomwatch::store
