// SPDX 2.x RDF/XML: the SPDX ontology as an RDF graph. A package, its checksums, external refs,
// licences and relationships are nodes; each may be written inside the property that refers to
// it (spdx-tools' abbreviated form: relationships nest packages nest relationships...) or apart,
// referred to by rdf:resource / rdf:nodeID (the flat form, rdf:Description with rdf:type). Both
// are read the same way: while streaming, each node keeps only the properties a diff needs, by
// node id; once the document is read, packages, licences and relationships are resolved from
// them. Memory follows the packages and relationships (a licence's text is never kept).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sbom/builder.h"
#include "sbom/diagnostics.h"
#include "sbom/read.h"
#include "sbom/spdx.h"
#include "sbom/xml_reader.h"

namespace bomwatch::sbom {

namespace {

constexpr std::string_view kSpdxTerms = "http://spdx.org/rdf/terms#";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kListedLicenses = "http://spdx.org/licenses/";
const std::string kUnnamed;  // the id of a blank node written in place

enum class Kind : std::uint8_t {
    Unknown,  // an rdf:Description whose rdf:type has not been seen (yet)
    Other,    // files, snippets, annotations...: only their relationships count
    Document, Package, Relationship, Checksum, ExternalRef,
    AllOf, AnyOf, WithException, OrLater, License,
};

Kind kind_of(std::string_view type) {
    if (type == "Package") return Kind::Package;
    if (type == "SpdxDocument") return Kind::Document;
    if (type == "Relationship") return Kind::Relationship;
    if (type == "Checksum") return Kind::Checksum;
    if (type == "ExternalRef") return Kind::ExternalRef;
    if (type == "ConjunctiveLicenseSet") return Kind::AllOf;
    if (type == "DisjunctiveLicenseSet") return Kind::AnyOf;
    if (type == "WithExceptionOperator") return Kind::WithException;
    if (type == "OrLaterOperator") return Kind::OrLater;
    if (type == "License" || type == "ListedLicense" || type == "ExtractedLicensingInfo" ||
        type == "SimpleLicensingInfo" || type == "LicenseException" || type == "ListedLicenseException")
        return Kind::License;
    return Kind::Other;
}

// The properties kept: those a diff needs, whatever node they are on.
enum class Prop : std::uint8_t {
    None, Type, Name, VersionInfo, Supplier, Originator, DownloadLocation, Checksum, ExternalRef, LicenseDeclared,
    LicenseConcluded, Purpose, Relationship, RelationshipType, Related, Algorithm, ChecksumValue, ReferenceType,
    ReferenceLocator, Member, LicenseException, LicenseId, SpecVersion, DescribesPackage,
};

Prop prop_of(std::string_view ns, std::string_view name) {
    if (ns == kRdf) return name == "type" ? Prop::Type : Prop::None;
    if (ns != kSpdxTerms) return Prop::None;
    struct Known {
        std::string_view name;
        Prop prop;
    };
    static constexpr Known kKnown[] = {
        {"name", Prop::Name}, {"versionInfo", Prop::VersionInfo}, {"supplier", Prop::Supplier},
        {"originator", Prop::Originator}, {"downloadLocation", Prop::DownloadLocation}, {"checksum", Prop::Checksum},
        {"externalRef", Prop::ExternalRef}, {"licenseDeclared", Prop::LicenseDeclared},
        {"licenseConcluded", Prop::LicenseConcluded}, {"primaryPackagePurpose", Prop::Purpose},
        {"relationship", Prop::Relationship}, {"relationshipType", Prop::RelationshipType},
        {"relatedSpdxElement", Prop::Related}, {"algorithm", Prop::Algorithm}, {"checksumValue", Prop::ChecksumValue},
        {"referenceType", Prop::ReferenceType}, {"referenceLocator", Prop::ReferenceLocator}, {"member", Prop::Member},
        {"licenseException", Prop::LicenseException}, {"licenseId", Prop::LicenseId},
        {"licenseExceptionId", Prop::LicenseId}, {"specVersion", Prop::SpecVersion},
        {"describesPackage", Prop::DescribesPackage},
    };
    for (const Known& known : kKnown)
        if (known.name == name) return known.prop;
    return Prop::None;
}

// A property's value: a literal, or the node it refers to: by id (rdf:resource, rdf:nodeID), or by
// index when the node is written inside the property.
struct Value {
    std::string text;
    bool node = false;
    std::uint32_t target = kNone;
};

struct Node {
    Kind kind = Kind::Unknown;
    std::uint64_t line = 0;  // of its first description
    std::vector<std::pair<Prop, Value>> props;
};

// "...#relationshipType_dependsOn" -> "dependsOn"; "http://spdx.org/rdf/references/purl" -> "purl".
std::string_view local_part(std::string_view uri, std::string_view prefix = {}) {
    const auto cut = uri.find_last_of("#/");
    if (cut != std::string_view::npos) uri.remove_prefix(cut + 1);
    if (!prefix.empty() && uri.starts_with(prefix)) uri.remove_prefix(prefix.size());
    return uri;
}

// "dependsOn" -> "DEPENDS_ON": the ontology's names as SPDX JSON and tag-value write them (a name
// already written so stays as it is).
std::string upper_snake(std::string_view camel) {
    std::string out;
    bool after_lower = false;
    for (const char c : camel) {
        const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        if (upper && after_lower) out += '_';
        out += static_cast<char>(lower ? c - 'a' + 'A' : c);
        after_lower = lower || (c >= '0' && c <= '9');
    }
    return out;
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

class RdfReader {
public:
    RdfReader(InputStream& in, Document& doc, const ReadOptions& options)
        : xml_(in),
          doc_(doc),
          diagnostics_(in, doc, options.strict),
          builder_(doc, [this](std::string where, std::string message) { warn(line_, std::move(where), std::move(message)); }) {}

    void read() {
        stream();
        resolve();
    }

private:
    // An open element: a node (its index in nodes_), or a property of the node below it.
    struct Frame {
        bool node = false;
        std::uint32_t index = 0;  // node: its index; property: the node it belongs to
        Prop prop = Prop::None;
        bool has_value = false;   // property: rdf:resource, rdf:nodeID or a node inside
        bool implicit_node = false;  // property with rdf:parseType="Resource": a node frame follows it
        Value value;

        static Frame for_node(std::uint32_t node) {
            Frame frame;
            frame.node = true;
            frame.index = node;
            return frame;
        }
        static Frame for_property(std::uint32_t owner, Prop prop) {
            Frame frame;
            frame.node = false;
            frame.index = owner;
            frame.prop = prop;
            return frame;
        }
    };

    // Reads the document into nodes_.
    void stream() {
        if (!xml_.next() || xml_.type() != xml::NodeType::Element || xml_.namespace_uri() != kRdf ||
            xml_.local_name() != "RDF")
            xml_.fail("the root element is not rdf:RDF");
        if (xml_.empty_element()) return;
        while (xml_.next()) {
            switch (xml_.type()) {
            case xml::NodeType::Element:
                if (frames_.empty() || !frames_.back().node) start_node();
                else start_property();
                break;
            case xml::NodeType::EndElement:
                if (frames_.empty()) return;  // </rdf:RDF>
                end_element();
                break;
            case xml::NodeType::Text:
                if (!frames_.empty() && !frames_.back().node && !frames_.back().has_value &&
                    frames_.back().prop != Prop::None) {
                    std::string& text = frames_.back().value.text;
                    if (text.size() + xml_.value().size() > kMaxFieldBytes)
                        xml_.fail("a value longer than " + std::to_string(kMaxFieldBytes / 1024) +
                                  " KiB, which no SBOM field needs");
                    text += xml_.value();
                }
                break;
            }
        }
    }

    // The node named `id`, added when new; "" for a blank node written in place, which nothing
    // else can name (it is not indexed, and is referred to by index).
    std::uint32_t node_for(std::string id, Kind kind) {
        if (id.empty()) {
            ids_.push_back(&kUnnamed);
            nodes_.push_back({kind, xml_.position().line, {}});
            return static_cast<std::uint32_t>(nodes_.size() - 1);
        }
        const auto [at, added] = index_.try_emplace(std::move(id), static_cast<std::uint32_t>(nodes_.size()));
        if (added) {
            ids_.push_back(&at->first);
            nodes_.push_back({kind, xml_.position().line, {}});
            return at->second;
        }
        // Described again: a type learnt now is kept.
        Kind& known = nodes_[at->second].kind;
        if (known == Kind::Unknown || (known == Kind::Other && kind != Kind::Unknown)) known = kind;
        return at->second;
    }

    // The node's id: rdf:about, rdf:nodeID, rdf:ID, or "" for an unnamed blank node.
    std::string node_id() {
        std::string id;
        if (xml_.attribute("about", id, kRdf.data())) return id;
        if (xml_.attribute("nodeID", id, kRdf.data())) return "_:" + id;
        if (xml_.attribute("ID", id, kRdf.data())) return "#" + id;
        return {};
    }

    void start_node() {
        Kind kind = Kind::Other;
        if (xml_.namespace_uri() == kRdf && xml_.local_name() == "Description") kind = Kind::Unknown;
        else if (xml_.namespace_uri() == kSpdxTerms) kind = kind_of(xml_.local_name());
        const std::uint32_t index = node_for(node_id(), kind);
        if (!frames_.empty()) {
            Frame& property = frames_.back();
            property.value = {{}, true, index};
            property.has_value = true;
        }
        frames_.push_back(Frame::for_node(index));
        if (xml_.empty_element()) end_element();
    }

    void start_property() {
        const std::uint32_t owner = frames_.back().index;
        Frame frame = Frame::for_property(owner, prop_of(xml_.namespace_uri(), xml_.local_name()));
        std::string attribute;
        if (xml_.attribute("resource", attribute, kRdf.data())) {
            frame.value = {std::move(attribute), true};
            frame.has_value = true;
        } else if (xml_.attribute("nodeID", attribute, kRdf.data())) {
            frame.value = {"_:" + attribute, true};
            frame.has_value = true;
        } else if (xml_.attribute("parseType", attribute, kRdf.data())) {
            if (attribute == "Literal") {
                xml_.skip();  // XML as a value: nothing a diff reads
                return;
            }
            if (attribute == "Resource") {
                // The property's children are the properties of a blank node.
                const std::uint32_t blank = node_for({}, Kind::Other);
                frame.value = {{}, true, blank};
                frame.has_value = true;
                frame.implicit_node = true;
                frames_.push_back(std::move(frame));
                frames_.push_back(Frame::for_node(blank));
                if (xml_.empty_element()) end_element();
                return;
            }
        }
        frames_.push_back(std::move(frame));
        if (xml_.empty_element()) end_element();
    }

    void end_element() {
        Frame frame = std::move(frames_.back());
        frames_.pop_back();
        if (frame.node) {
            nodes_[frame.index].props.shrink_to_fit();  // held until the end: no slack
            // A parseType="Resource" property ends with its implicit node.
            if (!frames_.empty() && frames_.back().implicit_node) end_element();
            return;
        }
        if (frame.prop == Prop::None) return;
        Node& owner = nodes_[frame.index];
        if (frame.prop == Prop::Type) {
            if (frame.value.node && frame.value.text.starts_with(kSpdxTerms)) {
                const Kind kind = kind_of(local_part(frame.value.text));
                if (owner.kind == Kind::Unknown || (owner.kind == Kind::Other && kind != Kind::Other)) owner.kind = kind;
            }
            return;
        }
        if (!frame.value.node) {
            frame.value.text = std::string(trimmed(frame.value.text));
        } else if (frame.value.target == kNone && (frame.prop == Prop::Algorithm || frame.prop == Prop::RelationshipType ||
                                                   frame.prop == Prop::ReferenceType || frame.prop == Prop::Purpose)) {
            // A name of the ontology ("...#checksumAlgorithm_sha1"): its last part is all that is used.
            frame.value = {std::string(local_part(frame.value.text)), false};
        }
        owner.props.emplace_back(frame.prop, std::move(frame.value));
    }

    // --- Once the document is read ---

    void resolve() {
        std::uint32_t document = kNone;
        for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].kind == Kind::Document) {
                document = i;
                break;
            }
        }
        if (document != kNone) read_document(document);
        if (doc_.spec_version.empty()) diagnostics_.warn("specVersion", "missing; read as SPDX-2.3");
        // Edges first (the builder resolves them at the end), so that each package's properties
        // can be let go as soon as it is built.
        for (std::uint32_t i = 0; i < nodes_.size(); ++i)
            for (const auto& [prop, value] : nodes_[i].props)
                if (prop == Prop::Relationship && value.node) add_relationship(i, value);
        for (std::uint32_t i = 0; i < nodes_.size(); ++i)
            if (nodes_[i].kind == Kind::Package) add_package(i);
        // The first described package is the root, as in the other syntaxes; RDF statements have no
        // order, so they are taken in SPDX id order, the order spdx-tools writes documentDescribes in.
        std::vector<std::string> described;
        for (const auto& [element, related] : describes_)
            if (document != kNone && spdx_id(element) == spdx_id(*ids_[document])) described.push_back(spdx_id(related));
        std::sort(described.begin(), described.end());
        for (const auto& ref : described) builder_.set_root_ref(ref);
        builder_.finish(false);
    }

