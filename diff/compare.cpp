// Matching old and new components and comparing each matched pair.
#include <algorithm>
#include <span>
#include <thread>
#include <tuple>

#include "diff/changes.h"
#include "diff/detail.h"
#include "sbom/license.h"
#include "sbom/text.h"

namespace bomwatch::diff {

using sbom::Component;
using sbom::Document;
using sbom::Hash;

std::string_view change_kind_name(ChangeKind kind) {
    static constexpr std::array<std::string_view, kChangeKindCount> kNames{
        "added",          "removed",         "versionChanged", "hashChanged",  "hashWeakened", "licenseChanged",
        "supplierChanged", "sourceChanged", "scopeChanged",   "edgeAdded",    "edgeRemoved"};
    return kNames[static_cast<std::size_t>(kind)];
}

bool parse_change_kind(std::string_view name, ChangeKind& kind) {
    for (std::size_t i = 0; i < kChangeKindCount; ++i) {
        if (change_kind_name(static_cast<ChangeKind>(i)) == name) {
            kind = static_cast<ChangeKind>(i);
            return true;
        }
    }
    return false;
}

std::string_view direction_name(Direction direction) {
    switch (direction) {
    case Direction::Up: return "up";
    case Direction::Down: return "down";
    case Direction::Equal: return "equal";
    }
    return "equal";
}

std::string_view step_name(sbom::VersionStep step) {
    switch (step) {
    case sbom::VersionStep::Major: return "major";
    case sbom::VersionStep::Minor: return "minor";
    case sbom::VersionStep::Patch: return "patch";
    case sbom::VersionStep::Prerelease: return "prerelease";
    case sbom::VersionStep::Other: return "other";
    }
    return "other";
}

std::string_view match_rule_name(MatchRule rule) {
    switch (rule) {
    case MatchRule::SameVersion: return "sameVersion";
    case MatchRule::InstallLocation: return "installLocation";
    case MatchRule::NearestVersion: return "nearestVersion";
    case MatchRule::OnlyCandidates: return "onlyCandidates";
    }
    return "sameVersion";
}

namespace {

// Hashes of an artifact: of its one component, or the union over its copies.
class ArtifactHashes {
public:
    ArtifactHashes(const Document& doc, const Artifact& artifact) {
        if (artifact.members.size() == 1) {
            view_ = doc.hashes_of(doc.components[artifact.first()]);
            return;
        }
        for (std::uint32_t m : artifact.members) {
            auto hashes = doc.hashes_of(doc.components[m]);
            owned_.insert(owned_.end(), hashes.begin(), hashes.end());
        }
        std::sort(owned_.begin(), owned_.end(), [](const Hash& a, const Hash& b) {
            return std::tie(a.algorithm, a.digest) < std::tie(b.algorithm, b.digest);
        });
        owned_.erase(std::unique(owned_.begin(), owned_.end()), owned_.end());
        view_ = owned_;
    }
    std::span<const Hash> all() const { return view_; }
    std::span<const Hash> of(sbom::HashAlgorithm algorithm) const {
        auto first = std::find_if(view_.begin(), view_.end(), [&](const Hash& h) { return h.algorithm == algorithm; });
        auto last = std::find_if(first, view_.end(), [&](const Hash& h) { return h.algorithm != algorithm; });
        return {first, last};
    }
    int strongest() const {
        int best = -1;
        for (const Hash& h : view_) best = std::max(best, sbom::hash_strength(h.algorithm));
        return best;
    }

private:
    std::vector<Hash> owned_;
    std::span<const Hash> view_;
};

std::string algorithm_list(std::span<const Hash> hashes) {
    std::string out;
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        if (i && hashes[i].algorithm == hashes[i - 1].algorithm) continue;
        if (!out.empty()) out += ", ";
        out += sbom::hash_algorithm_name(hashes[i].algorithm);
    }
    return out.empty() ? "none" : out;
}

// A VCS URL names the repository up to its revision: "git+https://host/r.git@v1.2#sub" is
// "git+https://host/r.git". Download URLs of different versions differ in their path (the file
// name, and on some registries a content-addressed folder), so across versions only the scheme
// and host say whether the source moved.
std::string_view strip_revision(std::string_view url) {
    if (auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
    // The revision follows the last '@' of the path: after "scheme://host/", or after "host:" in
    // the scp-like form "git@github.com:org/repo.git".
    const auto scheme = url.find("://");
    const auto path_start = scheme != std::string_view::npos ? url.find('/', scheme + 3) : url.find(':');
    if (path_start == std::string_view::npos) return url;
    if (auto at = url.rfind('@'); at != std::string_view::npos && at > path_start) url = url.substr(0, at);
    return url;
}

std::string origin_of(std::string_view url) {
    std::string out;
    const auto scheme_end = url.find("://");
    const auto host_end = scheme_end == std::string_view::npos ? std::string_view::npos : url.find('/', scheme_end + 3);
    for (char c : url.substr(0, host_end)) out += sbom::ascii_lower(c);
    return out;
}

struct ArtifactLess {
    const Document& doc;
    bool operator()(std::uint32_t a, std::uint32_t b) const {
        const Component& x = doc.components[a];
        const Component& y = doc.components[b];
        if (x.identity_hash != y.identity_hash) return x.identity_hash < y.identity_hash;
        if (x.identity != y.identity) return x.identity < y.identity;
        if (x.version != y.version) return x.version < y.version;
        // Within one artifact, the copy shown is the one at the first location.
        auto lx = doc.locations_of(x), ly = doc.locations_of(y);
        if (!std::equal(lx.begin(), lx.end(), ly.begin(), ly.end()))
            return std::lexicographical_compare(lx.begin(), lx.end(), ly.begin(), ly.end());
        return x.purl < y.purl;
    }
};

}  // namespace


// The artifacts of a document, root left out, ordered by identity (hash, then text), then
// version, the copies of one artifact by location.
Side prepare(const Document& doc) {
    Side side;
    side.doc = &doc;
    std::vector<std::uint32_t>& members = side.members;
    members.reserve(doc.components.size());
    for (std::uint32_t i = 0; i < doc.components.size(); ++i)
        if (i != doc.root) members.push_back(i);
    std::sort(members.begin(), members.end(), ArtifactLess{doc});
    std::vector<Artifact>& artifacts = side.artifacts;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= members.size(); ++i) {
        if (i < members.size()) {
            const Component& c = doc.components[members[i]];
            const Component& previous = doc.components[members[i - 1]];
            if (previous.identity_hash == c.identity_hash && previous.identity == c.identity && previous.version == c.version)
                continue;
        }
        artifacts.push_back({std::span<const std::uint32_t>(members).subspan(start, i - start)});
        start = i;
    }
    return side;
}

