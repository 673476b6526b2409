// CycloneDX XML, spec 1.0 to 1.7 (the spec version is the namespace's): the fields the JSON reader
// takes, mapped the same way, so that one document in both syntaxes builds the same components.
// Elements are matched by local name in the document's CycloneDX namespace; elements of other
// namespaces (extensions) and everything a diff does not need are passed over unread. Streams
// through libxml2's pull reader (sbom/xml_reader.h): memory follows the components, not the file.
#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/builder.h"
#include "sbom/cyclonedx.h"
#include "sbom/diagnostics.h"
#include "sbom/read.h"
#include "sbom/xml_reader.h"

namespace bomwatch::sbom {

namespace {

constexpr std::string_view kNamespacePrefix = "http://cyclonedx.org/schema/bom/";
constexpr std::array<std::string_view, 8> kSpecVersions{"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"};

// What an open element is to the reader.
enum Ctx : std::uint8_t {
    Bom, Metadata, ComponentList, Component, Supplier, Manufacturer, AuthorList, Author, Hashes, Licenses, License,
    Evidence, EvidenceLicenses, EvidenceLicense, ExtRefs, ExtRef, Properties, Dependencies, Dependency,
};

// The elements the reader knows, by local name.
enum Elem : std::uint8_t {
    Unknown, MetadataElem, ComponentsElem, DependenciesElem, ComponentElem, SupplierElem, ManufacturerElem,
    AuthorsElem, AuthorElem, PublisherElem, GroupElem, NameElem, VersionElem, PurlElem, ScopeElem, HashesElem,
    HashElem, LicensesElem, LicenseElem, ExpressionElem, IdElem, EvidenceElem, ExternalReferencesElem,
    ReferenceElem, UrlElem, PropertiesElem, PropertyElem, DependencyElem,
};

struct Name {
    std::string_view name;
    Elem elem;
};

constexpr std::array kBomChildren{Name{"metadata", MetadataElem}, Name{"components", ComponentsElem},
                                  Name{"dependencies", DependenciesElem}};
constexpr std::array kMetadataChildren{Name{"component", ComponentElem}};
constexpr std::array kComponentListChildren{Name{"component", ComponentElem}};
constexpr std::array kComponentChildren{
    Name{"supplier", SupplierElem},   Name{"manufacturer", ManufacturerElem},
    Name{"authors", AuthorsElem},     Name{"author", AuthorElem},
    Name{"publisher", PublisherElem}, Name{"group", GroupElem},
    Name{"name", NameElem},           Name{"version", VersionElem},
    Name{"purl", PurlElem},           Name{"scope", ScopeElem},
    Name{"hashes", HashesElem},       Name{"licenses", LicensesElem},
    Name{"externalReferences", ExternalReferencesElem}, Name{"properties", PropertiesElem},
    Name{"components", ComponentsElem}, Name{"evidence", EvidenceElem},
};
constexpr std::array kPartyChildren{Name{"name", NameElem}};
constexpr std::array kAuthorListChildren{Name{"author", AuthorElem}};
constexpr std::array kHashesChildren{Name{"hash", HashElem}};
constexpr std::array kLicensesChildren{Name{"license", LicenseElem}, Name{"expression", ExpressionElem}};
constexpr std::array kLicenseChildren{Name{"id", IdElem}, Name{"name", NameElem}};
constexpr std::array kEvidenceChildren{Name{"licenses", LicensesElem}};
constexpr std::array kExtRefsChildren{Name{"reference", ReferenceElem}};
constexpr std::array kExtRefChildren{Name{"url", UrlElem}, Name{"hashes", HashesElem}};
constexpr std::array kPropertiesChildren{Name{"property", PropertyElem}};
constexpr std::array kDependencyChildren{Name{"dependency", DependencyElem}};

std::span<const Name> children_of(Ctx ctx) {
    switch (ctx) {
    case Bom: return kBomChildren;
    case Metadata: return kMetadataChildren;
    case ComponentList: return kComponentListChildren;
    case Component: return kComponentChildren;
    case Supplier:
    case Manufacturer:
    case Author: return kPartyChildren;
    case AuthorList: return kAuthorListChildren;
    case Hashes: return kHashesChildren;
    case Licenses:
    case EvidenceLicenses: return kLicensesChildren;
    case License:
    case EvidenceLicense: return kLicenseChildren;
    case Evidence: return kEvidenceChildren;
    case ExtRefs: return kExtRefsChildren;
    case ExtRef: return kExtRefChildren;
    case Properties: return kPropertiesChildren;
    case Dependencies:
    case Dependency: return kDependencyChildren;
    }
    return {};
}

// Elements whose children are the items of a JSON array: warnings name their children by index,
// as the JSON reader does ("components[3].hashes[0]"), so that both syntaxes say the same.
bool is_list(Ctx ctx) {
    switch (ctx) {
    case ComponentList:
    case AuthorList:
    case Hashes:
    case Licenses:
    case EvidenceLicenses:
    case ExtRefs:
    case Properties:
    case Dependencies:
    case Dependency: return true;
    default: return false;
    }
}

// One open element the reader keeps track of.
struct Frame {
    Ctx ctx;
    std::string_view name;       // its local name (a static string), for paths
    std::uint32_t index;         // its place among its parent's CycloneDX children
    std::uint32_t children = 0;  // CycloneDX children seen so far
};

class CycloneDxXmlReader {
public:
    CycloneDxXmlReader(InputStream& in, Document& doc, bool strict)
        : doc_(doc), xml_(in), diagnostics_(in, doc, strict),
          builder_(doc, [this](std::string where, std::string message) { warn(std::move(where), std::move(message)); }),
          in_(in) {
        frames_.reserve(32);
    }

