// The embedded back end: the history in one SQLite file (WAL mode), through the SQLite C API.
// The connection and its errors are in sqlite_connection.cpp, the schema and its migrations in
// sqlite_schema.cpp; this file is the statements and the Store methods.
#include "store/sqlite_store.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "sbom/text.h"
#include "store/backends.h"
#include "store/document_rows.h"

namespace bomwatch::store::sqlite {

namespace {

// --- Statements, one constant each: the connection keeps each prepared once, by address ---

constexpr const char* kNextNumber =
    "INSERT INTO branches(project, branch, next_number) VALUES(?1, ?2, 2) "
    "ON CONFLICT(project, branch) DO UPDATE SET next_number = next_number + 1 RETURNING next_number - 1";
constexpr const char* kInsertBuild =
    "INSERT INTO builds(project, branch, number, label, recorded_at, source, format, spec_version, root, root_name, "
    "root_version, components, good, compared_with, findings_info, findings_low, findings_medium, findings_high, "
    "findings_critical) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
constexpr const char* kInsertComponent =
    "INSERT INTO components(build, idx, purl, ecosystem, namespace, name, version, type, identity, license, "
    "license_is_name, supplier, publisher, originator, download, vcs, repository, scope, parent) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
constexpr const char* kInsertHash = "INSERT INTO hashes(build, component, algorithm, digest) VALUES(?1, ?2, ?3, ?4)";
constexpr const char* kInsertLocation = "INSERT INTO locations(build, component, location) VALUES(?1, ?2, ?3)";
constexpr const char* kInsertEdge = "INSERT INTO edges(build, from_idx, to_idx) VALUES(?1, ?2, ?3)";

#define BOMWATCH_BUILD_COLUMNS                                                                                     \
    "id, project, branch, number, label, recorded_at, source, format, spec_version, root_name, root_version, "   \
    "components, good, compared_with, findings_info, findings_low, findings_medium, findings_high, findings_critical"
constexpr const char* kBuildById = "SELECT " BOMWATCH_BUILD_COLUMNS " FROM builds WHERE id = ?1";
constexpr const char* kLastGood = "SELECT " BOMWATCH_BUILD_COLUMNS
                                  " FROM builds WHERE project = ?1 AND branch = ?2 AND good = 1 "
                                  "ORDER BY number DESC LIMIT 1";
constexpr const char* kBuildsOfBranch = "SELECT " BOMWATCH_BUILD_COLUMNS
                                        " FROM builds WHERE project = ?1 AND branch = ?2 ORDER BY id DESC LIMIT ?3";
constexpr const char* kBuildsOfProject = "SELECT " BOMWATCH_BUILD_COLUMNS
                                         " FROM builds WHERE project = ?1 ORDER BY id DESC LIMIT ?2";
#undef BOMWATCH_BUILD_COLUMNS

constexpr const char* kDocumentOf = "SELECT source, format, spec_version, root, components FROM builds WHERE id = ?1";
constexpr const char* kComponentsOf =
    "SELECT idx, purl, ecosystem, namespace, name, version, type, identity, license, license_is_name, supplier, "
    "publisher, originator, download, vcs, repository, scope, parent FROM components WHERE build = ?1";
constexpr const char* kHashesOf = "SELECT component, algorithm, digest FROM hashes WHERE build = ?1";
constexpr const char* kLocationsOf = "SELECT component, location FROM locations WHERE build = ?1";
constexpr const char* kEdgesOf = "SELECT from_idx, to_idx FROM edges WHERE build = ?1";

constexpr const char* kTimeline =
    "SELECT b.id, b.number, b.label, b.recorded_at, b.good, c.purl, c.version, c.idx "
    "FROM components c JOIN builds b ON b.id = c.build "
    "WHERE c.identity = ?1 AND b.project = ?2 AND (?3 = '' OR b.branch = ?3) ORDER BY b.id, c.idx";
constexpr const char* kHashesOfComponent =
    "SELECT algorithm, digest FROM hashes WHERE build = ?1 AND component = ?2";

constexpr const char* kProjects =
    "SELECT b.project, b.branch, count(*), max(b.number), "
    "(SELECT l.recorded_at FROM builds l WHERE l.project = b.project AND l.branch = b.branch "
    " ORDER BY l.number DESC LIMIT 1), "
    "max(CASE WHEN b.good = 1 THEN b.number END) "
    "FROM builds b GROUP BY b.project, b.branch ORDER BY b.project, b.branch";

constexpr const char* kBranches = "SELECT DISTINCT project, branch FROM builds WHERE ?1 = '' OR project = ?1";
constexpr const char* kBuildsToPrune =
    "SELECT id, good FROM builds WHERE project = ?1 AND branch = ?2 ORDER BY number DESC";
constexpr const char* kDeleteComponents = "DELETE FROM components WHERE build = ?1";
constexpr const char* kDeleteHashes = "DELETE FROM hashes WHERE build = ?1";
constexpr const char* kDeleteLocations = "DELETE FROM locations WHERE build = ?1";
constexpr const char* kDeleteEdges = "DELETE FROM edges WHERE build = ?1";
constexpr const char* kDeleteBuild = "DELETE FROM builds WHERE id = ?1";

constexpr const char* kIsSent = "SELECT 1 FROM alert_sent WHERE sink = ?1 AND project = ?2 AND fingerprint = ?3";
constexpr const char* kQueuedFingerprints = "SELECT fingerprints FROM outbox WHERE sink = ?1 AND project = ?2";
constexpr const char* kMarkSent =
    "INSERT INTO alert_sent(sink, project, fingerprint, sent_at) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT(sink, project, fingerprint) DO NOTHING";
constexpr const char* kEnqueue =
    "INSERT INTO outbox(sink, project, branch, payload, fingerprints, created_at, attempts, last_error, claimed_until) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, 0, '', NULL)";
constexpr const char* kClaimable =
    "SELECT id, sink, project, branch, payload, fingerprints, created_at, attempts, last_error FROM outbox "
    "WHERE (?1 = '' OR sink = ?1) AND (claimed_until IS NULL OR claimed_until <= ?2) ORDER BY id LIMIT ?3";
constexpr const char* kOutbox =
    "SELECT id, sink, project, branch, payload, fingerprints, created_at, attempts, last_error FROM outbox "
    "WHERE ?1 = '' OR sink = ?1 ORDER BY id";
constexpr const char* kLease = "UPDATE outbox SET claimed_until = ?2 WHERE id = ?1";
constexpr const char* kMessage = "SELECT sink, project, fingerprints FROM outbox WHERE id = ?1";
constexpr const char* kDeleteMessage = "DELETE FROM outbox WHERE id = ?1";
constexpr const char* kFailed =
    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, claimed_until = NULL WHERE id = ?1";
constexpr const char* kWaiting =
    "SELECT count(*) FROM outbox WHERE (?1 = '' OR sink = ?1) AND (claimed_until IS NULL OR claimed_until <= ?2)";

// Fingerprints are kept in one column, one a line (they are single-line texts).
constexpr char kFingerprintSeparator = '\n';

std::string join_fingerprints(std::span<const std::string> fingerprints, const std::string& path) {
    std::string out;
    for (const std::string& f : fingerprints) {
        if (f.find(kFingerprintSeparator) != std::string::npos)
            throw StoreError(StoreError::Kind::Failed, path + ": cannot keep an alert fingerprint with a line break in it");
        if (!out.empty()) out += kFingerprintSeparator;
        out += f;
    }
    return out;
}

std::vector<std::string> split_fingerprints(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find(kFingerprintSeparator), text.size());
        out.emplace_back(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return out;
}

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// A Build from a row of the BOMWATCH_BUILD_COLUMNS.
Build build_of(const Query& q) {
    Build b;
    b.id = q.column_int(0);
    b.project = q.column_text(1);
    b.branch = q.column_text(2);
    b.number = q.column_int(3);
    b.label = q.column_text(4);
    b.recorded_at = q.column_text(5);
    b.source = q.column_text(6);
    b.format = q.column_text(7);
    b.spec_version = q.column_text(8);
    b.root_name = q.column_text(9);
    b.root_version = q.column_text(10);
    b.components = static_cast<std::uint64_t>(q.column_int(11));
    b.good = q.column_int(12) != 0;
    if (!q.column_null(13)) b.compared_with = q.column_int(13);
    for (int i = 0; i < 5; ++i) b.findings[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(q.column_int(14 + i));
    return b;
}

// An OutboxMessage from a row of (id, sink, project, branch, payload, fingerprints, created_at,
// attempts, last_error).
OutboxMessage message_of(const Query& q) {
    OutboxMessage m;
    m.id = q.column_int(0);
    m.sink = q.column_text(1);
    m.project = q.column_text(2);
    m.branch = q.column_text(3);
    m.payload = q.column_text(4);
    m.fingerprints = split_fingerprints(q.column_text(5));
    m.created_at = q.column_text(6);
    m.attempts = static_cast<std::uint32_t>(q.column_int(7));
    m.last_error = q.column_text(8);
    return m;
}

class SqliteStore final : public Store {
public:
    explicit SqliteStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}

    std::string describe() const override { return db_->path(); }

    std::optional<Build> last_good(std::string_view project, std::string_view branch) override {
        Query q(*db_, kLastGood, "looking up the last good build");
        q.text(1, project).text(2, branch);
        if (!q.step()) return std::nullopt;
        return build_of(q);
    }

    sbom::Document load(const Build& build) override {
        return naming_store(describe(), [&] { return load_rows(build); });
    }

    sbom::Document load_rows(const Build& build) {
        const std::string_view doing = "reading a recorded build";
        // One read transaction, so that a prune by another process cannot take rows away halfway.
        db_->exec("BEGIN", doing);
        struct EndRead {
            Connection& db;
            ~EndRead() { sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr); }
        } end_read{*db_};

        Query head(*db_, kDocumentOf, doing);
        head.integer(1, build.id);
        if (!head.step()) throw pruned_build(describe(), build);
        DocumentLoader loader(std::string(head.column_text(0)), head.column_text(1), std::string(head.column_text(2)),
                              head.column_int(3), static_cast<std::uint64_t>(head.column_int(4)));

        {
            Query q(*db_, kComponentsOf, doing);
            q.integer(1, build.id);
            ComponentRow row;
            char parent[24];
            while (q.step()) {
                for (std::size_t i = 0; i < row.size(); ++i) row[i] = q.column_text(static_cast<int>(i) + 1);
                row[8] = q.column_int(9) != 0 ? "1" : "0";
                if (q.column_null(17)) {
                    row[16] = {};
                } else {
                    const auto end = std::to_chars(parent, parent + sizeof parent, q.column_int(17)).ptr;
                    row[16] = std::string_view(parent, static_cast<std::size_t>(end - parent));
                }
                loader.add_component(q.column_int(0), row);
            }
        }
        {
            Query q(*db_, kHashesOf, doing);
            q.integer(1, build.id);
            while (q.step()) loader.add_hash(q.column_int(0), q.column_text(1), q.column_blob(2));
        }
        {
            Query q(*db_, kLocationsOf, doing);
            q.integer(1, build.id);
            while (q.step()) loader.add_location(q.column_int(0), q.column_text(1));
        }
        {
            Query q(*db_, kEdgesOf, doing);
            q.integer(1, build.id);
            while (q.step()) loader.add_edge(q.column_int(0), q.column_int(1));
        }
        return loader.finish();
    }