namespace {

class Comparer {
public:
    Comparer(const Document& old_doc, const Document& new_doc, Changes& out, sbom::StringPool& text)
        : old_(old_doc), new_(new_doc), out_(out), text_(text) {
        out_.hashes_compared = !old_doc.hashes.empty() && !new_doc.hashes.empty();
        out_.old_identity.assign(old_doc.components.size(), kNone);
        out_.new_identity.assign(new_doc.components.size(), kNone);
    }

    void run() {
        const auto& olds = out_.old_artifacts;
        const auto& news = out_.new_artifacts;
        std::size_t i = 0, j = 0;
        while (i < olds.size() || j < news.size()) {
            // Both lists are ordered by identity (hash, then text): walk them like a merge.
            const int order = i == olds.size()   ? 1
                              : j == news.size() ? -1
                                                 : compare_identity(comp(old_, olds[i]), comp(new_, news[j]));
            const std::size_t i_end = order <= 0 ? identity_end(old_, olds, i) : i;
            const std::size_t j_end = order >= 0 ? identity_end(new_, news, j) : j;
            prefetch(old_, olds, i + kPrefetchAhead);
            prefetch(new_, news, j + kPrefetchAhead);
            number_identity(i, i_end, j, j_end);
            match_identity(i, i_end, j, j_end);
            i = i_end;
            j = j_end;
        }
    }

private:
    static const Component& comp(const Document& doc, const Artifact& a) { return doc.components[a.first()]; }

