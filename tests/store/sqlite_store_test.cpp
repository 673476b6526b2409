// What only the SQLite back end does: a file, its folder, the schema version kept in it, the lock
// another process holds. The contract both back ends share is tested in store_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "sbom/read.h"
#include "store/backends.h"
#include "store/document_rows.h"
#include "store/store.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::store {
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;

// A connection of the test's own, through the SQLite C API, to do what bomwatch would not.
class Raw {
public:
    explicit Raw(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) ADD_FAILURE() << sqlite3_errmsg(db_);
    }
    ~Raw() { sqlite3_close(db_); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;

    // Runs `sql`; returns the first column of each row, as text.
    std::vector<std::string> exec(const std::string& sql) {
        std::vector<std::string> rows;
        char* error = nullptr;
        const int rc = sqlite3_exec(
            db_, sql.c_str(),
            [](void* out, int, char** values, char**) {
                static_cast<std::vector<std::string>*>(out)->push_back(values[0] ? values[0] : "NULL");
                return 0;
            },
            &rows, &error);
        if (rc != SQLITE_OK) ADD_FAILURE() << sql << ": " << (error ? error : "?");
        sqlite3_free(error);
        return rows;
    }

private:
    sqlite3* db_ = nullptr;
};

// The StoreError opening `path` throws (kind and message); fails the test when there is none.
StoreError open_error(const std::string& path, OpenMode mode = OpenMode::CreateIfMissing) {
    try {
        open_sqlite_store(path, mode);
    } catch (const StoreError& e) {
        return e;
    }
    ADD_FAILURE() << "opening " << path << " did not fail";
    return StoreError(StoreError::Kind::Failed, "");
}

NewBuild new_build(const std::string& project) {
    NewBuild b;
    b.project = project;
    b.branch = "main";
    return b;
}

class SqliteStore : public testing::Test {
protected:
    std::string path(const std::string& name = "history.db") const { return (dir_.path() / name).string(); }
    test::TempDir dir_;
};