    void read() {
        doc_.format = Format::CycloneDxXml;
        while (xml_.next()) {
            if (xml_.type() == xml::NodeType::Element) {
                open_element();
            } else if (xml_.type() == xml::NodeType::EndElement) {
                close_element();
            }
        }
        // libxml2 refuses a document without a root element; this is for one that is all prolog.
        if (doc_.spec_version.empty()) xml_.fail("no CycloneDX <bom> element");
        builder_.finish(true);
    }

private:
    void open_element() {
        if (frames_.empty()) return open_bom();
        Frame& parent = frames_.back();
        if (xml_.namespace_uri() != namespace_) return xml_.skip();  // an extension, or foreign
        ++parent.children;
        const std::string_view local = xml_.local_name();
        const Name* known = nullptr;
        for (const Name& candidate : children_of(parent.ctx)) {
            if (candidate.name.size() == local.size() && candidate.name == local) {
                known = &candidate;
                break;
            }
        }
        if (!known) return xml_.skip();
        on_open(parent.ctx, known->elem, known->name);
    }

    // Opens a child element that holds others: its Frame stays until its end tag.
    void push(Ctx ctx, std::string_view name) {
        frames_.push_back({ctx, name, frames_.back().children - 1});
        if (xml_.empty_element()) close_element();
    }

    void close_element() {
        on_close(frames_.back());
        frames_.pop_back();
    }

    void open_bom() {
        const std::string_view local = xml_.local_name();
        const std::string_view ns = xml_.namespace_uri();
        if (!ns.starts_with(kNamespacePrefix)) {
            if (local != "bom") xml_.fail("the root element is <" + std::string(local) + ">, not a CycloneDX <bom>");
            xml_.fail(ns.empty() ? std::string("the <bom> element has no namespace; CycloneDX XML is in ") +
                                       std::string(kNamespacePrefix) + "1.0 to 1.7"
                                 : "the <bom> element is in namespace '" + std::string(ns) + "', not CycloneDX's");
        }
        const std::string_view version = ns.substr(kNamespacePrefix.size());
        if (std::find(kSpecVersions.begin(), kSpecVersions.end(), version) == kSpecVersions.end())
            xml_.fail("unknown CycloneDX namespace '" + std::string(ns) + "' (bomwatch reads " +
                      std::string(kNamespacePrefix) + "1.0 to 1.7)");
        if (local != "bom") xml_.fail("the root element is <" + std::string(local) + ">, not a CycloneDX <bom>");
        namespace_ = ns;
        doc_.spec_version = version;
        // The root's "version" attribute is the BOM's revision, not the spec's: not read.
        if (xml_.attribute("serialNumber", attribute_) && !cyclonedx::is_serial_number(attribute_))
            warn("serialNumber", "not a serial number of the form urn:uuid:<RFC 4122 UUID>; it does not matter to a diff");
        frames_.push_back({Bom, "bom", 0});
        if (xml_.empty_element()) close_element();
    }