    // Artifacts are in identity-hash order, components in document order: each step of the
    // merge reads components, hashes and texts from all over memory. Asking for them a few
    // steps early turns most of those waits into overlap.
    static constexpr std::size_t kPrefetchAhead = 8;
    static void prefetch(const Document& doc, const std::vector<Artifact>& list, std::size_t at) {
        if (at >= list.size()) return;
        const Component& c = comp(doc, list[at]);
        __builtin_prefetch(&c);
        __builtin_prefetch(reinterpret_cast<const char*>(&c) + 64);
        __builtin_prefetch(reinterpret_cast<const char*>(&c) + 128);
        __builtin_prefetch(c.identity.data());
        __builtin_prefetch(c.version.data());
        if (c.hashes_count) __builtin_prefetch(&doc.hashes[c.hashes_begin]);
    }

    void number_identity(std::size_t i, std::size_t i_end, std::size_t j, std::size_t j_end) {
        const auto number = static_cast<std::uint32_t>(out_.identities.size());
        out_.identities.push_back(i < i_end ? comp(old_, out_.old_artifacts[i]).identity : comp(new_, out_.new_artifacts[j]).identity);
        for (std::size_t a = i; a < i_end; ++a)
            for (std::uint32_t m : out_.old_artifacts[a].members) out_.old_identity[m] = number;
        for (std::size_t b = j; b < j_end; ++b)
            for (std::uint32_t m : out_.new_artifacts[b].members) out_.new_identity[m] = number;
    }

    static int compare_identity(const Component& a, const Component& b) {
        if (a.identity_hash != b.identity_hash) return a.identity_hash < b.identity_hash ? -1 : 1;
        return a.identity.compare(b.identity) < 0 ? -1 : a.identity == b.identity ? 0 : 1;
    }

    static std::size_t identity_end(const Document& doc, const std::vector<Artifact>& list, std::size_t start) {
        std::size_t end = start + 1;
        while (end < list.size() && compare_identity(comp(doc, list[start]), comp(doc, list[end])) == 0) ++end;
        return end;
    }

    // Pairs the versions of one identity: same version, then same install location, then
    // nearest version; what is left over was added or removed.
    void match_identity(std::size_t i, std::size_t i_end, std::size_t j, std::size_t j_end) {
        const auto& olds = out_.old_artifacts;
        const auto& news = out_.new_artifacts;
        if (i_end - i == 1 && j_end - j == 1) {  // by far the most common case
            pair(i, j, comp(old_, olds[i]).version == comp(new_, news[j]).version ? MatchRule::SameVersion
                                                                                  : MatchRule::OnlyCandidates);
            return;
        }
        std::vector<std::uint32_t> old_left, new_left;
        for (std::size_t a = i; a < i_end; ++a) old_left.push_back(static_cast<std::uint32_t>(a));
        for (std::size_t b = j; b < j_end; ++b) new_left.push_back(static_cast<std::uint32_t>(b));

        // Same version: artifacts are sorted by version within an identity.
        pair_where(old_left, new_left, MatchRule::SameVersion, [&](std::uint32_t a, std::uint32_t b) {
            return comp(old_, olds[a]).version == comp(new_, news[b]).version;
        });
        pair_where(old_left, new_left, MatchRule::InstallLocation, [&](std::uint32_t a, std::uint32_t b) {
            return share_location(olds[a], news[b]);
        });
        if (old_left.size() == 1 && new_left.size() == 1) {
            pair(old_left[0], new_left[0], MatchRule::OnlyCandidates);
            old_left.clear();
            new_left.clear();
        }
        pair_nearest(old_left, new_left);
        for (std::uint32_t a : old_left) add_change({.kind = ChangeKind::Removed, .old_artifact = a});
        for (std::uint32_t b : new_left) added_.push_back(b);
    }

    template <typename Fits>
    void pair_where(std::vector<std::uint32_t>& old_left, std::vector<std::uint32_t>& new_left, MatchRule rule, Fits fits) {
        for (auto a = old_left.begin(); a != old_left.end();) {
            auto b = std::find_if(new_left.begin(), new_left.end(), [&](std::uint32_t n) { return fits(*a, n); });
            if (b == new_left.end()) {
                ++a;
                continue;
            }
            pair(*a, *b, rule);
            new_left.erase(b);
            a = old_left.erase(a);
        }
    }