TEST_F(SqliteStore, TablesAndColumnsAreTheSharedSchema) {
    { open_sqlite_store(path(), OpenMode::CreateIfMissing); }
    Raw raw(path());
    EXPECT_EQ(raw.exec("SELECT version FROM bomwatch_schema"), std::vector<std::string>{std::to_string(kSchemaVersion)});
    std::vector<std::string> expected = {"build", "idx"};
    for (std::string_view column : kComponentColumns) expected.emplace_back(column);
    EXPECT_EQ(raw.exec("SELECT name FROM pragma_table_info('components') ORDER BY cid"), expected);
    EXPECT_EQ(raw.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
              (std::vector<std::string>{"alert_sent", "bomwatch_schema", "branches", "builds", "components", "edges", "hashes",
                                        "locations", "outbox"}));
    EXPECT_EQ(raw.exec("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
    EXPECT_EQ(raw.exec("PRAGMA auto_vacuum"), std::vector<std::string>{"2"});  // incremental
}

TEST_F(SqliteStore, RefusesAStoreOfANewerBomwatch) {
    { open_sqlite_store(path(), OpenMode::CreateIfMissing); }
    { Raw(path()).exec("UPDATE bomwatch_schema SET version = 3"); }
    for (const OpenMode mode : {OpenMode::CreateIfMissing, OpenMode::MustExist}) {
        const StoreError e = open_error(path(), mode);
        EXPECT_EQ(e.kind(), StoreError::Kind::NewerSchema);
        EXPECT_THAT(e.what(), HasSubstr(path()));
        EXPECT_THAT(e.what(), HasSubstr("written by a newer bomwatch (schema 3; this one knows 1)"));
    }
    EXPECT_EQ(Raw(path()).exec("SELECT version FROM bomwatch_schema"), std::vector<std::string>{"3"});  // untouched
}

TEST_F(SqliteStore, RefusesASqliteDatabaseThatIsNotAStore) {
    { Raw(path()).exec("CREATE TABLE songs(title TEXT)"); }
    const StoreError e = open_error(path());
    EXPECT_EQ(e.kind(), StoreError::Kind::Corrupt);
    EXPECT_EQ(std::string(e.what()), path() + " is a SQLite database but not a bomwatch store");
    Raw raw(path());
    EXPECT_EQ(raw.exec("SELECT name FROM sqlite_master WHERE type = 'table'"), std::vector<std::string>{"songs"});
    EXPECT_EQ(raw.exec("PRAGMA journal_mode"), std::vector<std::string>{"delete"});  // left as it was
}

TEST_F(SqliteStore, RefusesAFileThatIsNotSqlite) {
    for (const std::string& content : {std::string("{\"bomFormat\": \"CycloneDX\"}\n"), std::string(10000, 'x')}) {
        const std::string file = dir_.write("history.db", content);
        for (const OpenMode mode : {OpenMode::CreateIfMissing, OpenMode::MustExist}) {
            const StoreError e = open_error(file, mode);
            EXPECT_EQ(e.kind(), StoreError::Kind::Corrupt) << e.what();
            EXPECT_THAT(e.what(), HasSubstr(file + " is not a bomwatch store"));
        }
        EXPECT_EQ(test::read_file(file), content);  // untouched
    }
}

TEST_F(SqliteStore, RefusesADamagedStore) {
    {
        auto store = open_sqlite_store(path(), OpenMode::CreateIfMissing);
        store->record(new_build("shop"), sbom::read_sbom(test::testdata("axios/before.cdx.json")));
    }
    // The header's page size and counters overwritten: SQLite cannot make sense of the file.
    std::string bytes = test::read_file(path());
    ASSERT_GT(bytes.size(), 4096u);
    for (std::size_t i = 16; i < 100; ++i) bytes[i] = '\xff';
    test::write_file(path(), bytes);
    const StoreError e = open_error(path(), OpenMode::MustExist);
    EXPECT_EQ(e.kind(), StoreError::Kind::Corrupt) << e.what();
    EXPECT_THAT(e.what(), HasSubstr(path()));
}

TEST_F(SqliteStore, MissingStoreIsNotCreatedWhenItMustExist) {
    const StoreError e = open_error(path(), OpenMode::MustExist);
    EXPECT_EQ(e.kind(), StoreError::Kind::Missing);
    EXPECT_EQ(std::string(e.what()), "no history at " + path() + "; `bomwatch check` or `bomwatch record` creates it");
    EXPECT_TRUE(fs::is_empty(dir_.path()));  // no file, no -wal, no -shm
}

TEST_F(SqliteStore, MissingFolderIsAnErrorUnlessItIsTheDefaultOne) {
    const std::string nested = (dir_.path() / "nope" / "history.db").string();
    const StoreError e = open_error(nested);
    EXPECT_EQ(e.kind(), StoreError::Kind::Missing);
    EXPECT_THAT(e.what(), HasSubstr((dir_.path() / "nope").string()));
    EXPECT_FALSE(fs::exists(dir_.path() / "nope"));

    // The default location, relative to the working folder, is made with its folder.
    const fs::path before = fs::current_path();
    fs::current_path(dir_.path());
    try {
        auto store = open_sqlite_store(".bomwatch/history.db", OpenMode::CreateIfMissing);
        store->record(new_build("shop"), sbom::read_sbom(test::testdata("axios/before.cdx.json")));
    } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
    }
    fs::current_path(before);
    EXPECT_TRUE(fs::exists(dir_.path() / ".bomwatch" / "history.db"));
    // Not any other path ending in it.
    EXPECT_EQ(open_error((dir_.path() / "other" / ".bomwatch" / "history.db").string()).kind(), StoreError::Kind::Missing);
}

TEST_F(SqliteStore, WriterThatKeepsTheLockTooLongIsReported) {
    auto store = open_sqlite_store(path(), OpenMode::CreateIfMissing, std::chrono::milliseconds(300));
    const sbom::Document doc = sbom::read_sbom(test::testdata("axios/before.cdx.json"));
    store->record(new_build("shop"), doc);
    Raw other(path());
    other.exec("BEGIN EXCLUSIVE; INSERT INTO branches VALUES('x', 'y', 1)");
    const auto start = std::chrono::steady_clock::now();
    try {
        store->record(new_build("shop"), doc);
        ADD_FAILURE() << "recorded while another connection held the lock";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::Locked);
        EXPECT_THAT(e.what(), HasSubstr(path()));
        EXPECT_THAT(e.what(), HasSubstr("another bomwatch is writing"));
    }
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));  // it waited first
    // Readers do not wait for the writer (WAL).
    EXPECT_EQ(store->builds("shop", "", 0).size(), 1u);
    other.exec("ROLLBACK");
    EXPECT_EQ(store->record(new_build("shop"), doc).number, 2);
}

TEST_F(SqliteStore, MigratesAnOlderSchema) {
    // The only version before 1 is 0, "no tables yet": a file with its version row at 0 (as a
    // bomwatch killed before its first migration committed would never leave, but a hand-made
    // one can) gets every step, and its one version row is raised.
    { Raw(path()).exec("CREATE TABLE bomwatch_schema(version INTEGER NOT NULL); INSERT INTO bomwatch_schema VALUES(0)"); }
    {
        auto store = open_sqlite_store(path(), OpenMode::MustExist);
        EXPECT_EQ(store->record(new_build("shop"), sbom::read_sbom(test::testdata("axios/before.cdx.json"))).number, 1);
    }
    EXPECT_EQ(Raw(path()).exec("SELECT version FROM bomwatch_schema"), std::vector<std::string>{std::to_string(kSchemaVersion)});
    // An empty file (touched by hand) becomes a store.
    const std::string empty = dir_.write("empty.db", "");
    auto store = open_sqlite_store(empty, OpenMode::MustExist);
    EXPECT_TRUE(store->projects().empty());
    EXPECT_EQ(Raw(empty).exec("SELECT version FROM bomwatch_schema"), std::vector<std::string>{std::to_string(kSchemaVersion)});
}