    Build record(const NewBuild& build, const sbom::Document& doc) override {
        const std::string_view doing = "recording a build";
        Transaction tx(*db_, doing);

        std::int64_t number = 0;
        {
            Query q(*db_, kNextNumber, doing);
            q.text(1, build.project).text(2, build.branch);
            if (!q.step()) db_->fail(SQLITE_ERROR, doing);
            number = q.column_int(0);
        }

        const sbom::Component* root = doc.root_component();
        const std::string recorded_at = utc_now();
        const std::string_view format = sbom::format_name(doc.format);
        std::int64_t id = 0;
        {
            Query q(*db_, kInsertBuild, doing);
            q.text(1, build.project).text(2, build.branch).integer(3, number).text(4, build.label).text(5, recorded_at);
            q.text(6, doc.source).text(7, format).text(8, doc.spec_version);
            q.integer(9, root ? static_cast<std::int64_t>(doc.root) : -1);
            q.text(10, root ? root->name.view() : std::string_view()).text(11, root ? root->version.view() : std::string_view());
            q.integer(12, static_cast<std::int64_t>(doc.components.size())).integer(13, build.good ? 1 : 0);
            if (build.compared_with) q.integer(14, *build.compared_with);
            else q.null(14);
            for (int i = 0; i < 5; ++i) q.integer(15 + i, build.findings[static_cast<std::size_t>(i)]);
            q.run();
            id = sqlite3_last_insert_rowid(db_->get());
        }

        {
            Query q(*db_, kInsertComponent, doing);
            q.integer(1, id);
            std::string number_text;
            for (std::uint32_t i = 0; i < doc.components.size(); ++i) {
                const ComponentRow row = component_row(doc, i, number_text);
                q.integer(2, i);
                for (int c = 0; c < 16; ++c) q.text(c + 3, row[static_cast<std::size_t>(c)]);
                q.integer(11, doc.components[i].license.is_name ? 1 : 0);
                if (doc.components[i].parent == sbom::kNone) q.null(19);
                else q.integer(19, doc.components[i].parent);
                q.run();
            }
        }
        {
            Query hashes(*db_, kInsertHash, doing);
            Query locations(*db_, kInsertLocation, doing);
            hashes.integer(1, id);
            locations.integer(1, id);
            for (std::uint32_t i = 0; i < doc.components.size(); ++i) {
                const sbom::Component& c = doc.components[i];
                for (const sbom::Hash& h : doc.hashes_of(c)) {
                    hashes.integer(2, i).text(3, sbom::hash_algorithm_name(h.algorithm)).blob(4, h.digest.view());
                    hashes.run();
                }
                for (const sbom::Text& l : doc.locations_of(c)) {
                    locations.integer(2, i).text(3, l.view());
                    locations.run();
                }
            }
        }
        {
            Query q(*db_, kInsertEdge, doing);
            q.integer(1, id);
            for (const sbom::Edge& e : doc.edges) {
                q.integer(2, e.from).integer(3, e.to);
                q.run();
            }
        }

        Build out;
        {
            Query q(*db_, kBuildById, doing);
            q.integer(1, id);
            if (!q.step()) db_->fail(SQLITE_ERROR, doing);
            out = build_of(q);
        }
        tx.commit();
        return out;
    }

