// SPDX 3.0 JSON-LD (3.0.0 and 3.0.1): the elements of the top-level @graph. Elements come in any
// order and name each other by spdxId: a package's licence is a relationship to a licence
// element, its supplier an agent element, the root a rootElement of the SpdxDocument or of a
// software_Sbom. So each package becomes a component when it ends, and what other elements say
// of it (agents, licences, edges, the root) is kept as a few numbers per element and applied once
// the whole graph has been read. Nothing like a DOM of the graph is held.
// Fields map as the SPDX 2 readers map theirs, so that one build in SPDX 2 and in SPDX 3 diffs as
// no changes: software_downloadLocation as downloadLocation; software_homePage and
// software_sourceInfo are not read, as homepage and sourceInfo are not.
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sbom/builder.h"
#include "sbom/json_walk.h"
#include "sbom/read.h"
#include "sbom/read_spdx3_jsonld_graph.h"
#include "sbom/spdx.h"
#include "sbom/text.h"

namespace bomwatch::sbom {

namespace {

using json::Frame;
using json::Key;
using json::Kind;
using json::kSkip;
using spdx3::NodeKind;

enum Ctx : std::uint8_t {
    Top, Context, Graph, Element, InlineCreationInfo, Hashes, Hash, Identifiers, Identifier,
    ToList, OriginatedByList, RootElementList,
    Skip = kSkip,
};

enum Field : std::uint8_t {
    Unknown, ContextField, GraphField, Type, AtType, SpdxId, AtId, Name, PackageVersion, PackageUrl,
    DownloadLocation, PrimaryPurpose, VerifiedUsing, ExternalIdentifier, SuppliedBy, OriginatedBy, From, To,
    RelationshipType, RootElement, CreationInfoField, SpecVersion, LicenseExpression, IdentifierType,
    IdentifierValue, Algorithm, HashValue,
};

constexpr std::array kTopKeys{Key{"@context", ContextField}, Key{"@graph", GraphField}};
constexpr std::array kElementKeys{
    Key{"type", Type}, Key{"@type", AtType}, Key{"spdxId", SpdxId}, Key{"@id", AtId}, Key{"name", Name},
    Key{"software_packageVersion", PackageVersion}, Key{"software_packageUrl", PackageUrl},
    Key{"software_downloadLocation", DownloadLocation}, Key{"software_primaryPurpose", PrimaryPurpose},
    Key{"verifiedUsing", VerifiedUsing}, Key{"externalIdentifier", ExternalIdentifier}, Key{"suppliedBy", SuppliedBy},
    Key{"originatedBy", OriginatedBy}, Key{"from", From}, Key{"to", To}, Key{"relationshipType", RelationshipType},
    Key{"rootElement", RootElement}, Key{"creationInfo", CreationInfoField}, Key{"specVersion", SpecVersion},
    Key{"simplelicensing_licenseExpression", LicenseExpression},
    Key{"externalIdentifierType", IdentifierType}, Key{"identifier", IdentifierValue}};
constexpr std::array kCreationInfoKeys{Key{"specVersion", SpecVersion}};
constexpr std::array kHashKeys{Key{"type", Type}, Key{"@type", AtType}, Key{"algorithm", Algorithm},
                               Key{"hashValue", HashValue}};
constexpr std::array kIdentifierKeys{Key{"externalIdentifierType", IdentifierType}, Key{"identifier", IdentifierValue}};

// Strings of one kind in an element, kept allocated from one element to the next.
struct StringList {
    std::vector<std::string> items;
    std::size_t size = 0;
    std::string& next() {
        if (size == items.size()) items.emplace_back();
        std::string& s = items[size++];
        s.clear();
        return s;
    }
    std::span<const std::string> view() const { return {items.data(), size}; }
};

// The fields of the element being read: its type may come after them, so they are kept until it
// ends. A package's own fields go straight into `raw` (`raw.type` holds its primary purpose).
struct ElementFields {
    std::string type, spdx_id, at_id, supplied_by, expression;
    std::string identifier_type, identifier, from, relationship_type;
    std::string identifier_purl;  // from an inline packageUrl ExternalIdentifier
    StringList to, originated_by, root_elements, identifier_refs;
    RawComponent raw;