TEST_F(SqliteStore, PruneGivesTheSpaceBack) {
    auto store = open_sqlite_store(path(), OpenMode::CreateIfMissing);
    const sbom::Document doc = sbom::read_sbom(test::corpus("cyclonedx-json/bom-examples_keycloak-10.0.2.json"));
    for (int i = 0; i < 4; ++i) store->record(new_build("shop"), doc);
    Raw raw(path());
    const auto pages_before = std::stoll(raw.exec("PRAGMA page_count")[0]);
    EXPECT_EQ(store->prune(1, ""), 3u);
    EXPECT_EQ(raw.exec("PRAGMA freelist_count"), std::vector<std::string>{"0"});
    const auto pages_after = std::stoll(raw.exec("PRAGMA page_count")[0]);
    EXPECT_LT(pages_after * 2, pages_before) << pages_before << " pages before, " << pages_after << " after";
    for (const char* table : {"components", "hashes", "locations", "edges"})
        EXPECT_EQ(raw.exec(std::string("SELECT count(*) FROM ") + table + " WHERE build <> (SELECT max(id) FROM builds)"),
                  std::vector<std::string>{"0"})
            << table;
}

TEST_F(SqliteStore, FolderIsNotAStore) {
    fs::create_directory(path("history"));
    for (const OpenMode mode : {OpenMode::CreateIfMissing, OpenMode::MustExist}) {
        const StoreError e = open_error(path("history"), mode);
        EXPECT_EQ(e.kind(), StoreError::Kind::Failed);
        EXPECT_EQ(std::string(e.what()),
                  path("history") + " is a folder; give a file, such as " + (fs::path(path("history")) / "history.db").string());
    }
    EXPECT_TRUE(fs::is_empty(path("history")));
}

// A file bomwatch may not write is refused when it is opened to record, not after the diff. Root
// ignores file permissions, so as root the open runs in a child that gave them up (nobody).
TEST_F(SqliteStore, ReadOnlyStoreIsRefusedAtOnce) {
    { open_sqlite_store(path(), OpenMode::CreateIfMissing)->record(new_build("shop"), sbom::read_sbom(test::testdata("axios/before.cdx.json"))); }
    fs::permissions(path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string expected = path() + " is read-only: bomwatch needs to write to the history to record builds";
    if (geteuid() != 0) {
        const StoreError e = open_error(path(), OpenMode::CreateIfMissing);
        EXPECT_EQ(e.kind(), StoreError::Kind::Failed);
        EXPECT_EQ(std::string(e.what()), expected);
    } else {
        // nobody must reach the file: the folder is opened to all (it is removed with the test).
        fs::permissions(dir_.path(), fs::perms::all);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
            try {
                open_sqlite_store(path(), OpenMode::CreateIfMissing);
            } catch (const StoreError& e) {
                _exit(e.kind() == StoreError::Kind::Failed && std::string(e.what()) == expected ? 0 : 3);
            }
            _exit(4);
        }
        int status = 0;
        waitpid(child, &status, 0);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 0) << "2: could not become nobody, 3: another error, 4: opened";
    }
    fs::permissions(path(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(SqliteStore, DamagedRowsNameTheStore) {
    Build build;
    {
        auto store = open_sqlite_store(path(), OpenMode::CreateIfMissing);
        build = store->record(new_build("shop"), sbom::read_sbom(test::testdata("axios/before.cdx.json")));
    }
    Raw(path()).exec("UPDATE components SET idx = 99999 WHERE idx = 0");
    auto store = open_sqlite_store(path(), OpenMode::MustExist);
    try {
        store->load(build);
        ADD_FAILURE() << "a damaged build loaded";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::Corrupt);
        EXPECT_THAT(e.what(), testing::StartsWith(path() + ": a recorded build is damaged"));
    }
}

TEST_F(SqliteStore, PruneThatFreesPagesCommitsOnce) {
    auto store = open_sqlite_store(path(), OpenMode::CreateIfMissing);
    const sbom::Document doc = sbom::read_sbom(test::testdata("axios/before.cdx.json"));
    for (int i = 0; i < 3; ++i) store->record(new_build("shop"), doc);
    EXPECT_EQ(store->prune(1, ""), 2u);
    EXPECT_EQ(store->builds("shop", "", 0).size(), 1u);
    EXPECT_EQ(Raw(path()).exec("PRAGMA freelist_count"), std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace bomwatch::store
