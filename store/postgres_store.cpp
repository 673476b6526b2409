// The PostgreSQL back end: one history shared by many CI runners. Every method is one transaction
// (or one statement); a record's rows go in with COPY, which is what keeps a 100k-component
// document under a second.
#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "store/backends.h"
#include "store/document_rows.h"
#include "store/postgres_connection.h"
#include "store/postgres_schema.h"

namespace bomwatch::store {

namespace {

using pg::Param;
using pg::Result;

// A timestamptz as store.h shows times: "2026-11-26T13:12:27Z".
std::string utc(std::string_view column) {
    return "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}

const std::string kBuildColumns =
    "id, project, branch, number, label, " + utc("recorded_at") +
    ", source, format, spec_version, root_name, root_version, components, good, compared_with, "
    "findings_info, findings_low, findings_medium, findings_high, findings_critical";

Build build_from(const Result& rows, int row) {
    Build b;
    b.id = pg::integer(rows, row, 0);
    b.project = pg::text(rows, row, 1);
    b.branch = pg::text(rows, row, 2);
    b.number = pg::integer(rows, row, 3);
    b.label = pg::text(rows, row, 4);
    b.recorded_at = pg::text(rows, row, 5);
    b.source = pg::text(rows, row, 6);
    b.format = pg::text(rows, row, 7);
    b.spec_version = pg::text(rows, row, 8);
    b.root_name = pg::text(rows, row, 9);
    b.root_version = pg::text(rows, row, 10);
    b.components = static_cast<std::uint64_t>(pg::integer(rows, row, 11));
    b.good = pg::text(rows, row, 12) == "t";
    if (!pg::is_null(rows, row, 13)) b.compared_with = pg::integer(rows, row, 13);
    for (int i = 0; i < 5; ++i) b.findings[i] = static_cast<std::uint32_t>(pg::integer(rows, row, 14 + i));
    return b;
}

std::vector<Build> builds_from(const Result& rows) {
    std::vector<Build> builds;
    for (int row = 0; row < PQntuples(rows.get()); ++row) builds.push_back(build_from(rows, row));
    return builds;
}

std::int64_t number_in(std::string_view field, const char* what) {
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), number);
    if (error != std::errc() || end != field.data() + field.size())
        throw StoreError(StoreError::Kind::Corrupt, std::string("a recorded build is damaged: ") + what + " '" +
                                                        std::string(field) + "' is not a number");
    return number;
}

// "" for all branches, else the branch: the SQL below reads ($2 = '' OR branch = $2).
Param branch_filter(std::string_view branch) { return std::string(branch); }

// Appends rows to a COPY buffer one at a time: `row(i, out)` for i in [0, count).
template <typename Row>
std::function<bool(std::string&)> rows_of(std::size_t count, Row row) {
    return [count, row, i = std::size_t{0}](std::string& out) mutable {
        if (i < count) row(i++, out);
        return i < count;
    };
}

class PostgresStore final : public Store {
public:
    explicit PostgresStore(std::unique_ptr<pg::Connection> conn) : conn_(std::move(conn)) {}

    std::string describe() const override { return conn_->describe(); }

    std::optional<Build> last_good(std::string_view project, std::string_view branch) override {
        const Result rows = run("finding the last good build",
                                ("SELECT " + kBuildColumns +
                                 " FROM builds WHERE project = $1 AND branch = $2 AND good ORDER BY number DESC LIMIT 1")
                                    .c_str(),
                                {std::string(project), std::string(branch)});
        if (PQntuples(rows.get()) == 0) return std::nullopt;
        return build_from(rows, 0);
    }

    sbom::Document load(const Build& build) override {
        return naming_store(describe(), [&] { return load_rows(build); });
    }
    sbom::Document load_rows(const Build& build);
    Build record(const NewBuild& build, const sbom::Document& doc) override;

    std::vector<Build> builds(std::string_view project, std::string_view branch, std::size_t limit) override {
        return builds_from(run("listing builds",
                               ("SELECT " + kBuildColumns +
                                " FROM builds WHERE project = $1 AND ($2 = '' OR branch = $2) ORDER BY id DESC LIMIT $3::bigint")
                                   .c_str(),
                               {std::string(project), branch_filter(branch), limit_of(limit)}));
    }

    std::vector<ComponentSighting> timeline(std::string_view project, std::string_view branch,
                                            std::string_view identity) override;