    bool share_location(const Artifact& a, const Artifact& b) const {
        for (std::uint32_t m : a.members)
            for (std::string_view la : old_.locations_of(old_.components[m]))
                for (std::uint32_t n : b.members)
                    for (std::string_view lb : new_.locations_of(new_.components[n]))
                        if (la == lb) return true;
        return false;
    }

    // Greedy: the pair sharing the most leading release numbers first; ties go to the lower old
    // version, then the lower new version, so the result does not depend on input order.
    void pair_nearest(std::vector<std::uint32_t>& old_left, std::vector<std::uint32_t>& new_left) {
        const auto& olds = out_.old_artifacts;
        const auto& news = out_.new_artifacts;
        sort_by_version(old_left, old_, olds);
        sort_by_version(new_left, new_, news);
        while (!old_left.empty() && !new_left.empty()) {
            std::size_t best_a = 0, best_b = 0;
            int best = -1;
            for (std::size_t a = 0; a < old_left.size(); ++a) {
                for (std::size_t b = 0; b < new_left.size(); ++b) {
                    const Component& x = comp(old_, olds[old_left[a]]);
                    const Component& y = comp(new_, news[new_left[b]]);
                    const int shared = sbom::shared_release_prefix(x.version_scheme, x.version, y.version);
                    if (shared > best) {
                        best = shared;
                        best_a = a;
                        best_b = b;
                    }
                }
            }
            pair(old_left[best_a], new_left[best_b], MatchRule::NearestVersion);
            old_left.erase(old_left.begin() + static_cast<std::ptrdiff_t>(best_a));
            new_left.erase(new_left.begin() + static_cast<std::ptrdiff_t>(best_b));
        }
    }

    // An insertion sort: some ecosystems' orders (Maven's, pacman's) are not transitive for odd versions,
    // which std::sort may not be given. The lists are the few versions of one package, and they
    // arrive in a fixed order (by version text), so the result is deterministic.
    static void sort_by_version(std::vector<std::uint32_t>& list, const Document& doc, const std::vector<Artifact>& artifacts) {
        auto less = [&](std::uint32_t a, std::uint32_t b) {
            const Component& x = comp(doc, artifacts[a]);
            const Component& y = comp(doc, artifacts[b]);
            return sbom::compare_versions(x.version_scheme, x.version, y.version) < 0;
        };
        for (std::size_t i = 1; i < list.size(); ++i)
            for (std::size_t j = i; j > 0 && less(list[j], list[j - 1]); --j) std::swap(list[j], list[j - 1]);
    }

    void pair(std::size_t a, std::size_t b, MatchRule rule) {
        const auto old_index = static_cast<std::uint32_t>(a), new_index = static_cast<std::uint32_t>(b);
        const Artifact& oa = out_.old_artifacts[a];
        const Artifact& na = out_.new_artifacts[b];
        const Component& x = comp(old_, oa);
        const Component& y = comp(new_, na);
        ++out_.matched;
        ++out_.matched_by[static_cast<std::size_t>(rule)];
        const std::size_t before = out_.changes.size();
        Change base{.kind = ChangeKind::VersionChanged, .old_artifact = old_index, .new_artifact = new_index, .match = rule};

        const ArtifactHashes old_hashes(old_, oa), new_hashes(new_, na);
        if (x.version != y.version) {
            Change change = base;
            const int order = sbom::compare_versions(y.version_scheme, x.version, y.version);
            change.direction = order < 0 ? Direction::Up : order > 0 ? Direction::Down : Direction::Equal;
            change.step = sbom::version_step(y.version_scheme, x.version, y.version);
            add_change(change);
        } else if (hashes_differ(old_hashes, new_hashes)) {
            add_change(with_kind(base, ChangeKind::HashChanged));
        }
        if (out_.hashes_compared && !old_hashes.all().empty() && new_hashes.strongest() < old_hashes.strongest()) {
            Change change = with_kind(base, ChangeKind::HashWeakened);
            change.field = new_hashes.all().empty() ? "dropped" : "weaker";
            change.old_value = text_.intern(algorithm_list(old_hashes.all()));
            change.new_value = text_.intern(algorithm_list(new_hashes.all()));
            add_change(change);
        }
        if (!x.license.empty() && !y.license.empty() && x.license.is_name == y.license.is_name &&
            !sbom::same_license_text(x.license.text, y.license.text)) {
            add_change(with_values(base, ChangeKind::LicenseChanged, "license", x.license.text, y.license.text));
        }
        compare_field(base, ChangeKind::SupplierChanged, "supplier", x.supplier, y.supplier);
        compare_field(base, ChangeKind::SupplierChanged, "publisher", x.publisher, y.publisher);
        compare_field(base, ChangeKind::SupplierChanged, "originator", x.originator, y.originator);
        compare_source(base, x, y);
        compare_field(base, ChangeKind::ScopeChanged, "scope", x.scope, y.scope);
        if (out_.changes.size() == before) ++out_.unchanged;
    }

