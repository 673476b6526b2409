#include "store/postgres_schema.h"

#include <string>

namespace bomwatch::store::pg {

namespace {

// The tables bomwatch owns. A shared database may hold any others.
constexpr const char* kTables = "{bomwatch_schema,builds,branches,components,hashes,locations,edges,alert_sent,outbox}";

// pg_advisory_xact_lock's key for schema changes: "bomwatch" in ASCII.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7093010312546595432)";

// Version 1: the initial schema. Component columns follow store/document_rows.h
// (kComponentColumns). No foreign keys: checking one per row would slow a 100k-component record
// several times over, and prune deletes a build's rows itself. compared_with may name a build
// that was pruned since. Every index starts with the build, so a record appends to its end and
// stays as fast with a long history as with none; an index on components' identity (for
// timeline) would take a random page per component and cost a third of a record's time: timeline
// reads the components of the project's builds instead.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE bomwatch_schema (version INTEGER NOT NULL);
CREATE TABLE builds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project TEXT NOT NULL,
    branch TEXT NOT NULL,
    number BIGINT NOT NULL,
    label TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    root BIGINT NOT NULL,
    root_name TEXT NOT NULL,
    root_version TEXT NOT NULL,
    components BIGINT NOT NULL,
    good BOOLEAN NOT NULL,
    compared_with BIGINT,
    findings_info INTEGER NOT NULL,
    findings_low INTEGER NOT NULL,
    findings_medium INTEGER NOT NULL,
    findings_high INTEGER NOT NULL,
    findings_critical INTEGER NOT NULL,
    UNIQUE (project, branch, number)
);
CREATE TABLE branches (
    project TEXT NOT NULL,
    branch TEXT NOT NULL,
    next_number BIGINT NOT NULL,
    PRIMARY KEY (project, branch)
);
CREATE TABLE components (
    build BIGINT NOT NULL,
    idx INTEGER NOT NULL,
    purl TEXT NOT NULL,
    ecosystem TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,
    identity TEXT NOT NULL,
    license TEXT NOT NULL,
    license_is_name BOOLEAN NOT NULL,
    supplier TEXT NOT NULL,
    publisher TEXT NOT NULL,
    originator TEXT NOT NULL,
    download TEXT NOT NULL,
    vcs TEXT NOT NULL,
    repository TEXT NOT NULL,
    scope TEXT NOT NULL,
    parent INTEGER,
    PRIMARY KEY (build, idx)
);
CREATE TABLE hashes (
    build BIGINT NOT NULL,
    component INTEGER NOT NULL,
    algorithm TEXT NOT NULL,
    digest BYTEA NOT NULL
);
CREATE INDEX hashes_build ON hashes (build, component);
CREATE TABLE locations (
    build BIGINT NOT NULL,
    component INTEGER NOT NULL,
    location TEXT NOT NULL
);
CREATE INDEX locations_build ON locations (build, component);
CREATE TABLE edges (
    build BIGINT NOT NULL,
    from_idx INTEGER NOT NULL,
    to_idx INTEGER NOT NULL
);
CREATE INDEX edges_build ON edges (build);
CREATE TABLE alert_sent (
    sink TEXT NOT NULL,
    project TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sink, project, fingerprint)
);
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sink TEXT NOT NULL,
    project TEXT NOT NULL,
    branch TEXT NOT NULL,
    payload TEXT NOT NULL,
    fingerprints TEXT[] NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    claimed_until TIMESTAMPTZ
);
INSERT INTO bomwatch_schema (version) VALUES (0);
)sql";

// kMigrations[v] takes the schema from version v to v + 1.
constexpr const char* kMigrations[] = {kVersion1};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

// The schema version of the database: 0 when it has none of bomwatch's tables (StoreError Missing
// if it must exist). Refuses a newer schema and a database whose tables only look like ours.
int version_of(Connection& conn, OpenMode mode) {
    const Result present = conn.exec("looking for bomwatch's tables",
                                     // From the catalog, not to_regclass: after waiting for the schema lock this session
                                     // must see the tables another one made meanwhile, which its
                                     // cached (negative) lookups would not show.
                                     "SELECT name FROM unnest($1::text[]) AS name WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
                                     " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                                     " WHERE c.relname = name AND n.nspname = ANY (current_schemas(false)))",
                                     {kTables});
    bool has_schema = false;
    std::string others;
    for (int row = 0; row < PQntuples(present.get()); ++row) {
        const std::string_view name = text(present, row, 0);
        if (name == "bomwatch_schema") has_schema = true;
        else others += (others.empty() ? "" : ", ") + std::string(name);
    }
    if (!has_schema) {
        if (!others.empty())
            throw StoreError(StoreError::Kind::Corrupt, conn.describe() + ": not a bomwatch store: it has tables named like "
                                                                          "bomwatch's (" + others + ") but no bomwatch_schema");
        if (mode == OpenMode::MustExist) throw StoreError(StoreError::Kind::Missing, "no bomwatch history in " + conn.describe());
        return 0;
    }
    const Result rows = conn.exec("reading the schema version", "SELECT version FROM bomwatch_schema");
    if (PQntuples(rows.get()) != 1)
        throw StoreError(StoreError::Kind::Corrupt, conn.describe() + ": bomwatch_schema has " +
                                                        std::to_string(PQntuples(rows.get())) + " rows, not one");
    const int version = static_cast<int>(integer(rows, 0, 0));
    if (version > kSchemaVersion)
        throw StoreError(StoreError::Kind::NewerSchema,
                         conn.describe() + ": written by a newer bomwatch (schema " + std::to_string(version) +
                             "; this one knows " + std::to_string(kSchemaVersion) + ")");
    if (version < 1)
        throw StoreError(StoreError::Kind::Corrupt, conn.describe() + ": unknown schema version " + std::to_string(version));
    return version;
}

}  // namespace

void prepare_schema(Connection& conn, OpenMode mode) {
    // Every runner opens the store: the version is read without a lock first, so that runners
    // of an up-to-date store never wait for one another here.
    {
        Transaction read(conn);
        if (version_of(conn, mode) == kSchemaVersion) return;  // the destructor's ROLLBACK ends it
    }
    // A migration (or the first creation) takes the schema lock, then reads the version again:
    // another runner may have done it while this one waited.
    Transaction transaction(conn);
    conn.exec("waiting for the schema lock", kSchemaLock);
    const int version = version_of(conn, mode);
    if (version == kSchemaVersion) return;
    for (int step = version; step < kSchemaVersion; ++step)
        conn.exec(("migrating the schema to version " + std::to_string(step + 1)).c_str(), kMigrations[step]);
    conn.exec("writing the schema version", "UPDATE bomwatch_schema SET version = $1", {std::to_string(kSchemaVersion)});
    transaction.commit();
}

}  // namespace bomwatch::store::pg