    std::vector<ProjectSummary> projects() override {
        const Result rows = run(
            "listing projects",
            ("SELECT project, branch, count(*), max(number), " + utc("(array_agg(recorded_at ORDER BY number DESC))[1]") +
             ", max(number) FILTER (WHERE good) FROM builds GROUP BY project, branch"
             " ORDER BY project COLLATE \"C\", branch COLLATE \"C\"")
                .c_str());
        std::vector<ProjectSummary> projects;
        for (int row = 0; row < PQntuples(rows.get()); ++row) {
            ProjectSummary& p = projects.emplace_back();
            p.project = pg::text(rows, row, 0);
            p.branch = pg::text(rows, row, 1);
            p.builds = static_cast<std::uint64_t>(pg::integer(rows, row, 2));
            p.last_number = pg::integer(rows, row, 3);
            p.last_recorded_at = pg::text(rows, row, 4);
            if (!pg::is_null(rows, row, 5)) p.last_good_number = pg::integer(rows, row, 5);
        }
        return projects;
    }

    std::uint64_t prune(std::size_t keep, std::string_view project) override;

    std::vector<std::string> not_sent(std::string_view sink, std::string_view project,
                                      std::span<const std::string> fingerprints) override {
        if (fingerprints.empty()) return {};
        const Result rows = run("reading which alerts were sent",
                                // Sent, or waiting in the outbox: sent as soon as the sink answers.
                                "SELECT fingerprint FROM alert_sent WHERE sink = $1 AND project = $2 AND fingerprint = ANY($3::text[])"
                                " UNION SELECT f FROM outbox, unnest(fingerprints) AS f"
                                " WHERE sink = $1 AND project = $2 AND f = ANY($3::text[])",
                                {std::string(sink), std::string(project), pg::text_array(fingerprints)});
        std::unordered_set<std::string_view> sent;
        for (int row = 0; row < PQntuples(rows.get()); ++row) sent.insert(pg::text(rows, row, 0));
        std::vector<std::string> out;
        for (const std::string& f : fingerprints)
            if (!sent.contains(f)) out.push_back(f);
        return out;
    }

    void mark_sent(std::string_view sink, std::string_view project, std::span<const std::string> fingerprints) override {
        if (fingerprints.empty()) return;
        run("remembering sent alerts",
            "INSERT INTO alert_sent (sink, project, fingerprint, sent_at)"
            " SELECT DISTINCT $1::text, $2::text, f, now() FROM unnest($3::text[]) AS f ON CONFLICT DO NOTHING",
            {std::string(sink), std::string(project), pg::text_array(fingerprints)});
    }

    std::int64_t enqueue(const OutboxMessage& m) override {
        const Result rows = run("keeping an alert for later",
                                "INSERT INTO outbox (sink, project, branch, payload, fingerprints, created_at, attempts, last_error)"
                                " VALUES ($1, $2, $3, $4, $5::text[], now(), 0, '') RETURNING id",
                                {m.sink, m.project, m.branch, m.payload, pg::text_array(m.fingerprints)});
        return pg::integer(rows, 0, 0);
    }

    std::vector<OutboxMessage> claim(std::string_view sink, std::chrono::seconds lease, std::size_t limit) override {
        return naming_store(describe(), [&] { return claim_rows(sink, lease, limit); });
    }

    std::vector<OutboxMessage> outbox(std::string_view sink) override {
        return naming_store(describe(), [&] {
            return messages_from(run("listing the outbox",
                                     ("SELECT id, sink, project, branch, payload, fingerprints, " + utc("created_at") +
                                      ", attempts, last_error FROM outbox WHERE ($1 = '' OR sink = $1) ORDER BY id")
                                         .c_str(),
                                     {std::string(sink)}));
        });
    }

    bool discard(std::int64_t id) override {
        const Result rows = run("dropping an alert", "DELETE FROM outbox WHERE id = $1 RETURNING id", {std::to_string(id)});
        return PQntuples(rows.get()) > 0;
    }

