#include "sbom/read_spdx3_jsonld_graph.h"

#include <algorithm>
#include <array>

#include "sbom/spdx.h"

namespace bomwatch::sbom::spdx3 {

Meaning meaning_of(std::string_view type) {
    // The dependency kinds of SPDX 2's edge_direction, as SPDX 3 names them ("A DYNAMIC_LINK B" is
    // "A hasDynamicLink B"; "A OPTIONAL_DEPENDENCY_OF B" is "B hasOptionalDependency A").
    static constexpr std::array<std::string_view, 7> kForward{"dependsOn", "contains", "hasDynamicLink", "hasStaticLink",
                                                              "hasPrerequisite", "hasOptionalDependency",
                                                              "hasProvidedDependency"};
    for (const auto forward : kForward)
        if (type == forward) return Meaning::Forward;
    if (type == "describes") return Meaning::Describes;
    if (type == "hasDeclaredLicense" || type == "HAS_DECLARED_LICENSE") return Meaning::DeclaredLicense;
    if (type == "hasConcludedLicense" || type == "HAS_CONCLUDED_LICENSE") return Meaning::ConcludedLicense;
    switch (spdx::edge_direction(type)) {
    case spdx::EdgeDirection::Forward: return Meaning::Forward;
    case spdx::EdgeDirection::Reverse: return Meaning::Reverse;
    case spdx::EdgeDirection::Describes: return Meaning::Describes;
    case spdx::EdgeDirection::DescribedBy: return Meaning::DescribedBy;
    case spdx::EdgeDirection::None: return Meaning::None;
    }
    return Meaning::None;
}

std::string_view listed_license_id(std::string_view id) {
    for (std::string_view prefix : {"https://spdx.org/licenses/", "http://spdx.org/licenses/"})
        if (id.starts_with(prefix) && id.size() > prefix.size()) return id.substr(prefix.size());
    return {};
}

std::uint32_t ElementGraph::node_of(std::string_view id) {
    if (const std::uint32_t known = ids_.find(id); known != TextIndex::kMissing) return known;
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    Node node;
    node.id = ids_text_.store(id);
    nodes_.push_back(node);
    ids_.insert(node.id, index);
    return index;
}

void ElementGraph::describe(std::string_view id, NodeKind kind, std::string_view text) {
    Node& node = nodes_[node_of(id)];
    if (node.kind != NodeKind::Unknown) return;  // an id names the first element that has it
    node.kind = kind;
    node.text = text_.intern(text);
}

std::uint32_t ElementGraph::add_package(std::string_view id, std::uint32_t graph_index, std::string_view supplier,
                                        std::span<const std::string> originators) {
    const auto number = static_cast<std::uint32_t>(packages_.size());
    Package p;
    p.graph_index = graph_index;
    if (!id.empty()) {
        p.node = node_of(id);
        Node& node = nodes_[p.node];
        if (node.package == kNone) {  // a second package with the id is read too; the builder says so
            node.package = number;
            node.kind = NodeKind::Package;
        }
    }
    if (!supplier.empty()) p.supplier = node_of(supplier);
    p.originators_begin = static_cast<std::uint32_t>(refs_.size());
    for (const auto& agent : originators) refs_.push_back(node_of(agent));
    p.originators_count = static_cast<std::uint32_t>(refs_.size() - p.originators_begin);
    packages_.push_back(p);
    return number;
}

std::string_view ElementGraph::purl_among(std::span<const std::string> identifiers, bool& to_come) {
    to_come = false;
    for (const auto& identifier : identifiers) {
        const Node& node = nodes_[node_of(identifier)];
        if (node.kind == NodeKind::PurlIdentifier) return node.text;
        to_come |= node.kind == NodeKind::Unknown;
    }
    return {};
}

void ElementGraph::defer(std::uint32_t package, const RawComponent& raw, std::span<const std::string> identifiers) {
    Deferred d;
    d.name = text_.store(raw.name);
    d.version = text_.intern(raw.version);
    d.download = text_.store(raw.download);
    d.purpose = text_.intern(raw.type);
    d.hashes_begin = static_cast<std::uint32_t>(deferred_hashes_.size());
    for (std::size_t i = 0; i < raw.hash_count; ++i)
        deferred_hashes_.emplace_back(text_.intern(raw.hashes[i].algorithm), text_.store(raw.hashes[i].value));
    d.hashes_count = static_cast<std::uint32_t>(deferred_hashes_.size() - d.hashes_begin);
    d.identifiers_begin = static_cast<std::uint32_t>(refs_.size());
    for (const auto& identifier : identifiers) refs_.push_back(node_of(identifier));
    d.identifiers_count = static_cast<std::uint32_t>(refs_.size() - d.identifiers_begin);
    packages_[package].deferred = static_cast<std::uint32_t>(deferred_.size());
    deferred_.push_back(d);
}

void ElementGraph::add_relationship(Meaning meaning, std::string_view from_id, std::span<const std::string> to_ids) {
    if (meaning == Meaning::None) return;
    const std::uint32_t from = node_of(from_id);
    for (const auto& to_id : to_ids) {
        const std::uint32_t to = node_of(to_id);
        switch (meaning) {
        case Meaning::Forward: edges_.emplace_back(from, to); break;
        case Meaning::Reverse: edges_.emplace_back(to, from); break;
        case Meaning::Describes: describes_.emplace_back(from, to); break;
        case Meaning::DescribedBy: describes_.emplace_back(to, from); break;
        case Meaning::DeclaredLicense: license_links_.push_back({from, to, true}); break;
        case Meaning::ConcludedLicense: license_links_.push_back({from, to, false}); break;
        case Meaning::None: break;
        }
    }
}

void ElementGraph::add_document_roots(std::span<const std::string> roots) {
    for (const auto& root : roots) document_roots_.push_back(node_of(root));
}

void ElementGraph::add_collection_roots(std::string_view collection, std::span<const std::string> roots) {
    const std::uint32_t node = collection.empty() ? kNone : node_of(collection);
    for (const auto& root : roots) collection_roots_.emplace_back(node, node_of(root));
}

void ElementGraph::finish(DocumentBuilder& builder, RawComponent& raw, const AddFn& add, const DocumentBuilder::WarnFn& warn) {
    build_deferred(raw, add);
    apply_parties_and_licenses(builder, raw, warn);
    for (const auto& [from, to] : edges_)
        if (component_of(from) != kNone && component_of(to) != kNone) builder.add_edge(nodes_[from].id, nodes_[to].id);
    if (const std::uint32_t root = root_package(); root != kNone && packages_[root].component != kNone)
        builder.set_root(packages_[root].component);
}

void ElementGraph::build_deferred(RawComponent& raw, const AddFn& add) {
    for (Package& p : packages_) {
        if (p.deferred == kNone) continue;
        const Deferred& d = deferred_[p.deferred];
        raw.clear();
        if (p.node != kNone) raw.ref = nodes_[p.node].id;
        raw.name = d.name;
        raw.version = d.version;
        raw.download = d.download;
        raw.type = d.purpose;
        for (std::uint32_t h = 0; h < d.hashes_count; ++h) {
            auto& hash = raw.add_hash();
            hash.algorithm = deferred_hashes_[d.hashes_begin + h].first;
            hash.value = deferred_hashes_[d.hashes_begin + h].second;
        }
        for (std::uint32_t r = 0; r < d.identifiers_count && raw.purl.empty(); ++r) {
            const Node& identifier = nodes_[refs_[d.identifiers_begin + r]];
            if (identifier.kind == NodeKind::PurlIdentifier) raw.purl = identifier.text;
        }
        p.component = add(raw, p.graph_index);
    }
}

void ElementGraph::apply_parties_and_licenses(DocumentBuilder& builder, RawComponent& raw, const DocumentBuilder::WarnFn& warn) {
    std::vector<LicenseLink> links;  // `from` is the package, in file order per package
    for (const LicenseLink& link : license_links_)
        if (nodes_[link.from].package != kNone) links.push_back({nodes_[link.from].package, link.to, link.declared});
    std::stable_sort(links.begin(), links.end(), [](const auto& a, const auto& b) { return a.from < b.from; });

    auto next_link = links.begin();
    std::vector<StatedLicense> declared, concluded;
    for (std::uint32_t i = 0; i < packages_.size(); ++i) {
        const Package& p = packages_[i];
        const auto first_link = next_link;
        while (next_link != links.end() && next_link->from == i) ++next_link;
        if (p.component == kNone || (p.supplier == kNone && p.originators_count == 0 && first_link == next_link)) continue;
        raw.clear();
        if (p.supplier != kNone && nodes_[p.supplier].kind == NodeKind::Agent) raw.supplier = nodes_[p.supplier].text;
        for (std::uint32_t r = 0; r < p.originators_count; ++r) {
            const Node& agent = nodes_[refs_[p.originators_begin + r]];
            if (agent.kind != NodeKind::Agent) continue;
            if (!raw.originator.empty()) raw.originator += ", ";
            raw.originator += agent.text;
        }
        declared.clear();
        concluded.clear();
        for (auto link = first_link; link != next_link; ++link) add_license(*link, link->declared ? declared : concluded, p, warn);
        // As SPDX 2's chosen_license: the declared licence unless it is NOASSERTION, else the concluded one.
        std::erase_if(declared, [](const StatedLicense& l) { return !l.is_name && l.text == "NOASSERTION"; });
        for (const StatedLicense& license : declared.empty() ? concluded : declared)
            (license.is_name ? raw.license_names : raw.license_expressions).emplace_back(license.text);
        builder.set_parties_and_license(p.component, raw);
    }
}

void ElementGraph::add_license(const LicenseLink& link, std::vector<StatedLicense>& into, const Package& p,
                               const DocumentBuilder::WarnFn& warn) const {
    const Node& license = nodes_[link.to];
    switch (license.kind) {
    case NodeKind::License: into.push_back({license.text, false}); return;
    case NodeKind::LicenseName: into.push_back({license.text, true}); return;
    case NodeKind::UnreadLicense:
        warn("@graph[" + std::to_string(p.graph_index) + "]",
             "licence element of type " + std::string(license.text) + " is not read; the licence counts as not stated");
        return;
    case NodeKind::Unknown: {
        // Listed licences and the NoAssertion/None individuals need not be in the graph.
        const std::string_view id = license.id;
        if (const std::string_view listed = listed_license_id(id); !listed.empty()) into.push_back({listed, false});
        else if (id.ends_with("NoAssertionLicense")) into.push_back({"NOASSERTION", false});
        else if (id.ends_with("NoneLicense")) into.push_back({"NONE", false});
        return;
    }
    default: return;
    }
}

// The package the document is about: the first package among the SpdxDocument's root elements
// (looking through a software_Sbom or Bundle root to its own roots), else among any collection's
// roots, else the first package a `describes` relationship names.
std::uint32_t ElementGraph::root_package() const {
    auto by_collection = collection_roots_;
    const auto collection_less = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(by_collection.begin(), by_collection.end(), collection_less);
    for (const std::uint32_t root : document_roots_) {
        if (nodes_[root].package != kNone) return nodes_[root].package;
        const auto [first, last] = std::equal_range(by_collection.begin(), by_collection.end(), std::pair{root, 0u}, collection_less);
        for (auto it = first; it != last; ++it)
            if (nodes_[it->second].package != kNone) return nodes_[it->second].package;
    }
    for (const auto& [collection, root] : collection_roots_)
        if (nodes_[root].package != kNone) return nodes_[root].package;
    for (const auto& [from, to] : describes_)
        if (nodes_[from].package == kNone && nodes_[to].package != kNone) return nodes_[to].package;
    return kNone;
}

}  // namespace bomwatch::sbom::spdx3