    void read_document(std::uint32_t document) {
        const std::string& id = *ids_[document];
        namespace_ = id.substr(0, id.find('#'));
        for (const auto& [prop, value] : nodes_[document].props) {
            if (prop == Prop::SpecVersion) {
                if (!value.text.starts_with("SPDX-2."))
                    fail_at(nodes_[document].line, "specVersion is '" + value.text + "': not an SPDX 2 document");
                doc_.spec_version = value.text;
            } else if (prop == Prop::DescribesPackage && value.node) {
                describes_.emplace_back(id, id_of(value));
            }
        }
    }

    // The SPDX id of a node: the part after '#' of a URI in this document; other documents' URIs
    // (and blank nodes) stay whole, so they never name one of this document's elements.
    std::string spdx_id(const std::string& uri) const {
        const auto hash = uri.find('#');
        if (hash == std::string::npos) return uri;
        const std::string_view base(uri.data(), hash);
        if (base.empty() || namespace_.empty() || base == namespace_) return uri.substr(hash + 1);
        return uri;
    }

    void add_package(std::uint32_t index) {
        const Node& node = nodes_[index];
        raw_.clear();
        const std::string& id = *ids_[index];
        if (!id.empty() && !id.starts_with("_:")) raw_.ref = spdx_id(id);
        std::string declared, concluded;
        for (const auto& [prop, value] : node.props) {
            switch (prop) {
            case Prop::Name: raw_.name = value.text; break;
            case Prop::VersionInfo: raw_.version = value.text; break;
            case Prop::Supplier: raw_.supplier = value.text; break;
            case Prop::Originator: raw_.originator = value.text; break;
            case Prop::DownloadLocation: {
                const std::string location = value.node ? special_value(id_of(value)) : value.text;
                (spdx::is_vcs_location(location) ? raw_.vcs : raw_.download) = location;
                break;
            }
            case Prop::Checksum: add_checksum(node, value); break;
            case Prop::ExternalRef: add_external_ref(value); break;
            case Prop::LicenseDeclared: declared = license_of(value, 0, node.line); break;
            case Prop::LicenseConcluded: concluded = license_of(value, 0, node.line); break;
            case Prop::Purpose:
                raw_.type = upper_snake(local_part(value.text, "purpose_"));  // purpose_operatingSystem -> OPERATING_SYSTEM
                spdx::purpose_as_type(raw_.type);
                break;
            default: break;
            }
        }
        if (const std::string_view chosen = spdx::chosen_license(declared, concluded); !chosen.empty())
            raw_.license_expressions.emplace_back(chosen);
        const std::string where = "spdx:Package at line " + std::to_string(node.line);
        if (raw_.ref.empty()) warn(node.line, where, "package without an rdf:about (an SPDXID); relationships cannot name it");
        line_ = node.line;  // for the builder's warnings
        builder_.add(raw_, [&] { return where; });
        line_ = 0;
        release(index);
    }