    static bool hashes_differ(const ArtifactHashes& a, const ArtifactHashes& b) {
        // Only algorithms both sides state can disagree.
        for (std::size_t i = 0; i < a.all().size();) {
            const auto algorithm = a.all()[i].algorithm;
            const auto ours = a.of(algorithm), theirs = b.of(algorithm);
            if (!theirs.empty() && !std::equal(ours.begin(), ours.end(), theirs.begin(), theirs.end())) return true;
            i += ours.size();
        }
        return false;
    }

    void compare_field(const Change& base, ChangeKind kind, std::string_view field, std::string_view a, std::string_view b) {
        if (!a.empty() && !b.empty() && !sbom::iequals(a, b)) add_change(with_values(base, kind, field, a, b));
    }

    void compare_source(const Change& base, const Component& x, const Component& y) {
        const bool same_version = x.version == y.version;
        if (!x.download.empty() && !y.download.empty()) {
            const bool moved = same_version ? x.download != y.download : origin_of(x.download) != origin_of(y.download);
            if (moved) add_change(with_values(base, ChangeKind::SourceChanged, "download", x.download, y.download));
        }
        if (!x.vcs.empty() && !y.vcs.empty() && strip_revision(x.vcs) != strip_revision(y.vcs))
            add_change(with_values(base, ChangeKind::SourceChanged, "vcs", x.vcs, y.vcs));
        if (!x.repository.empty() && !y.repository.empty() && x.repository != y.repository)
            add_change(with_values(base, ChangeKind::SourceChanged, "repository", x.repository, y.repository));
    }

    static Change with_kind(Change change, ChangeKind kind) {
        change.kind = kind;
        return change;
    }
    static Change with_values(Change change, ChangeKind kind, std::string_view field, std::string_view a, std::string_view b) {
        change.kind = kind;
        change.field = field;
        change.old_value = a;
        change.new_value = b;
        return change;
    }

    void add_change(Change change) { out_.changes.push_back(std::move(change)); }

public:
    std::vector<std::uint32_t> added_;  // new artifacts left unmatched

private:
    const Document& old_;
    const Document& new_;
    Changes& out_;
    sbom::StringPool& text_;
};

}  // namespace

Changes compare(Side old_side, Side new_side) {
    Changes out;
    out.old_doc = old_side.doc;
    out.new_doc = new_side.doc;
    out.old_members = std::move(old_side.members);  // moving keeps the buffers the spans point into
    out.new_members = std::move(new_side.members);
    out.old_artifacts = std::move(old_side.artifacts);
    out.new_artifacts = std::move(new_side.artifacts);
    Comparer comparer(*out.old_doc, *out.new_doc, out, out.text);
    comparer.run();
    detail::add_introductions(out, comparer.added_);
    detail::compare_edges(out);
    detail::sort_changes(out);
    for (const Change& change : out.changes) ++out.counts[static_cast<std::size_t>(change.kind)];
    return out;
}

Changes compare(const Document& old_doc, const Document& new_doc) {
    Side old_side;
    std::thread old_thread([&] { old_side = prepare(old_doc); });
    Side new_side = prepare(new_doc);
    old_thread.join();
    return compare(std::move(old_side), std::move(new_side));
}

}  // namespace bomwatch::diff
