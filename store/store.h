// The history of builds per project and branch, and the state the alerts keep (what was sent
// where, and what still waits to be sent). One small interface, two back ends chosen by the
// location: a file path is SQLite (embedded, the default), a postgresql:// URL is PostgreSQL
// (shared by many CI runners). Both behave the same; tests/store runs one suite against both.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/model.h"

namespace bomwatch::store {

// The schema version this build of bomwatch writes. A store with a newer one is refused (an older
// bomwatch must not write into a schema it does not know); an older one is migrated on open.
inline constexpr int kSchemaVersion = 1;

// Named constants, not magic numbers: how long a writer waits for another one's lock before it
// gives up (SQLite's busy timeout, PostgreSQL's lock_timeout), and how long to wait for a server.
inline constexpr std::chrono::milliseconds kLockTimeout{30'000};
inline constexpr std::chrono::seconds kConnectTimeout{10};

class StoreError : public std::runtime_error {
public:
    enum class Kind {
        Missing,      // no store at that location (only when it was not to be created)
        Locked,       // another writer held the lock longer than kLockTimeout
        Corrupt,      // not a bomwatch store, or damaged
        NewerSchema,  // written by a newer bomwatch
        Unreachable,  // PostgreSQL: could not connect (or lost the connection)
        Failed,       // any other failure of the database
    };
    StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// Unexpected findings of a build by severity: info, low, medium, high, critical.
using SeverityCounts = std::array<std::uint32_t, 5>;

// What a caller says about a build it records.
struct NewBuild {
    std::string project, branch;
    std::string label;                          // the CI's build id (--build), "" when none
    bool good = true;                           // promoted: the next check compares with it
    std::optional<std::int64_t> compared_with;  // the id of the build it was compared with
    SeverityCounts findings{};
};

// A recorded build.
struct Build {
    std::int64_t id = 0;      // unique in the store; later records have larger ids
    std::string project, branch;
    std::int64_t number = 0;  // 1, 2, 3, ... within project/branch, in the order recorded
    std::string label;
    std::string recorded_at;  // UTC, "2026-11-26T13:12:27Z"
    std::string source;       // the SBOM's file name as it was given
    std::string format;       // sbom::format_name
    std::string spec_version;
    std::string root_name, root_version;  // of the document's root component, "" when none
    std::uint64_t components = 0;  // the document's components, the root included
    bool good = true;
    std::optional<std::int64_t> compared_with;
    SeverityCounts findings{};
};

// One build's copies of one component, for a component's timeline across builds.
struct ComponentSighting {
    std::int64_t build_id = 0, number = 0;
    std::string label, recorded_at;
    bool good = true;
    std::string purl, version;
    std::vector<std::string> hashes;  // "SHA-256:hex", sorted
};

struct ProjectSummary {
    std::string project, branch;
    std::uint64_t builds = 0;
    std::int64_t last_number = 0;
    std::string last_recorded_at;
    std::optional<std::int64_t> last_good_number;
};

// A message an alert sink could not deliver yet. `payload` is what would be sent (never a secret:
// the sink's URL and keys are looked up again by `sink`, its name in the configuration, when the
// message is retried). `fingerprints` are the findings it reports, marked sent on delivery.
struct OutboxMessage {
    std::int64_t id = 0;  // given by enqueue
    std::string sink, project, branch;
    std::string payload;
    std::vector<std::string> fingerprints;
    std::string created_at;  // UTC, given by enqueue
    std::uint32_t attempts = 0;
    std::string last_error;
};

class Store {
public:
    virtual ~Store() = default;

    // Where the store is, for messages: the path, or the URL without its password.
    virtual std::string describe() const = 0;

    // --- History ---
    // The newest build of project/branch that is good (promoted), if any.
    virtual std::optional<Build> last_good(std::string_view project, std::string_view branch) = 0;
    // The document recorded for `build`, as the diff needs it (warnings are not kept). Its
    // `source` is the file name recorded. A build that was pruned since is StoreError(Failed)
    // with the same message in both back ends ("LOCATION: build N of PROJECT/BRANCH is no longer
    // in the store (pruned?)"); damaged rows are StoreError(Corrupt) naming the store.
    virtual sbom::Document load(const Build& build) = 0;
    // Records `doc` as the next build of build.project/branch in one transaction: either all of it
    // is stored or nothing. Concurrent records of one project/branch are serialised and numbered
    // in commit order.
    virtual Build record(const NewBuild& build, const sbom::Document& doc) = 0;
    // The builds of project (of one branch, or all when branch is empty), newest first, at most
    // `limit` (0: all).
    virtual std::vector<Build> builds(std::string_view project, std::string_view branch, std::size_t limit) = 0;
    // Every recorded copy of the component with this identity (see sbom::Component::identity) in
    // the builds of project (one branch, or all when empty), oldest build first.
    virtual std::vector<ComponentSighting> timeline(std::string_view project, std::string_view branch,
                                                    std::string_view identity) = 0;
    // Every project/branch, sorted by project then branch.
    virtual std::vector<ProjectSummary> projects() = 0;
    // Deletes all but the newest `keep` builds of each project/branch (of one project when given),
    // never deleting a project/branch's last good build. Returns how many were deleted.
    virtual std::uint64_t prune(std::size_t keep, std::string_view project) = 0;

    // --- Alert state ---
    // Of `fingerprints`, those neither delivered to `sink` for `project` nor waiting in its outbox
    // for that project, in the order given: an alert stuck in the outbox is not queued again by
    // every later build.
    virtual std::vector<std::string> not_sent(std::string_view sink, std::string_view project,
                                              std::span<const std::string> fingerprints) = 0;
    // Remembers that `fingerprints` were delivered to `sink` for `project`.
    virtual void mark_sent(std::string_view sink, std::string_view project, std::span<const std::string> fingerprints) = 0;
    // Keeps a message for later delivery; returns its id. Only sink, project, branch, payload and
    // fingerprints are taken from `message`: id and created_at are given here, and a new message
    // starts with attempts 0 and last_error "" whatever `message` says (failed() counts them).
    virtual std::int64_t enqueue(const OutboxMessage& message) = 0;
    // Takes up to `limit` waiting messages (of one sink, or all when empty), oldest first, and
    // hides them from other callers for `lease`, so that runners flushing at once do not send one
    // message twice. A message whose lease ran out (its flusher died) is waiting again. Damaged
    // rows are StoreError(Corrupt) naming the store.
    virtual std::vector<OutboxMessage> claim(std::string_view sink, std::chrono::seconds lease, std::size_t limit) = 0;
    // The message was delivered: removes it and marks its fingerprints sent, in one transaction.
    virtual void delivered(std::int64_t id) = 0;
    // The message could not be delivered: counts the attempt, keeps the error, ends the lease.
    virtual void failed(std::int64_t id, std::string_view error) = 0;
    // How many messages wait (of one sink, or all when empty).
    virtual std::uint64_t waiting(std::string_view sink) = 0;
    // Every message in the outbox (of one sink, or all when empty), leased or not, oldest first,
    // without claiming any: what `bomwatch alerts list` shows.
    virtual std::vector<OutboxMessage> outbox(std::string_view sink) = 0;
    // Removes message `id` without marking its fingerprints sent (`bomwatch alerts drop`): a later
    // build may alert about them again. False when there was no such message.
    virtual bool discard(std::int64_t id) = 0;
};

enum class OpenMode {
    CreateIfMissing,  // check, record: a missing SQLite file (and its folder) is created
    MustExist,        // history, projects, prune: a missing store is StoreError::Missing
};

// Opens the store at `location`: a postgresql:// or postgres:// URL (the scheme in any case),
// else a SQLite file path. Any other "scheme://..." and libpq keyword strings ("host=... ") are
// refused (StoreError Failed), without repeating them. Creates or migrates the schema as needed.
// Throws StoreError.
std::unique_ptr<Store> open_store(const std::string& location, OpenMode mode);

// The store when none is given: $BOMWATCH_STORE, else .bomwatch/history.db.
std::string default_store_location();

// `location` as messages may show it, never with any part of a password. A PostgreSQL URL that
// libpq reads as it was meant is rebuilt from libpq's parse as postgresql://USER@HOST:PORT/DBNAME
// (no password, no parameters); any other text with "://" has everything between "://" and its
// last '@' and every password= value (to the end) replaced by "***". Paths are returned unchanged.
std::string redact(std::string_view location);

// Now, in UTC, as "2026-11-26T13:12:27Z".
std::string utc_now();

}  // namespace bomwatch::store