    std::vector<Build> builds(std::string_view project, std::string_view branch, std::size_t limit) override {
        const std::string_view doing = "listing builds";
        const std::int64_t sql_limit = limit == 0 ? -1 : static_cast<std::int64_t>(limit);
        Query q(*db_, branch.empty() ? kBuildsOfProject : kBuildsOfBranch, doing);
        q.text(1, project);
        if (branch.empty()) q.integer(2, sql_limit);
        else q.text(2, branch).integer(3, sql_limit);
        std::vector<Build> out;
        while (q.step()) out.push_back(build_of(q));
        return out;
    }

    std::vector<ComponentSighting> timeline(std::string_view project, std::string_view branch,
                                            std::string_view identity) override {
        const std::string_view doing = "reading a component's timeline";
        db_->exec("BEGIN", doing);
        struct EndRead {
            Connection& db;
            ~EndRead() { sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr); }
        } end_read{*db_};

        std::vector<ComponentSighting> out;
        std::vector<std::int64_t> indices;
        {
            Query q(*db_, kTimeline, doing);
            q.text(1, identity).text(2, project).text(3, branch);
            while (q.step()) {
                ComponentSighting s;
                s.build_id = q.column_int(0);
                s.number = q.column_int(1);
                s.label = q.column_text(2);
                s.recorded_at = q.column_text(3);
                s.good = q.column_int(4) != 0;
                s.purl = q.column_text(5);
                s.version = q.column_text(6);
                indices.push_back(q.column_int(7));
                out.push_back(std::move(s));
            }
        }
        for (std::size_t i = 0; i < out.size(); ++i) {
            Query q(*db_, kHashesOfComponent, doing);
            q.integer(1, out[i].build_id).integer(2, indices[i]);
            while (q.step()) out[i].hashes.push_back(std::string(q.column_text(0)) + ":" + sbom::hex_of(q.column_blob(1)));
            std::sort(out[i].hashes.begin(), out[i].hashes.end());
        }
        return out;
    }

