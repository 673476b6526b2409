// What the SPDX 3 JSON-LD reader keeps of the @graph between its elements. Elements come in any
// order and name each other by spdxId, so what one says of another (an agent's name, a licence, a
// relationship, the root) is kept as a few numbers and applied once the whole graph is read.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sbom/builder.h"
#include "sbom/model.h"
#include "sbom/text_index.h"

namespace bomwatch::sbom::spdx3 {

// What an element id stands for, as far as the diff cares.
enum class NodeKind : std::uint8_t {
    Unknown,          // only referred to (a file, an element of another document...)
    Package,          // a package element (the first with this id)
    Agent,            // text: its name
    License,          // text: an SPDX licence expression (or what a generator wrote in its place)
    LicenseName,      // text: a free-text licence name
    UnreadLicense,    // an expanded-licensing set or operator; text: its type
    PurlIdentifier,   // an ExternalIdentifier element (sbom-tool writes them so); text: the purl
    OtherIdentifier,  // an ExternalIdentifier element of another type (cpe23, email...)
};

// What a relationship means for the diff.
enum class Meaning { None, Forward, Reverse, Describes, DescribedBy, DeclaredLicense, ConcludedLicense };
// `type` as SPDX 3 writes it ("dependsOn"), or as SPDX 2 does ("DEPENDS_ON"): sbom-tool writes
// SPDX 2's names in its SPDX 3 documents.
Meaning meaning_of(std::string_view type);

// "https://spdx.org/licenses/MIT" -> "MIT": the id of a listed licence, "" for other ids.
std::string_view listed_license_id(std::string_view id);

class ElementGraph {
public:
    // Says what the element `id` is (`text` as NodeKind says), unless an earlier element with
    // this id did.
    void describe(std::string_view id, NodeKind kind, std::string_view text);

    // A package element, with its id ("" when it has none), its place in the @graph, and the ids
    // of its supplier and originators. Returns its number, for set_component() or defer().
    std::uint32_t add_package(std::string_view id, std::uint32_t graph_index, std::string_view supplier,
                              std::span<const std::string> originators);
    void set_component(std::uint32_t package, std::uint32_t component) { packages_[package].component = component; }
    // The purl of the first packageUrl ExternalIdentifier element among `identifiers` ("" when
    // none is), and in `to_come` whether one of them has not been read yet.
    std::string_view purl_among(std::span<const std::string> identifiers, bool& to_come);
    // Keeps the fields of a package's `raw` (name, version, download, type, hashes) to build it in
    // finish(), once the ExternalIdentifier elements `identifiers` are known.
    void defer(std::uint32_t package, const RawComponent& raw, std::span<const std::string> identifiers);

    void add_relationship(Meaning meaning, std::string_view from, std::span<const std::string> to);
    void add_document_roots(std::span<const std::string> roots);
    // The roots of a software_Sbom, Bom or Bundle (`collection` "" when it has no id).
    void add_collection_roots(std::string_view collection, std::span<const std::string> roots);

    // Adds `raw`, the package read at @graph[graph_index], as a component; returns its index.
    using AddFn = std::function<std::uint32_t(RawComponent& raw, std::uint32_t graph_index)>;
    // Once the whole @graph has been read: builds the deferred packages, gives the components
    // their suppliers, originators and licences, adds the edges between packages and sets the
    // root. `raw` is a buffer to reuse.
    void finish(DocumentBuilder& builder, RawComponent& raw, const AddFn& add, const DocumentBuilder::WarnFn& warn);

private:
    struct Node {
        Text id, text;
        std::uint32_t package = kNone;
        NodeKind kind = NodeKind::Unknown;
    };
    struct Package {
        std::uint32_t node = kNone, graph_index = 0;
        std::uint32_t component = kNone;  // kNone while deferred (or when the builder refused it)
        std::uint32_t deferred = kNone;   // index in deferred_
        std::uint32_t supplier = kNone;   // a node
        std::uint32_t originators_begin = 0, originators_count = 0;  // nodes in refs_
    };
    struct Deferred {
        Text name, version, download, purpose;
        std::uint32_t hashes_begin = 0, hashes_count = 0;            // in deferred_hashes_
        std::uint32_t identifiers_begin = 0, identifiers_count = 0;  // nodes in refs_
    };
    struct LicenseLink {
        std::uint32_t from, to;  // nodes; in finish(), `from` becomes the package
        bool declared;
    };
    struct StatedLicense {
        std::string_view text;
        bool is_name;  // a free-text name rather than an SPDX expression
    };

    // The number of the element `id`, made on its first mention.
    std::uint32_t node_of(std::string_view id);
    std::uint32_t component_of(std::uint32_t node) const {
        return nodes_[node].package == kNone ? kNone : packages_[nodes_[node].package].component;
    }
    void build_deferred(RawComponent& raw, const AddFn& add);
    void apply_parties_and_licenses(DocumentBuilder& builder, RawComponent& raw, const DocumentBuilder::WarnFn& warn);
    void add_license(const LicenseLink& link, std::vector<StatedLicense>& into, const Package& p,
                     const DocumentBuilder::WarnFn& warn) const;
    std::uint32_t root_package() const;

    StringPool ids_text_, text_;
    TextIndex ids_;
    std::vector<Node> nodes_;
    std::vector<Package> packages_;
    std::vector<Deferred> deferred_;
    std::vector<std::pair<Text, Text>> deferred_hashes_;  // algorithm, value
    std::vector<std::uint32_t> refs_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges_, describes_;  // nodes
    std::vector<LicenseLink> license_links_;
    std::vector<std::uint32_t> document_roots_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> collection_roots_;  // (collection, root element)
};

}  // namespace bomwatch::sbom::spdx3