    void clear() {
        for (std::string* s : {&type, &spdx_id, &at_id, &supplied_by, &expression, &identifier_type, &identifier, &from,
                               &relationship_type, &identifier_purl})
            s->clear();
        to.size = originated_by.size = root_elements.size = identifier_refs.size = 0;
        raw.clear();
    }
    std::string_view id() const { return spdx_id.empty() ? at_id : spdx_id; }
};

bool is_package_type(std::string_view type) {
    return type == "software_Package" || type == "ai_AIPackage" || type == "dataset_DatasetPackage";
}
bool is_agent_type(std::string_view type) {
    return type == "Person" || type == "Organization" || type == "SoftwareAgent" || type == "Agent" || type == "Tool";
}
bool is_purl_identifier_type(std::string_view type) { return type == "packageUrl" || type == "purl"; }

// "3.0.1" out of "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"; "" when it is not that URL.
std::string_view context_version(std::string_view context) {
    static constexpr std::string_view kMarker = "spdx.org/rdf/";
    const auto at = context.find(kMarker);
    if (at == std::string_view::npos) return {};
    const std::string_view rest = context.substr(at + kMarker.size());
    return rest.substr(0, rest.find('/'));
}


class Spdx3Reader : public json::Walk<Spdx3Reader> {
public:
    using Walk::Walk;

    std::uint8_t top_ctx() { return Top; }

    std::span<const Key> keys_of(std::uint8_t ctx) {
        switch (ctx) {
        case Top: return kTopKeys;
        case Element: return kElementKeys;
        case InlineCreationInfo: return kCreationInfoKeys;
        case Hash: return kHashKeys;
        case Identifier: return kIdentifierKeys;
        default: return {};
        }
    }

    std::uint8_t on_open(Frame& frame, Kind kind) {
        const bool object = kind == Kind::Object, array = kind == Kind::Array;
        switch (frame.ctx) {
        case Top:
            if (frame.field == GraphField) {
                if (!array) wrong_type(kind, "an array (of elements)");
                has_graph_ = true;
                return Graph;
            }
            if (frame.field != ContextField) return Skip;
            has_context_ = true;
            return array ? Context : Skip;  // an inline context object says nothing we use
        case Graph:
            if (!object) wrong_type(kind, "an object (an element)");
            element_index_ = frame.index;
            element_.clear();
            return Element;
        case Element: return open_in_element(frame, kind);
        case Hashes: return object ? begin_hash() : skip_with_warning(kind, "an object (a Hash)");
        case Identifiers: return object ? begin_identifier() : skip_with_warning(kind, "an object or a string (an ExternalIdentifier)");
        case ToList:
        case RootElementList: wrong_type(kind, "a string (an spdxId)");
        case OriginatedByList: return skip_with_warning(kind, "a string (an spdxId)");
        default: return Skip;
        }
    }