    std::vector<ProjectSummary> projects() override {
        Query q(*db_, kProjects, "listing projects");
        std::vector<ProjectSummary> out;
        while (q.step()) {
            ProjectSummary p;
            p.project = q.column_text(0);
            p.branch = q.column_text(1);
            p.builds = static_cast<std::uint64_t>(q.column_int(2));
            p.last_number = q.column_int(3);
            p.last_recorded_at = q.column_text(4);
            if (!q.column_null(5)) p.last_good_number = q.column_int(5);
            out.push_back(std::move(p));
        }
        return out;
    }

    std::uint64_t prune(std::size_t keep, std::string_view project) override {
        const std::string_view doing = "pruning old builds";
        std::uint64_t deleted = 0;
        {
            Transaction tx(*db_, doing);
            std::vector<std::pair<std::string, std::string>> branches;
            {
                Query q(*db_, kBranches, doing);
                q.text(1, project);
                while (q.step()) branches.emplace_back(q.column_text(0), q.column_text(1));
            }
            std::vector<std::int64_t> doomed;
            for (const auto& [p, b] : branches) {
                Query q(*db_, kBuildsToPrune, doing);
                q.text(1, p).text(2, b);
                bool good_seen = false;
                for (std::size_t newer = 0; q.step(); ++newer) {
                    const bool good = q.column_int(1) != 0;
                    const bool last_good = good && !good_seen;
                    good_seen = good_seen || good;
                    if (newer >= keep && !last_good) doomed.push_back(q.column_int(0));
                }
            }
            for (const std::int64_t id : doomed) {
                for (const char* sql : {kDeleteComponents, kDeleteHashes, kDeleteLocations, kDeleteEdges, kDeleteBuild}) {
                    Query q(*db_, sql, doing);
                    q.integer(1, id);
                    q.run();
                }
            }
            // auto_vacuum=INCREMENTAL (set when the file was made): give the freed pages back to the
            // file system. Each step frees some; sqlite3_exec steps until all are. Inside the
            // transaction (SQLite allows it there), so that a failure of it cannot make a committed
            // prune look like a failed one: either all of it is done or nothing.
            if (!doomed.empty()) db_->exec("PRAGMA incremental_vacuum", doing);
            tx.commit();
            deleted = doomed.size();
        }
        return deleted;
    }