    void on_open(Ctx parent, Elem elem, std::string_view name) {
        switch (parent) {
        case Bom:
            if (elem == MetadataElem) return push(Metadata, name);
            if (elem == ComponentsElem) return push(ComponentList, name);
            return push(Dependencies, name);
        case Metadata:
        case ComponentList:
            begin_component(parent == Metadata);
            return push(Component, name);
        case Component: return component_child(elem, name);
        case Supplier:
        case Manufacturer:
            if (!read_text(name, false)) return;
            // A supplier comes before a manufacturer, whatever the order in the file.
            if (parent == Supplier || raw().supplier.empty()) raw().supplier = text_;
            return;
        case AuthorList: return push(Author, name);
        case Author:
            if (!read_text(name, false)) return;
            if (!raw().originator.empty()) raw().originator += ", ";
            raw().originator += text_;
            return;
        case Hashes: return read_hash(name);
        case Licenses:
        case EvidenceLicenses: {
            const bool evidence = parent == EvidenceLicenses;
            if (elem == LicenseElem) {
                saw_license_ = true;
                return push(evidence ? EvidenceLicense : License, name);
            }
            saw_expression_ = true;
            if (read_text(name, false))
                (evidence ? raw().evidence_license_expressions : raw().license_expressions).push_back(text_);
            return;
        }
        case License:
        case EvidenceLicense: {
            if (!read_text(name, false)) return;
            RawComponent& r = raw();
            if (elem == IdElem) (parent == License ? r.license_expressions : r.evidence_license_expressions).push_back(text_);
            else (parent == License ? r.license_names : r.evidence_license_names).push_back(text_);
            return;
        }
        case Evidence: return push(EvidenceLicenses, name);
        case ExtRefs: {
            // Only the distribution (where the artifact comes from, with its hashes) and the VCS
            // matter to a diff: other references are passed over.
            if (!xml_.attribute("type", ext_type_)) ext_type_.clear();
            if (!is_distribution() && ext_type_ != "vcs") return xml_.skip();
            ext_url_.clear();
            return push(ExtRef, name);
        }
        case ExtRef:
            if (elem == UrlElem) {
                take(ext_url_, name, false);
                return;
            }
            // The hashes of the distribution are the artifact's; those of a VCS are not.
            if (!is_distribution()) return xml_.skip();
            return push(Hashes, name);
        case Properties: {
            if (!xml_.attribute("name", attribute_) || !cyclonedx::is_location_property(attribute_)) return xml_.skip();
            if (read_text(name, false)) raw().locations.push_back(text_);
            return;
        }
        case Dependencies:
        case Dependency: return open_dependency(parent, name);
        }
    }

    void component_child(Elem elem, std::string_view name) {
        RawComponent& r = raw();
        switch (elem) {
        case SupplierElem: return push(Supplier, name);
        case ManufacturerElem: return push(Manufacturer, name);
        case AuthorsElem: return push(AuthorList, name);
        case HashesElem: return push(Hashes, name);
        case LicensesElem:
            saw_license_ = saw_expression_ = false;
            return push(Licenses, name);
        case ExternalReferencesElem: return push(ExtRefs, name);
        case PropertiesElem: return push(Properties, name);
        case ComponentsElem: return push(ComponentList, name);
        case EvidenceElem: return push(Evidence, name);
        // What the diff needs is an error when it is not text; the rest a warning.
        case GroupElem: take(r.group, name, true); return;
        case NameElem: take(r.name, name, true); return;
        case VersionElem: take(r.version, name, true); return;
        case PurlElem: take(r.purl, name, true); return;
        case ScopeElem: take(r.scope, name, false); return;
        case PublisherElem: take(r.publisher, name, false); return;
        case AuthorElem: take(r.originator, name, false); return;
        default: return xml_.skip();
        }
    }

    // Reads the text of the current element into `into` (text_ unless given). An element inside
    // it is an error for a field the diff needs (as a wrong type is in JSON), else a warning and
    // the field is left empty.
    bool read_text(std::string_view name, bool needed) { return take(text_, name, needed); }
    bool take(std::string& into, std::string_view name, bool needed) {
        if (xml_.read_text(into)) return true;
        into.clear();
        const std::string where = child_path(name);
        if (needed) xml_.fail(where + ": expected text, found elements");
        warn(where, "expected text, found elements; ignored");
        return false;
    }

    void read_hash(std::string_view name) {
        RawComponent::RawHash& hash = raw().add_hash();
        if (!xml_.attribute("alg", hash.algorithm)) hash.algorithm.clear();
        take(hash.value, name, false);
        if (hash.algorithm.empty() || hash.value.empty()) {
            warn(child_path(name), "hash without an 'alg' or a 'content'; ignored");
            --raw().hash_count;
        }
    }

