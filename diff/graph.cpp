// The dependency graph: where added components hang, and which edges appeared or went.
#include <algorithm>
#include <string_view>

#include "diff/detail.h"

namespace bomwatch::diff::detail {

using sbom::Component;
using sbom::Document;

namespace {

// Breadth-first search from the root over dependency edges and nesting (a nested CycloneDX
// component hangs from its parent). Children are visited by `rank` (their position in the
// artifact order: identity, version, location), not by array order, so that among equally short
// paths the same one is chosen whatever the input order.
struct ShortestPaths {
    std::vector<std::uint32_t> parent;  // kNone for a start node or an unreached one
    std::vector<std::uint32_t> depth;   // kNone when unreached

    ShortestPaths(const Document& doc, const std::vector<std::uint32_t>& rank) {
        const std::size_t n = doc.components.size();
        // Children of each node, grouped by a counting sort, then each group ordered by rank.
        std::vector<std::uint32_t> first(n + 1, 0);
        for (const auto& edge : doc.edges) ++first[edge.from + 1];
        for (const auto& c : doc.components)
            if (c.parent != sbom::kNone) ++first[c.parent + 1];
        for (std::size_t i = 0; i < n; ++i) first[i + 1] += first[i];
        std::vector<std::uint32_t> children(first[n]);
        std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
        for (const auto& edge : doc.edges) children[next[edge.from]++] = edge.to;
        for (std::uint32_t i = 0; i < n; ++i)
            if (doc.components[i].parent != sbom::kNone) children[next[doc.components[i].parent]++] = i;
        for (std::size_t i = 0; i < n; ++i)
            std::sort(children.begin() + first[i], children.begin() + first[i + 1],
                      [&](std::uint32_t a, std::uint32_t b) { return rank[a] < rank[b]; });

        std::vector<std::uint32_t> queue;
        queue.reserve(n);
        if (doc.root != sbom::kNone) {
            queue.push_back(doc.root);
        } else {
            // No root: every component nothing depends on is a top.
            std::vector<bool> has_parent(n, false);
            for (std::uint32_t child : children) has_parent[child] = true;
            for (std::uint32_t i = 0; i < n; ++i)
                if (!has_parent[i]) queue.push_back(i);
            std::sort(queue.begin(), queue.end(), [&](auto a, auto b) { return rank[a] < rank[b]; });
        }

        parent.assign(n, sbom::kNone);
        depth.assign(n, sbom::kNone);
        for (std::uint32_t start : queue) depth[start] = 0;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::uint32_t node = queue[head];
            for (std::uint32_t k = first[node]; k < first[node + 1]; ++k) {
                const std::uint32_t child = children[k];
                if (depth[child] != sbom::kNone) continue;
                depth[child] = depth[node] + 1;
                parent[child] = node;
                queue.push_back(child);
            }
        }
    }
};

}  // namespace

void add_introductions(Changes& out, const std::vector<std::uint32_t>& added) {
    if (added.empty()) return;
    const Document& doc = *out.new_doc;
    std::vector<std::uint32_t> rank(doc.components.size(), sbom::kNone);
    std::uint32_t next = 0;
    for (const Artifact& artifact : out.new_artifacts)
        for (std::uint32_t member : artifact.members) rank[member] = next++;
    const ShortestPaths paths(doc, rank);
    for (std::uint32_t a : added) {
        Change change{.kind = ChangeKind::Added, .new_artifact = a};
        // Of several copies, the one nearest the root tells how the package came in.
        std::uint32_t best = sbom::kNone;
        for (std::uint32_t member : out.new_artifacts[a].members)
            if (paths.depth[member] != sbom::kNone && (best == sbom::kNone || paths.depth[member] < paths.depth[best]))
                best = member;
        if (best != sbom::kNone) {
            change.reachable = true;
            for (std::uint32_t node = paths.parent[best]; node != sbom::kNone && node != doc.root; node = paths.parent[node])
                change.introduced_via.push_back(node);
            std::reverse(change.introduced_via.begin(), change.introduced_via.end());
        }
        out.changes.push_back(std::move(change));
    }
}

namespace {

// Edges between identities (numbered, see Changes::identities), so that a version bump does not
// churn every edge; the root is kRoot whatever it is called.
constexpr std::uint32_t kRoot = sbom::kNone;
using IdentityEdge = std::pair<std::uint32_t, std::uint32_t>;

std::vector<IdentityEdge> identity_edges(const Document& doc, const std::vector<std::uint32_t>& identity) {
    std::vector<IdentityEdge> edges;
    edges.reserve(doc.edges.size());
    for (const auto& edge : doc.edges) {
        if (edge.to == doc.root) continue;
        const std::uint32_t from = edge.from == doc.root ? kRoot : identity[edge.from];
        // Copies of a package depending on another copy of itself are not an edge.
        if (from != identity[edge.to]) edges.emplace_back(from, identity[edge.to]);
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    return edges;
}

}  // namespace

void compare_edges(Changes& out) {
    // A document without a graph says nothing about edges: unknown, not removed.
    out.edges_compared = !out.old_doc->edges.empty() && !out.new_doc->edges.empty();
    if (!out.edges_compared) return;
    const auto old_edges = identity_edges(*out.old_doc, out.old_identity);
    const auto new_edges = identity_edges(*out.new_doc, out.new_identity);
    auto text = [&](std::uint32_t identity) { return identity == kRoot ? std::string_view() : out.identities[identity]; };
    auto add = [&](ChangeKind kind, const IdentityEdge& edge) {
        out.changes.push_back({.kind = kind, .from = text(edge.first), .to = text(edge.second)});
    };
    std::size_t i = 0, j = 0;
    while (i < old_edges.size() || j < new_edges.size()) {
        if (j == new_edges.size() || (i < old_edges.size() && old_edges[i] < new_edges[j])) {
            add(ChangeKind::EdgeRemoved, old_edges[i++]);
        } else if (i == old_edges.size() || new_edges[j] < old_edges[i]) {
            add(ChangeKind::EdgeAdded, new_edges[j++]);
        } else {
            ++i;
            ++j;
        }
    }
}

void sort_changes(Changes& out) {
    auto component_of = [&](const Change& c) -> const Component* {
        if (c.new_artifact != sbom::kNone) return &out.new_doc->components[out.new_artifacts[c.new_artifact].first()];
        if (c.old_artifact != sbom::kNone) return &out.old_doc->components[out.old_artifacts[c.old_artifact].first()];
        return nullptr;
    };
    auto version_of = [&](const Change& c, bool old_side) -> std::string_view {
        const std::uint32_t a = old_side ? c.old_artifact : c.new_artifact;
        if (a == sbom::kNone) return {};
        const auto& doc = old_side ? *out.old_doc : *out.new_doc;
        const auto& list = old_side ? out.old_artifacts : out.new_artifacts;
        return doc.components[list[a].first()].version;
    };
    std::sort(out.changes.begin(), out.changes.end(), [&](const Change& a, const Change& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        const Component* x = component_of(a);
        const Component* y = component_of(b);
        if (x && y && x->identity != y->identity) return x->identity < y->identity;
        if (a.from != b.from) return a.from < b.from;
        if (a.to != b.to) return a.to < b.to;
        if (version_of(a, true) != version_of(b, true)) return version_of(a, true) < version_of(b, true);
        if (version_of(a, false) != version_of(b, false)) return version_of(a, false) < version_of(b, false);
        return a.field < b.field;
    });
}

}  // namespace bomwatch::diff::detail