    void on_scalar(Frame& frame, Kind kind, std::string* text) {
        if (kind == Kind::Null) return;  // "not stated"
        switch (frame.ctx) {
        case Top:
            if (frame.field == GraphField) wrong_type(kind, "an array (of elements)");
            if (frame.field == ContextField) {
                has_context_ = true;
                if (text) note_context(*text);
            }
            return;
        case Context:
            if (text) note_context(*text);
            return;
        case Graph: wrong_type(kind, "an object (an element)");
        case Element: return element_scalar(frame, kind, text);
        case InlineCreationInfo:
            if (frame.field == SpecVersion) note_spec_version(kind, text);
            return;
        case Hashes: return warn(path(), std::string("expected an object (a Hash), found ") + json::kind_name(kind) + "; ignored");
        case Hash:
            if (frame.field == Unknown) return;
            if (!text) return warn(path(), std::string("expected a string, found ") + json::kind_name(kind) + "; ignored");
            take(frame.field == Algorithm ? hash_algorithm_ : frame.field == HashValue ? hash_value_ : hash_type_, *text);
            return;
        case Identifiers:  // a reference to an ExternalIdentifier element
            if (!text) return warn(path(), std::string("expected an object or a string, found ") + json::kind_name(kind) + "; ignored");
            return take(element_.identifier_refs.next(), *text);
        case Identifier:
            if (frame.field == Unknown || !text) return;
            take(frame.field == IdentifierType ? identifier_type_ : identifier_value_, *text);
            return;
        case ToList:
        case RootElementList:
            if (!text) wrong_type(kind, "a string (an spdxId)");
            return take((frame.ctx == ToList ? element_.to : element_.root_elements).next(), *text);
        case OriginatedByList:
            if (!text) return warn(path(), std::string("expected a string (an spdxId), found ") + json::kind_name(kind) + "; ignored");
            return take(element_.originated_by.next(), *text);
        default: return;
        }
    }

    void on_close(const Frame& frame) {
        switch (frame.ctx) {
        case Element: return end_element();
        case Hash:
            if (hash_type_ == "PackageVerificationCode") return;  // a digest of file digests, not of the package
            if (hash_algorithm_.empty() || hash_value_.empty())
                return warn(container_path(), "hash without an 'algorithm' or a 'hashValue'; ignored");
            {
                auto& hash = element_.raw.add_hash();
                hash.algorithm.swap(hash_algorithm_);
                hash.value.swap(hash_value_);
            }
            return;
        case Identifier:
            if (is_purl_identifier_type(identifier_type_) && element_.identifier_purl.empty())
                element_.identifier_purl.swap(identifier_value_);
            return;
        case Top: return end_document();
        default: return;
        }
    }

private:
    [[noreturn]] Ctx wrong_type(Kind kind, const char* expected) { Walk::wrong_type(kind, expected); }

    Ctx skip_with_warning(Kind kind, const char* expected) {
        warn(path(), std::string("expected ") + expected + ", found " + json::kind_name(kind) + "; ignored");
        return Skip;
    }

    Ctx begin_hash() {
        hash_type_.clear();
        hash_algorithm_.clear();
        hash_value_.clear();
        return Hash;
    }

    Ctx begin_identifier() {
        identifier_type_.clear();
        identifier_value_.clear();
        return Identifier;
    }

    std::uint8_t open_in_element(Frame& frame, Kind kind) {
        const bool array = kind == Kind::Array, object = kind == Kind::Object;
        switch (frame.field) {
        case Unknown: return Skip;
        // JSON-LD may write a list of one as its element.
        case VerifiedUsing: return array ? Hashes : object ? begin_hash() : skip_with_warning(kind, "an array (of Hashes)");
        case ExternalIdentifier:
            return array ? Identifiers : object ? begin_identifier() : skip_with_warning(kind, "an array (of ExternalIdentifiers)");
        case To: return array ? ToList : wrong_type(kind, "an array of strings (spdxIds)");
        case RootElement: return array ? RootElementList : wrong_type(kind, "an array of strings (spdxIds)");
        case OriginatedBy: return array ? OriginatedByList : skip_with_warning(kind, "an array of strings (spdxIds)");
        case CreationInfoField: return object ? InlineCreationInfo : Skip;
        case Type:
        case AtType:
        case SpdxId:
        case AtId:
        case Name:
        case PackageVersion:
        case PackageUrl:
        case From:
        case RelationshipType: wrong_type(kind, "a string");
        default: return skip_with_warning(kind, "a string");
        }
    }