    // Frees what a built package held, with its checksums and external refs written in place
    // (nothing else can refer to those).
    void release(std::uint32_t package) {
        for (const auto& [prop, value] : nodes_[package].props)
            if ((prop == Prop::Checksum || prop == Prop::ExternalRef) && value.target != kNone && ids_[value.target]->empty())
                std::vector<std::pair<Prop, Value>>().swap(nodes_[value.target].props);
        std::vector<std::pair<Prop, Value>>().swap(nodes_[package].props);
    }

    const std::string& id_of(const Value& value) const { return value.target != kNone ? *ids_[value.target] : value.text; }

    const Node* node_named(const Value& value) const {
        if (!value.node) return nullptr;
        if (value.target != kNone) return &nodes_[value.target];
        const auto found = index_.find(value.text);
        return found == index_.end() ? nullptr : &nodes_[found->second];
    }

    // A value that names one of the ontology's individuals: "...#noassertion" -> "NOASSERTION".
    static std::string special_value(const std::string& uri) {
        if (uri.starts_with(kSpdxTerms)) {
            const std::string_view name = local_part(uri);
            if (name == "noassertion") return "NOASSERTION";
            if (name == "none") return "NONE";
        }
        return uri;
    }

    std::string text_of(const Node& node, Prop wanted) const {
        for (const auto& [prop, value] : node.props)
            if (prop == wanted) return value.text;
        return {};
    }

