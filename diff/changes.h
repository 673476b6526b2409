// What changed between two SBOMs: facts, no opinions (severities are policy's business).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/model.h"
#include "sbom/version.h"

namespace bomwatch::diff {

using sbom::kNone;

enum class ChangeKind : std::uint8_t {
    Added,
    Removed,
    VersionChanged,
    HashChanged,     // same version, a common algorithm's digests differ: integrity
    HashWeakened,    // the hashes were dropped, or only weaker algorithms are left
    LicenseChanged,
    SupplierChanged,
    SourceChanged,
    ScopeChanged,
    EdgeAdded,
    EdgeRemoved,
};
inline constexpr std::size_t kChangeKindCount = 11;

// "added", "versionChanged", ... as in the JSON report.
std::string_view change_kind_name(ChangeKind kind);
// The inverse, for --fail-on; false when `name` is not a kind.
bool parse_change_kind(std::string_view name, ChangeKind& kind);

enum class Direction : std::uint8_t { Up, Down, Equal };
std::string_view direction_name(Direction direction);
std::string_view step_name(sbom::VersionStep step);

// Why an old and a new component were taken as the same package (--explain).
enum class MatchRule : std::uint8_t {
    SameVersion,      // same identity and version
    InstallLocation,  // same identity, installed at the same path
    NearestVersion,   // same identity, the nearest of the versions left on both sides
    OnlyCandidates,   // same identity, one version left on each side
};
std::string_view match_rule_name(MatchRule rule);

// One artifact: all copies of one identity+version in a document (npm may install the same
// package@version at several paths). `members` are component indices, the first is the one shown.
struct Artifact {
    std::span<const std::uint32_t> members;  // into Changes::old_members / new_members
    std::uint32_t first() const { return members.front(); }
};

struct Change {
    ChangeKind kind;
    std::uint32_t old_artifact = kNone, new_artifact = kNone;  // into Changes::old_artifacts / new_artifacts
    MatchRule match = MatchRule::SameVersion;                   // for changes between a matched pair
    Direction direction = Direction::Equal;                     // versionChanged
    sbom::VersionStep step = sbom::VersionStep::Other;          // versionChanged
    std::string_view field{};                                   // supplierChanged, sourceChanged: which one
    std::string_view old_value{}, new_value{};                    // license/supplier/source/scope changes
    std::string_view from{}, to{};                                // edges: identities, "" for the root
    // added: component indices (new document) from the root's child down to the parent of the
    // added component; empty for a direct dependency of the root.
    std::vector<std::uint32_t> introduced_via{};
    bool reachable = false;  // added: whether introduced_via is known
};

struct Changes {
    Changes() = default;
    Changes(Changes&&) = default;
    Changes& operator=(Changes&&) = default;
    Changes(const Changes&) = delete;  // the artifacts' spans point into this object's vectors

    const sbom::Document* old_doc = nullptr;
    const sbom::Document* new_doc = nullptr;
    std::vector<std::uint32_t> old_members, new_members;  // component indices, grouped by artifact
    std::vector<Artifact> old_artifacts, new_artifacts;
    std::vector<Change> changes;  // ordered by kind, then name, then version
    std::array<std::size_t, kChangeKindCount> counts{};
    std::size_t unchanged = 0;        // matched pairs with no change at all
    std::size_t matched = 0;          // matched pairs
    std::array<std::size_t, 4> matched_by{};  // per MatchRule
    bool edges_compared = false;      // false when a document states no dependency graph
    bool hashes_compared = false;     // hash-weakened needs both documents to state hashes
    sbom::StringPool text;            // texts the comparison made (lists of hash algorithms)

    // Every identity of either document, numbered in one order (by hash): `identities[i]` is its
    // text; `old_identity[c]` / `new_identity[c]` the number of component c (kNone for the root).
    // Lets the graph steps compare numbers instead of texts.
    std::vector<std::string_view> identities;
    std::vector<std::uint32_t> old_identity, new_identity;

    std::size_t count(ChangeKind kind) const { return counts[static_cast<std::size_t>(kind)]; }
    std::size_t total() const { return changes.size(); }
};

// One document made ready for comparing: its components grouped into artifacts in identity
// order. This is most of a diff's own work and needs only its document, so each side can be
// prepared by the thread that read it while the other is still reading.
struct Side {
    Side() = default;
    Side(Side&&) = default;
    Side& operator=(Side&&) = default;
    Side(const Side&) = delete;  // the artifacts' spans point into `members`

    const sbom::Document* doc = nullptr;
    std::vector<std::uint32_t> members;
    std::vector<Artifact> artifacts;
};
Side prepare(const sbom::Document& doc);

// Compares two prepared documents. The documents must outlive the result (it points into them).
Changes compare(Side old_side, Side new_side);
// The same for two documents, prepared side by side.
Changes compare(const sbom::Document& old_doc, const sbom::Document& new_doc);

}  // namespace bomwatch::diff