    void element_scalar(Frame& frame, Kind kind, std::string* text) {
        if (frame.field == Unknown || frame.field == CreationInfoField) return;
        if (frame.field == SpecVersion) return note_spec_version(kind, text);
        if (!text) {
            switch (frame.field) {
            case Type:
            case AtType:
            case SpdxId:
            case AtId:
            case Name:
            case PackageVersion:
            case PackageUrl:
            case From:
            case RelationshipType: wrong_type(kind, "a string");
            case To:
            case RootElement: wrong_type(kind, "an array of strings (spdxIds)");
            default: return warn(path(), std::string("unexpected ") + json::kind_name(kind) + "; ignored");
            }
        }
        ElementFields& e = element_;
        switch (frame.field) {
        case Type:
        case AtType: return take(e.type, *text);
        case SpdxId: return take(e.spdx_id, *text);
        case AtId: return take(e.at_id, *text);
        case Name: return take(e.raw.name, *text);
        case PackageVersion: return take(e.raw.version, *text);
        case PackageUrl: return take(e.raw.purl, *text);
        case DownloadLocation: return take(e.raw.download, *text);
        case PrimaryPurpose: return take(e.raw.type, *text);
        case SuppliedBy: return take(e.supplied_by, *text);
        case From: return take(e.from, *text);
        case RelationshipType: return take(e.relationship_type, *text);
        case LicenseExpression: return take(e.expression, *text);
        case IdentifierType: return take(e.identifier_type, *text);
        case IdentifierValue: return take(e.identifier, *text);
        // JSON-LD may write a list of one as its element.
        case To: return take(e.to.next(), *text);
        case RootElement: return take(e.root_elements.next(), *text);
        case OriginatedBy: return take(e.originated_by.next(), *text);
        case ExternalIdentifier: return take(e.identifier_refs.next(), *text);
        default: return warn(path(), "expected an array (of Hashes), found a string; ignored");  // verifiedUsing
        }
    }

    void note_context(std::string_view context) {
        if (const std::string_view version = context_version(context); !version.empty() && version.starts_with('3')) {
            context_names_spdx3_ = true;
            if (context_version_.empty()) context_version_ = version;
        }
    }

    void note_spec_version(Kind kind, const std::string* text) {
        if (!text) return warn(path(), std::string("expected a string, found ") + json::kind_name(kind) + "; ignored");
        if (!spec_version_.empty()) return;
        if (!text->starts_with("3.") && *text != "3") fail(path() + ": specVersion is '" + *text + "': not an SPDX 3 document");
        take(spec_version_, *text);
    }

    // Records what the element just read says, by its type. Unknown types say nothing.
    void end_element() {
        const ElementFields& e = element_;
        const std::string_view type = e.type;
        if (is_package_type(type)) return add_package();
        if (type.ends_with("Relationship")) {  // and LifecycleScopedRelationship
            if (e.from.empty() || e.to.size == 0 || e.relationship_type.empty())
                return warn(container_path(), "relationship without 'from', 'to' or 'relationshipType'; ignored");
            return graph_.add_relationship(spdx3::meaning_of(e.relationship_type), e.from, e.to.view());
        }
        if (type == "SpdxDocument") return graph_.add_document_roots(e.root_elements.view());
        if (e.root_elements.size > 0) return graph_.add_collection_roots(e.id(), e.root_elements.view());  // software_Sbom, Bundle
        if (e.id().empty()) return;
        const std::string_view id = e.id(), name = e.raw.name;
        if (is_agent_type(type)) {
            if (!name.empty()) graph_.describe(id, NodeKind::Agent, name);
        } else if (type == "simplelicensing_LicenseExpression") {
            graph_.describe(id, NodeKind::License, e.expression);
        } else if (type == "expandedlicensing_ListedLicense") {
            const std::string_view listed = spdx3::listed_license_id(id);
            if (!listed.empty()) graph_.describe(id, NodeKind::License, listed);
            else graph_.describe(id, NodeKind::LicenseName, name);
        } else if (type == "expandedlicensing_CustomLicense") {
            const auto ref = id.find("LicenseRef-");
            if (ref != std::string_view::npos) graph_.describe(id, NodeKind::License, id.substr(ref));
            else graph_.describe(id, NodeKind::LicenseName, name);
        } else if (type.starts_with("expandedlicensing_")) {
            graph_.describe(id, NodeKind::UnreadLicense, type);
        } else if (type == "AnyLicenseInfo" || type == "Element") {
            // sbom-tool's licences: an element whose name is the expression ("NOASSERTION").
            if (!name.empty()) graph_.describe(id, NodeKind::License, name);
        } else if (type == "ExternalIdentifier") {
            if (is_purl_identifier_type(e.identifier_type)) graph_.describe(id, NodeKind::PurlIdentifier, e.identifier);
            else graph_.describe(id, NodeKind::OtherIdentifier, {});
        }
    }