    // The rows of claim(), whose parse errors claim() names the store in.
    std::vector<OutboxMessage> claim_rows(std::string_view sink, std::chrono::seconds lease, std::size_t limit) {
        // SKIP LOCKED: a message another flusher is claiming right now is not waited for, it is
        // left to that flusher. Leases are by the server's clock, the one all runners share.
        const Result rows = run(
            "claiming waiting alerts",
            ("UPDATE outbox SET claimed_until = now() + $2::bigint * interval '1 second' WHERE id IN ("
             " SELECT id FROM outbox WHERE ($1 = '' OR sink = $1) AND (claimed_until IS NULL OR claimed_until <= now())"
             " ORDER BY id LIMIT $3::bigint FOR UPDATE SKIP LOCKED)"
             " RETURNING id, sink, project, branch, payload, fingerprints, " + utc("created_at") + ", attempts, last_error")
                .c_str(),
            {std::string(sink), std::to_string(lease.count()), limit_of(limit)});
        std::vector<OutboxMessage> messages = messages_from(rows);
        std::sort(messages.begin(), messages.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        return messages;
    }

    // Rows of (id, sink, project, branch, payload, fingerprints, created_at, attempts, last_error).
    static std::vector<OutboxMessage> messages_from(const Result& rows) {
        std::vector<OutboxMessage> messages;
        for (int row = 0; row < PQntuples(rows.get()); ++row) {
            OutboxMessage& m = messages.emplace_back();
            m.id = pg::integer(rows, row, 0);
            m.sink = pg::text(rows, row, 1);
            m.project = pg::text(rows, row, 2);
            m.branch = pg::text(rows, row, 3);
            m.payload = pg::text(rows, row, 4);
            m.fingerprints = pg::parse_text_array(pg::text(rows, row, 5));
            m.created_at = pg::text(rows, row, 6);
            m.attempts = static_cast<std::uint32_t>(pg::integer(rows, row, 7));
            m.last_error = pg::text(rows, row, 8);
        }
        return messages;
    }

    void delivered(std::int64_t id) override {
        // One statement, so one transaction: the message goes and its fingerprints are sent.
        run("marking an alert delivered",
            "WITH gone AS (DELETE FROM outbox WHERE id = $1 RETURNING sink, project, fingerprints)"
            " INSERT INTO alert_sent (sink, project, fingerprint, sent_at)"
            " SELECT DISTINCT sink, project, unnest(fingerprints), now() FROM gone ON CONFLICT DO NOTHING",
            {std::to_string(id)});
    }

    void failed(std::int64_t id, std::string_view error) override {
        run("counting a failed delivery",
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE id = $1",
            {std::to_string(id), std::string(error)});
    }

    std::uint64_t waiting(std::string_view sink) override {
        const Result rows = run("counting waiting alerts", "SELECT count(*) FROM outbox WHERE ($1 = '' OR sink = $1)"
                                " AND (claimed_until IS NULL OR claimed_until <= now())",
                                {std::string(sink)});
        return static_cast<std::uint64_t>(pg::integer(rows, 0, 0));
    }

private:
    // One statement on its own (autocommit), after reconnecting if an earlier call lost the
    // connection.
    Result run(std::string_view what, const char* sql, std::initializer_list<Param> params = {}) {
        conn_->revive();
        return conn_->exec(what, sql, params);
    }

    // LIMIT NULL is no limit.
    static Param limit_of(std::size_t limit) { return limit == 0 ? Param() : Param(std::to_string(limit)); }

    std::unique_ptr<pg::Connection> conn_;
};

Build PostgresStore::record(const NewBuild& nb, const sbom::Document& doc) {
    pg::Transaction transaction(*conn_);
    // The branch's row is the lock that serialises records of one project/branch: the second
    // runner waits here (up to lock_timeout) until the first commits, then takes the next number.
    const Result numbered = conn_->exec("numbering the build",
                                        "INSERT INTO branches (project, branch, next_number) VALUES ($1, $2, 2)"
                                        " ON CONFLICT (project, branch) DO UPDATE SET next_number = branches.next_number + 1"
                                        " RETURNING next_number - 1",
                                        {nb.project, nb.branch});
    const sbom::Component* root = doc.root_component();
    const std::string number = std::string(pg::text(numbered, 0, 0));
    // recorded_at is clock_timestamp(), taken after the branch's lock above: now() is when the
    // transaction began, before the wait, so a later number could have shown an earlier time.
    const Result inserted = conn_->exec(
        "recording the build",
        ("INSERT INTO builds (project, branch, number, label, recorded_at, source, format, spec_version, root, root_name,"
         " root_version, components, good, compared_with, findings_info, findings_low, findings_medium, findings_high,"
         " findings_critical) VALUES ($1, $2, $3, $4, clock_timestamp(), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
         " RETURNING " + kBuildColumns)
            .c_str(),
        {nb.project, nb.branch, number, nb.label, doc.source, std::string(sbom::format_name(doc.format)), doc.spec_version,
         std::to_string(doc.root == sbom::kNone ? -1 : static_cast<std::int64_t>(doc.root)),
         root ? std::string(root->name.view()) : std::string(), root ? std::string(root->version.view()) : std::string(),
         std::to_string(doc.components.size()), nb.good ? "true" : "false",
         nb.compared_with ? Param(std::to_string(*nb.compared_with)) : Param(), std::to_string(nb.findings[0]),
         std::to_string(nb.findings[1]), std::to_string(nb.findings[2]), std::to_string(nb.findings[3]),
         std::to_string(nb.findings[4])});
    Build build = build_from(inserted, 0);
    const std::string id = std::to_string(build.id);

    std::string scratch;
    conn_->copy_in("recording the components",
                   "COPY components (build, idx, purl, ecosystem, namespace, name, version, type, identity, license,"
                   " license_is_name, supplier, publisher, originator, download, vcs, repository, scope, parent) FROM STDIN",
                   rows_of(doc.components.size(), [&](std::size_t i, std::string& out) {
                       const ComponentRow row = component_row(doc, static_cast<std::uint32_t>(i), scratch);
                       out += id;
                       out += '\t';
                       out += std::to_string(i);
                       for (std::size_t column = 0; column + 1 < row.size(); ++column) {
                           out += '\t';
                           pg::append_copy_text(out, row[column]);
                       }
                       out += '\t';
                       out += row.back().empty() ? std::string_view("\\N") : row.back();  // parent: digits or NULL
                       out += '\n';
                   }));
    if (!doc.hashes.empty()) {
        conn_->copy_in("recording the hashes", "COPY hashes (build, component, algorithm, digest) FROM STDIN",
                       rows_of(doc.components.size(), [&](std::size_t i, std::string& out) {
                           for (const sbom::Hash& hash : doc.hashes_of(doc.components[i])) {
                               out += id;
                               out += '\t';
                               out += std::to_string(i);
                               out += '\t';
                               out += sbom::hash_algorithm_name(hash.algorithm);
                               out += '\t';
                               pg::append_copy_bytea(out, hash.digest.view());
                               out += '\n';
                           }
                       }));
    }
    if (!doc.locations.empty()) {
        conn_->copy_in("recording the locations", "COPY locations (build, component, location) FROM STDIN",
                       rows_of(doc.components.size(), [&](std::size_t i, std::string& out) {
                           for (const sbom::Text location : doc.locations_of(doc.components[i])) {
                               out += id;
                               out += '\t';
                               out += std::to_string(i);
                               out += '\t';
                               pg::append_copy_text(out, location.view());
                               out += '\n';
                           }
                       }));
    }
    if (!doc.edges.empty()) {
        conn_->copy_in("recording the dependencies", "COPY edges (build, from_idx, to_idx) FROM STDIN",
                       rows_of(doc.edges.size(), [&](std::size_t i, std::string& out) {
                           out += id;
                           out += '\t';
                           out += std::to_string(doc.edges[i].from);
                           out += '\t';
                           out += std::to_string(doc.edges[i].to);
                           out += '\n';
                       }));
    }
    transaction.commit();
    return build;
}

sbom::Document PostgresStore::load_rows(const Build& build) {
    // One snapshot for the five reads: a prune committing in between cannot tear the document.
    pg::Transaction transaction(*conn_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const std::string id = std::to_string(build.id);
    const Result head = conn_->exec("reading a build", "SELECT source, format, spec_version, root, components FROM builds WHERE id = $1",
                                    {id});
    if (PQntuples(head.get()) == 0) throw pruned_build(describe(), build);
    DocumentLoader loader(std::string(pg::text(head, 0, 0)), pg::text(head, 0, 1), std::string(pg::text(head, 0, 2)),
                          pg::integer(head, 0, 3), static_cast<std::uint64_t>(pg::integer(head, 0, 4)));
    pg::CopyRow fields;
    const auto damaged = [](const char* table) {
        return StoreError(StoreError::Kind::Corrupt, std::string("a recorded build is damaged: a row of ") + table +
                                                         " has the wrong number of columns");
    };

    conn_->copy_out("reading the components",
                    "COPY (SELECT idx, purl, ecosystem, namespace, name, version, type, identity, license,"
                    " CASE WHEN license_is_name THEN 1 ELSE 0 END, supplier, publisher, originator, download, vcs, repository,"
                    " scope, parent FROM components WHERE build = " + id + ") TO STDOUT",
                    [&](std::string_view line) {
                        if (!fields.split(line, 1 + kComponentColumns.size())) throw damaged("components");
                        ComponentRow row;
                        for (std::size_t column = 0; column < row.size(); ++column) row[column] = fields[column + 1];
                        loader.add_component(number_in(fields[0], "a component index"), row);
                    });
    conn_->copy_out("reading the hashes", "COPY (SELECT component, algorithm, digest FROM hashes WHERE build = " + id + ") TO STDOUT",
                    [&](std::string_view line) {
                        if (!fields.split(line, 3)) throw damaged("hashes");
                        const auto digest = pg::bytea_from_hex(fields[2]);
                        if (!digest) throw damaged("hashes");
                        loader.add_hash(number_in(fields[0], "a hash's component"), fields[1], *digest);
                    });
    conn_->copy_out("reading the locations", "COPY (SELECT component, location FROM locations WHERE build = " + id + ") TO STDOUT",
                    [&](std::string_view line) {
                        if (!fields.split(line, 2)) throw damaged("locations");
                        loader.add_location(number_in(fields[0], "a location's component"), fields[1]);
                    });
    conn_->copy_out("reading the dependencies", "COPY (SELECT from_idx, to_idx FROM edges WHERE build = " + id + ") TO STDOUT",
                    [&](std::string_view line) {
                        if (!fields.split(line, 2)) throw damaged("edges");
                        loader.add_edge(number_in(fields[0], "an edge"), number_in(fields[1], "an edge"));
                    });
    transaction.commit();
    return loader.finish();
}

std::vector<ComponentSighting> PostgresStore::timeline(std::string_view project, std::string_view branch,
                                                       std::string_view identity) {
    const Result rows = run(
        "reading a component's timeline",
        ("SELECT b.id, b.number, b.label, " + utc("b.recorded_at") + ", b.good, c.purl, c.version,"
         " (SELECT string_agg(h.algorithm || ':' || encode(h.digest, 'hex'), ' ') FROM hashes h"
         "  WHERE h.build = c.build AND h.component = c.idx)"
         " FROM components c JOIN builds b ON b.id = c.build"
         " WHERE c.identity = $3 AND b.project = $1 AND ($2 = '' OR b.branch = $2) ORDER BY b.id, c.idx")
            .c_str(),
        {std::string(project), branch_filter(branch), std::string(identity)});
    std::vector<ComponentSighting> sightings;
    for (int row = 0; row < PQntuples(rows.get()); ++row) {
        ComponentSighting& s = sightings.emplace_back();
        s.build_id = pg::integer(rows, row, 0);
        s.number = pg::integer(rows, row, 1);
        s.label = pg::text(rows, row, 2);
        s.recorded_at = pg::text(rows, row, 3);
        s.good = pg::text(rows, row, 4) == "t";
        s.purl = pg::text(rows, row, 5);
        s.version = pg::text(rows, row, 6);
        const std::string_view hashes = pg::text(rows, row, 7);
        for (std::size_t begin = 0; begin < hashes.size();) {
            const std::size_t end = std::min(hashes.find(' ', begin), hashes.size());
            s.hashes.emplace_back(hashes.substr(begin, end - begin));
            begin = end + 1;
        }
        std::sort(s.hashes.begin(), s.hashes.end());
    }
    return sightings;
}

std::uint64_t PostgresStore::prune(std::size_t keep, std::string_view project) {
    pg::Transaction transaction(*conn_);
    // Locking the branches (in one order) keeps a record of them from committing halfway through.
    conn_->exec("locking the branches",
                "SELECT 1 FROM branches WHERE $1 = '' OR project = $1 ORDER BY project, branch FOR UPDATE",
                {std::string(project)});
    const Result doomed = conn_->exec(
        "choosing the builds to prune",
        "SELECT id FROM (SELECT id, number, row_number() OVER (PARTITION BY project, branch ORDER BY number DESC) AS rank,"
        " max(number) FILTER (WHERE good) OVER (PARTITION BY project, branch) AS last_good"
        " FROM builds WHERE $1 = '' OR project = $1) ranked"
        " WHERE rank > $2::bigint AND number IS DISTINCT FROM last_good",
        {std::string(project), std::to_string(keep)});
    const int count = PQntuples(doomed.get());
    if (count == 0) return 0;
    std::string ids = "{";
    for (int row = 0; row < count; ++row) {
        if (row > 0) ids += ',';
        ids += pg::text(doomed, row, 0);
    }
    ids += '}';
    for (const char* sql : {"DELETE FROM components WHERE build = ANY($1::bigint[])", "DELETE FROM hashes WHERE build = ANY($1::bigint[])",
                            "DELETE FROM locations WHERE build = ANY($1::bigint[])", "DELETE FROM edges WHERE build = ANY($1::bigint[])",
                            "DELETE FROM builds WHERE id = ANY($1::bigint[])"})
        conn_->exec("pruning builds", sql, {ids});
    transaction.commit();
    return static_cast<std::uint64_t>(count);
}

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& url, OpenMode mode, std::chrono::milliseconds lock_timeout) {
    auto conn = std::make_unique<pg::Connection>(url, lock_timeout);
    pg::prepare_schema(*conn, mode);
    return std::make_unique<PostgresStore>(std::move(conn));
}

}  // namespace bomwatch::store
