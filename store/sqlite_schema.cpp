// The SQLite store's schema: the steps that make it, one per version, and what opening a file
// does about the version it finds. PostgreSQL (postgres_store.cpp) keeps the same tables and
// columns with its own types, and the same bomwatch_schema table.
#include <array>
#include <string>
#include <vector>

#include "store/sqlite_store.h"

namespace bomwatch::store::sqlite {

namespace {

// Step N makes version N from version N-1; version 1 is the first schema. A new version appends
// a step (never edits one that was released) and raises kSchemaVersion. The bookkeeping table
// bomwatch_schema(version) is not part of any step: it is made before the first one.
//
// Component indices (idx, component, from_idx, to_idx, parent, root) are positions in the
// document's component list. Build ids only grow (AUTOINCREMENT: an id is never reused after a
// prune), so every index below that starts with the build appends at its end when a build is
// recorded. compared_with has no foreign key: the build compared with may be pruned since.
constexpr std::array<const char*, 1> kSteps = {
    // 1: the initial schema.
    "CREATE TABLE branches("
    "  project TEXT NOT NULL, branch TEXT NOT NULL,"
    "  next_number INTEGER NOT NULL,"  // the number the next build of project/branch gets
    "  PRIMARY KEY(project, branch)"
    ") WITHOUT ROWID;"
    "CREATE TABLE builds("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  project TEXT NOT NULL, branch TEXT NOT NULL, number INTEGER NOT NULL,"
    "  label TEXT NOT NULL, recorded_at TEXT NOT NULL,"
    "  source TEXT NOT NULL, format TEXT NOT NULL, spec_version TEXT NOT NULL,"
    "  root INTEGER NOT NULL,"  // -1: none
    "  root_name TEXT NOT NULL, root_version TEXT NOT NULL,"
    "  components INTEGER NOT NULL,"
    "  good INTEGER NOT NULL,"
    "  compared_with INTEGER,"
    "  findings_info INTEGER NOT NULL, findings_low INTEGER NOT NULL, findings_medium INTEGER NOT NULL,"
    "  findings_high INTEGER NOT NULL, findings_critical INTEGER NOT NULL,"
    "  UNIQUE(project, branch, number)"
    ");"
    // The columns after (build, idx) are store/document_rows.h's kComponentColumns, in order.
    "CREATE TABLE components("
    "  build INTEGER NOT NULL, idx INTEGER NOT NULL,"
    "  purl TEXT NOT NULL, ecosystem TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,"
    "  version TEXT NOT NULL, type TEXT NOT NULL, identity TEXT NOT NULL,"
    "  license TEXT NOT NULL, license_is_name INTEGER NOT NULL,"
    "  supplier TEXT NOT NULL, publisher TEXT NOT NULL, originator TEXT NOT NULL,"
    "  download TEXT NOT NULL, vcs TEXT NOT NULL, repository TEXT NOT NULL, scope TEXT NOT NULL,"
    "  parent INTEGER,"  // NULL: none
    "  PRIMARY KEY(build, idx)"
    ") WITHOUT ROWID;"
    "CREATE INDEX components_by_identity ON components(identity, build);"
    "CREATE TABLE hashes("
    "  build INTEGER NOT NULL, component INTEGER NOT NULL,"
    "  algorithm TEXT NOT NULL,"  // sbom::hash_algorithm_name
    "  digest BLOB NOT NULL"      // the digest's bytes
    ");"
    "CREATE INDEX hashes_by_build ON hashes(build, component);"
    "CREATE TABLE locations("
    "  build INTEGER NOT NULL, component INTEGER NOT NULL, location TEXT NOT NULL"
    ");"
    "CREATE INDEX locations_by_build ON locations(build, component);"
    "CREATE TABLE edges("
    "  build INTEGER NOT NULL, from_idx INTEGER NOT NULL, to_idx INTEGER NOT NULL,"
    "  PRIMARY KEY(build, from_idx, to_idx)"
    ") WITHOUT ROWID;"
    "CREATE TABLE alert_sent("
    "  sink TEXT NOT NULL, project TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    "  sent_at TEXT NOT NULL,"
    "  PRIMARY KEY(sink, project, fingerprint)"
    ") WITHOUT ROWID;"
    "CREATE TABLE outbox("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  sink TEXT NOT NULL, project TEXT NOT NULL, branch TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  fingerprints TEXT NOT NULL,"  // one a line
    "  created_at TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL, last_error TEXT NOT NULL,"
    "  claimed_until INTEGER"  // unix seconds; NULL or past: waiting
    ");",
};
static_assert(kSteps.size() == kSchemaVersion, "one migration step per schema version");

constexpr std::string_view kOpening = "opening the history";

// The version of the schema in the file: 0 for an empty file; Corrupt for a SQLite database
// that is not a bomwatch store.
int version_of(Connection& db) {
    bool any_table = false, schema_table = false;
    {
        Query q(db, "SELECT name FROM sqlite_master WHERE type = 'table'", kOpening);
        while (q.step()) {
            any_table = true;
            schema_table = schema_table || q.column_text(0) == "bomwatch_schema";
        }
    }
    if (!any_table) return 0;
    if (!schema_table)
        throw StoreError(StoreError::Kind::Corrupt, db.path() + " is a SQLite database but not a bomwatch store");
    std::vector<std::int64_t> versions;
    {
        Query q(db, "SELECT version FROM bomwatch_schema", kOpening);
        while (q.step()) versions.push_back(q.column_int(0));
    }
    if (versions.size() != 1 || versions[0] < 0 || versions[0] > 1'000'000)
        throw StoreError(StoreError::Kind::Corrupt,
                         db.path() + " is a damaged bomwatch store: its schema version is missing or unreadable");
    return static_cast<int>(versions[0]);
}

void refuse_newer(const Connection& db, int version) {
    if (version > kSchemaVersion)
        throw StoreError(StoreError::Kind::NewerSchema,
                         db.path() + " was written by a newer bomwatch (schema " + std::to_string(version) +
                             "; this one knows " + std::to_string(kSchemaVersion) +
                             "); use that bomwatch or a newer one with this history");
}

// Applies the missing steps in one transaction: all of them or none.
void migrate(Connection& db) {
    const std::string_view doing = "creating or upgrading the history's tables";
    Transaction tx(db, doing);
    // Another process may have made or migrated it while this one waited for the lock.
    const int version = version_of(db);
    refuse_newer(db, version);
    if (version == kSchemaVersion) return;
    db.exec("CREATE TABLE IF NOT EXISTS bomwatch_schema(version INTEGER NOT NULL)", doing);
    for (int step = version + 1; step <= kSchemaVersion; ++step) db.exec(kSteps[static_cast<std::size_t>(step - 1)], doing);
    db.exec(("DELETE FROM bomwatch_schema; INSERT INTO bomwatch_schema(version) VALUES(" +
             std::to_string(kSchemaVersion) + ")").c_str(),
            doing);
    tx.commit();
}

}  // namespace

void open_schema(Connection& db) {
    // Reading the list of tables is the first read of the file: a file that is not SQLite, or a
    // damaged one, fails here (SQLITE_NOTADB, SQLITE_CORRUPT: Corrupt, naming the file).
    const int version = version_of(db);
    refuse_newer(db, version);
    if (version == 0) {
        // Only possible before the first table exists: prune gives freed pages back with
        // PRAGMA incremental_vacuum.
        db.exec("PRAGMA auto_vacuum = INCREMENTAL", kOpening);
    }
    // WAL: readers (history, a check's load) never wait for a writer, and a writer's commit is
    // one append to the log. The mode is kept in the file; setting it again is a no-op.
    db.exec("PRAGMA journal_mode = WAL", kOpening);
    // With WAL, NORMAL syncs at checkpoints, not at every commit: a commit is still atomic and the
    // file never damaged, whatever is killed when; only a power cut (not a killed process) may
    // lose the last commits before it, leaving the previous complete builds. A CI history can
    // afford that; an fsync per record it does not need.
    db.exec("PRAGMA synchronous = NORMAL", kOpening);
    // Room for a large build's pages (negative: in KiB): a 100k-component record and its indexes
    // stay in memory until the commit writes them once.
    db.exec("PRAGMA cache_size = -65536", kOpening);
    db.exec("PRAGMA temp_store = MEMORY", kOpening);
    if (version < kSchemaVersion) migrate(db);
}

}  // namespace bomwatch::store::sqlite