    std::vector<std::string> not_sent(std::string_view sink, std::string_view project,
                                      std::span<const std::string> fingerprints) override {
        const std::string_view doing = "looking up sent alerts";
        std::set<std::string> queued;  // waiting in the outbox: sent as soon as the sink answers
        {
            Query q(*db_, kQueuedFingerprints, doing);
            q.text(1, sink).text(2, project);
            while (q.step())
                for (std::string& f : split_fingerprints(q.column_text(0))) queued.insert(std::move(f));
        }
        std::vector<std::string> out;
        for (const std::string& f : fingerprints) {
            if (queued.count(f)) continue;
            Query q(*db_, kIsSent, doing);
            q.text(1, sink).text(2, project).text(3, f);
            if (!q.step()) out.push_back(f);
        }
        return out;
    }

    void mark_sent(std::string_view sink, std::string_view project, std::span<const std::string> fingerprints) override {
        const std::string_view doing = "remembering sent alerts";
        Transaction tx(*db_, doing);
        insert_sent(sink, project, fingerprints, doing);
        tx.commit();
    }

    std::int64_t enqueue(const OutboxMessage& message) override {
        const std::string_view doing = "keeping an alert for later delivery";
        const std::string fingerprints = join_fingerprints(message.fingerprints, db_->path());
        const std::string created_at = utc_now();
        Query q(*db_, kEnqueue, doing);
        q.text(1, message.sink).text(2, message.project).text(3, message.branch).text(4, message.payload);
        q.text(5, fingerprints).text(6, created_at);
        q.run();
        return sqlite3_last_insert_rowid(db_->get());
    }

    std::vector<OutboxMessage> claim(std::string_view sink, std::chrono::seconds lease, std::size_t limit) override {
        return naming_store(describe(), [&] { return claim_rows(sink, lease, limit); });
    }

    std::vector<OutboxMessage> outbox(std::string_view sink) override {
        Query q(*db_, kOutbox, "listing the outbox");
        q.text(1, sink);
        std::vector<OutboxMessage> out;
        while (q.step()) out.push_back(message_of(q));
        return out;
    }

    bool discard(std::int64_t id) override {
        Query q(*db_, kDeleteMessage, "dropping an alert");
        q.integer(1, id);
        q.run();
        return sqlite3_changes(db_->get()) > 0;
    }

    std::vector<OutboxMessage> claim_rows(std::string_view sink, std::chrono::seconds lease, std::size_t limit) {
        const std::string_view doing = "taking alerts to deliver";
        Transaction tx(*db_, doing);
        const std::int64_t now = unix_now();
        std::vector<OutboxMessage> out;
        {
            Query q(*db_, kClaimable, doing);
            q.text(1, sink).integer(2, now).integer(3, limit == 0 ? -1 : static_cast<std::int64_t>(limit));
            while (q.step()) out.push_back(message_of(q));
        }
        for (const OutboxMessage& m : out) {
            Query q(*db_, kLease, doing);
            q.integer(1, m.id).integer(2, now + lease.count());
            q.run();
        }
        tx.commit();
        return out;
    }