    // A package becomes a component at once, unless its purl is in an ExternalIdentifier element
    // still to come. What other elements say of it is applied at the end.
    void add_package() {
        ElementFields& e = element_;
        RawComponent& raw = e.raw;
        if (e.id().empty()) warn(container_path(), "package without an spdxId; relationships cannot name it");
        raw.ref = e.id();
        const std::uint32_t package = graph_.add_package(e.id(), element_index_, e.supplied_by, e.originated_by.view());
        if (raw.purl.empty()) raw.purl.swap(e.identifier_purl);
        bool purl_to_come = false;
        if (raw.purl.empty()) raw.purl = graph_.purl_among(e.identifier_refs.view(), purl_to_come);
        if (raw.purl.empty() && purl_to_come) graph_.defer(package, raw, e.identifier_refs.view());
        else graph_.set_component(package, add_component(raw, element_index_));
    }

    std::uint32_t add_component(RawComponent& raw, std::uint32_t graph_index) {
        if (spdx::is_vcs_location(raw.download)) raw.vcs.swap(raw.download);
        spdx::purpose_as_type(raw.type);
        const std::uint32_t index = builder_.add(raw, [graph_index] { return "@graph[" + std::to_string(graph_index) + "]"; });
        component_done();
        return index;
    }

    void end_document() {
        if (!has_graph_)
            fail("no @graph: SPDX 3 JSON-LD keeps its elements in a top-level \"@graph\" array");
        if (spec_version_.empty() && !context_names_spdx3_)
            fail(std::string("not SPDX 3: no CreationInfo states a specVersion and ") +
                 (has_context_ ? "the @context is not SPDX 3's" : "there is no @context"));
        if (spec_version_.empty()) {
            warn("@graph", "no CreationInfo states a specVersion; read as the @context's " + std::string(context_version_));
            spec_version_ = context_version_;
        } else if (!context_names_spdx3_) {
            warn("@context", has_context_ ? "does not name the SPDX 3 context (https://spdx.org/rdf/3.0.1/spdx-context.jsonld)"
                                          : "missing; SPDX 3 JSON-LD names https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
        }
        if (!spec_version_.starts_with("3.0"))
            warn("specVersion", "'" + spec_version_ + "' is not a version this reader knows (3.0.0, 3.0.1); read as 3.0.1");
        doc_.spec_version = spec_version_;
        graph_.finish(
            builder_, element_.raw, [this](RawComponent& raw, std::uint32_t graph_index) { return add_component(raw, graph_index); },
            [this](std::string where, std::string message) { warn(std::move(where), std::move(message)); });
        builder_.finish(false);
    }

    ElementFields element_;
    std::uint32_t element_index_ = 0;
    std::string hash_type_, hash_algorithm_, hash_value_;
    std::string identifier_type_, identifier_value_;
    bool has_graph_ = false, has_context_ = false, context_names_spdx3_ = false;
    std::string spec_version_;
    std::string context_version_;

    spdx3::ElementGraph graph_;
};

}  // namespace

void read_spdx3_jsonld(InputStream& in, Document& doc, const ReadOptions& options) {
    doc.format = Format::Spdx3JsonLd;
    Spdx3Reader reader(in, doc, options.strict);
    json::parse(in, reader);
}

}  // namespace bomwatch::sbom