    void open_dependency(Ctx parent, std::string_view name) {
        // One level per nested element: <dependency ref="a"><dependency ref="b"/></dependency>
        // says that a depends on b.
        const std::size_t level = dependency_depth_;
        if (level == dependency_levels_.size()) dependency_levels_.emplace_back();
        DependencyLevel& d = dependency_levels_[level];
        const bool has_ref = xml_.attribute("ref", d.ref);
        if (!has_ref) d.ref.clear();
        if (parent == Dependency) {
            const DependencyLevel& up = dependency_levels_[level - 1];
            // Under a dependency that was ignored, its own warning says enough.
            if (up.valid && !has_ref) warn(child_path(name), "dependency without a 'ref'; ignored");
            if (up.valid && !d.ref.empty()) builder_.add_edge(up.ref, d.ref);
            d.valid = up.valid && !d.ref.empty();
        } else {
            d.valid = !d.ref.empty();
            if (!d.valid)
                warn(child_path(name), has_ref ? "dependency with an empty 'ref'; ignored" : "dependency without a 'ref'; ignored");
        }
        ++dependency_depth_;
        push(Dependency, name);
    }

    void on_close(const Frame& frame) {
        switch (frame.ctx) {
        case Component: return end_component();
        case ExtRef: {
            RawComponent& r = raw();
            if (is_distribution() && r.download.empty()) r.download = ext_url_;
            else if (ext_type_ == "vcs" && r.vcs.empty()) r.vcs = ext_url_;
            return;
        }
        case Licenses:
            if (saw_license_ && saw_expression_)
                warn(path(), "mixes <license> and <expression> (CycloneDX allows one or the other); both are read");
            return;
        case Dependency: --dependency_depth_; return;
        default: return;
        }
    }

    bool is_distribution() const { return ext_type_ == "distribution" || ext_type_ == "distribution-intake"; }

    RawComponent& raw() { return components_.top(); }

    void begin_component(bool root) {
        RawComponent* r = components_.begin(root);
        if (!r) xml_.fail(path() + ": components nested more than " + std::to_string(cyclonedx::kMaxComponentDepth) + " deep");
        if (!xml_.attribute("type", r->type)) r->type.clear();
        if (!xml_.attribute("bom-ref", r->ref)) r->ref.clear();
    }

    void end_component() {
        components_.end(builder_, doc_, [this] { return path(); },
                        [this](std::string where, std::string message) { warn(std::move(where), std::move(message)); });
        builder_.reserve_for(in_.offset(), in_.plain_size());
    }

    // The JSON path of the innermost open element ("components[3].hashes"), as the JSON reader
    // names the same place.
    std::string path() const {
        std::string out;
        for (std::size_t i = 1; i < frames_.size(); ++i) append_step(out, frames_[i - 1], frames_[i].name, frames_[i].index);
        return out;
    }

    // The path of a child of the innermost open element, the one being read.
    std::string child_path(std::string_view name) const {
        std::string out = path();
        append_step(out, frames_.back(), name, frames_.back().children - 1);
        return out;
    }

    static void append_step(std::string& out, const Frame& parent, std::string_view name, std::uint32_t index) {
        if (is_list(parent.ctx)) {
            if (parent.ctx == Dependency) out += ".dependsOn";
            out += '[';
            out += std::to_string(index);
            out += ']';
            return;
        }
        if (!out.empty()) out += '.';
        out += name;
    }

    // Warnings name the line of the element being read: with --strict that is where the error is.
    void warn(std::string where, std::string message) {
        diagnostics_.warn_at(xml_.position(), std::move(where), std::move(message));
    }

    Document& doc_;
    xml::Reader xml_;
    Diagnostics diagnostics_;
    DocumentBuilder builder_;
    InputStream& in_;
    std::string namespace_;
    std::vector<Frame> frames_;
    std::string text_, attribute_;  // reused buffers

    cyclonedx::ComponentStack components_;

    std::string ext_type_, ext_url_;
    bool saw_license_ = false, saw_expression_ = false;

    struct DependencyLevel {
        std::string ref;
        bool valid = false;  // it has a ref, and so have the dependencies it is nested in
    };
    std::vector<DependencyLevel> dependency_levels_;  // one per level of nested <dependency>, reused
    std::size_t dependency_depth_ = 0;
};

}  // namespace

void read_cyclonedx_xml(InputStream& in, Document& doc, const ReadOptions& options) {
    CycloneDxXmlReader reader(in, doc, options.strict);
    reader.read();
}

}  // namespace bomwatch::sbom