    void add_checksum(const Node& package, const Value& value) {
        const Node* checksum = node_named(value);
        const std::string algorithm = checksum ? std::string(local_part(text_of(*checksum, Prop::Algorithm), "checksumAlgorithm_")) : "";
        const std::string digest = checksum ? text_of(*checksum, Prop::ChecksumValue) : "";
        if (algorithm.empty() || digest.empty()) {
            warn(package.line, "spdx:Package at line " + std::to_string(package.line),
                              "checksum without an 'algorithm' or a 'checksumValue'; ignored");
            return;
        }
        RawComponent::RawHash& hash = raw_.add_hash();
        hash.algorithm = algorithm;
        hash.value = digest;
    }

    void add_external_ref(const Value& value) {
        const Node* ref = node_named(value);
        if (ref && raw_.purl.empty() && local_part(text_of(*ref, Prop::ReferenceType)) == "purl")
            raw_.purl = text_of(*ref, Prop::ReferenceLocator);
    }

    // The licence a value names, as an SPDX expression.
    std::string license_of(const Value& value, int depth, std::uint64_t line) {
        if (!value.node) return value.text;  // a literal expression
        if (depth > 64) fail_at(line, "licences nested more than 64 deep (or a licence that contains itself)");
        const std::string& id = id_of(value);
        const std::string special = special_value(id);
        if (special != id) return special;
        if (const Node* node = node_named(value)) {
            switch (node->kind) {
            case Kind::AllOf:
            case Kind::AnyOf: {
                std::string expression;
                std::size_t members = 0;
                for (const auto& [prop, member] : node->props) {
                    if (prop != Prop::Member) continue;
                    if (members++) expression += node->kind == Kind::AllOf ? " AND " : " OR ";
                    expression += license_of(member, depth + 1, line);
                    // Sets may share members: written out, a few dozen levels of them would
                    // double in size at each.
                    if (expression.size() > kMaxFieldBytes)
                        fail_at(line, "licence expression longer than 64 KiB (licence sets sharing members?)");
                }
                return members > 1 ? "(" + expression + ")" : expression;
            }
            case Kind::WithException: {
                std::string license, exception;
                for (const auto& [prop, part] : node->props) {
                    if (prop == Prop::Member) license = license_of(part, depth + 1, line);
                    else if (prop == Prop::LicenseException) exception = license_of(part, depth + 1, line);
                }
                return "(" + license + " WITH " + exception + ")";
            }
            case Kind::OrLater:
                for (const auto& [prop, part] : node->props)
                    if (prop == Prop::Member) return license_of(part, depth + 1, line) + "+";
                break;
            default:
                if (std::string id = text_of(*node, Prop::LicenseId); !id.empty()) return id;
                break;
            }
        }
        // A listed licence ("http://spdx.org/licenses/MIT") or a LicenseRef by its URI.
        if (id.starts_with(kListedLicenses)) return std::string(local_part(id));
        return spdx_id(id);
    }