    void delivered(std::int64_t id) override {
        const std::string_view doing = "marking an alert delivered";
        Transaction tx(*db_, doing);
        std::string sink, project, fingerprints;
        {
            Query q(*db_, kMessage, doing);
            q.integer(1, id);
            if (!q.step()) return;  // already delivered (and removed) by another flusher
            sink = q.column_text(0);
            project = q.column_text(1);
            fingerprints = q.column_text(2);
        }
        insert_sent(sink, project, split_fingerprints(fingerprints), doing);
        {
            Query q(*db_, kDeleteMessage, doing);
            q.integer(1, id);
            q.run();
        }
        tx.commit();
    }

    void failed(std::int64_t id, std::string_view error) override {
        Query q(*db_, kFailed, "counting a failed alert delivery");
        q.integer(1, id).text(2, error);
        q.run();
    }

    std::uint64_t waiting(std::string_view sink) override {
        Query q(*db_, kWaiting, "counting waiting alerts");
        q.text(1, sink).integer(2, unix_now());
        return q.step() ? static_cast<std::uint64_t>(q.column_int(0)) : 0;
    }

private:
    void insert_sent(std::string_view sink, std::string_view project, std::span<const std::string> fingerprints,
                     std::string_view doing) {
        const std::string sent_at = utc_now();
        for (const std::string& f : fingerprints) {
            Query q(*db_, kMarkSent, doing);
            q.text(1, sink).text(2, project).text(3, f).text(4, sent_at);
            q.run();
        }
    }

    std::unique_ptr<Connection> db_;
};

}  // namespace

std::unique_ptr<Store> make_store(std::unique_ptr<Connection> connection) {
    return std::make_unique<SqliteStore>(std::move(connection));
}

}  // namespace bomwatch::store::sqlite

namespace bomwatch::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenMode mode, std::chrono::milliseconds lock_timeout) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    // Only "there is nothing there" means no history: a folder that may not be searched
    // (permission denied) is an error to show, not a reason to start a new history.
    if (ec && ec != std::errc::no_such_file_or_directory)
        throw StoreError(StoreError::Kind::Failed, "cannot look at the history " + path + ": " + ec.message());
    if (fs::is_directory(status))
        throw StoreError(StoreError::Kind::Failed,
                         path + " is a folder; give a file, such as " + (fs::path(path) / "history.db").string());
    const bool exists = fs::exists(status);
    if (!exists) {
        if (mode == OpenMode::MustExist)
            throw StoreError(StoreError::Kind::Missing,
                             "no history at " + path + "; `bomwatch check` or `bomwatch record` creates it");
        const fs::path folder = fs::path(path).parent_path();
        const bool folder_exists = folder.empty() || fs::is_directory(folder, ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw StoreError(StoreError::Kind::Failed, "cannot look at the folder " + folder.string() + ": " + ec.message());
        if (!folder_exists) {
            // Only the default store's folder is made: any other path names a folder the user
            // chose, and a typo in it should not quietly start a new history somewhere else.
            if (path != ".bomwatch/history.db")
                throw StoreError(StoreError::Kind::Missing,
                                 "cannot create the history " + path + ": the folder " + folder.string() + " does not exist");
            fs::create_directories(folder, ec);
            if (ec)
                throw StoreError(StoreError::Kind::Failed,
                                 "cannot create the folder " + folder.string() + " for the history: " + ec.message());
        }
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == OpenMode::CreateIfMissing ? SQLITE_OPEN_CREATE : 0);
    auto connection = std::make_unique<sqlite::Connection>(path, flags, lock_timeout);
    // SQLite opens a file it may not write read-only, and says so at the first write: after a
    // whole check's diff. A check or record has to write: say so now.
    if (mode == OpenMode::CreateIfMissing && sqlite3_db_readonly(connection->get(), "main") == 1)
        throw StoreError(StoreError::Kind::Failed,
                         path + " is read-only: bomwatch needs to write to the history to record builds");
    sqlite::open_schema(*connection);
    return sqlite::make_store(std::move(connection));
}

}  // namespace bomwatch::store