    void add_relationship(std::uint32_t subject, const Value& value) {
        const Node* found = node_named(value);
        if (!found) return;
        const Node& relationship = *found;
        const std::string type = upper_snake(local_part(text_of(relationship, Prop::RelationshipType), "relationshipType_"));
        std::string related;
        for (const auto& [prop, value] : relationship.props)
            if (prop == Prop::Related) related = id_of(value);
        if (type.empty() || related.empty()) {
            warn(relationship.line, "spdx:Relationship at line " + std::to_string(relationship.line),
                              "relationship without relationshipType or relatedSpdxElement; ignored");
            return;
        }
        const std::string& element = *ids_[subject];
        if (element.empty()) return;  // an unnamed node: nothing can name it either
        switch (spdx::edge_direction(type)) {
        case spdx::EdgeDirection::Forward: return builder_.add_edge(spdx_id(element), spdx_id(related));
        case spdx::EdgeDirection::Reverse: return builder_.add_edge(spdx_id(related), spdx_id(element));
        case spdx::EdgeDirection::Describes: describes_.emplace_back(element, related); return;
        case spdx::EdgeDirection::DescribedBy: describes_.emplace_back(related, element); return;
        case spdx::EdgeDirection::None: return;
        }
    }

    // Warnings come once the whole document is read: with --strict the error names the line of
    // the node concerned, not the end of the file.
    void warn(std::uint64_t line, std::string where, std::string message) {
        if (line == 0) return diagnostics_.warn(std::move(where), std::move(message));
        diagnostics_.warn_at(Position{0, line, 0}, std::move(where), std::move(message));
    }

    [[noreturn]] void fail_at(std::uint64_t line, const std::string& message) {
        diagnostics_.fail_at(Position{0, line, 0}, message);
    }

    xml::Reader xml_;
    Document& doc_;
    Diagnostics diagnostics_;
    DocumentBuilder builder_;
    std::vector<Frame> frames_;
    std::unordered_map<std::string, std::uint32_t> index_;  // node id -> index in nodes_
    std::vector<const std::string*> ids_;                    // index -> node id (keys of index_)
    std::vector<Node> nodes_;
    std::string namespace_;  // the document's URI, before '#'
    std::vector<std::pair<std::string, std::string>> describes_;  // (element, described), node ids
    RawComponent raw_;
    std::uint64_t line_ = 0;  // of the package being built
};

}  // namespace

void read_spdx_rdf_xml(InputStream& in, Document& doc, const ReadOptions& options) {
    doc.format = Format::SpdxRdfXml;
    RdfReader(in, doc, options).read();
}

}  // namespace bomwatch::sbom
