// SPDX 2.2 and 2.3 JSON: packages (with checksums, the purl external reference, licences,
// supplier/originator, download location), the described root, and the relationships that are
// dependency edges. Files, snippets and licensing texts are skipped without being built.
#include <array>
#include <span>
#include <string_view>

#include "sbom/builder.h"
#include "sbom/json_walk.h"
#include "sbom/read.h"
#include "sbom/spdx.h"

namespace bomwatch::sbom {

namespace {

using json::Frame;
using json::Kind;
using json::kSkip;

enum Ctx : std::uint8_t {
    Top, CreationInfo, Creators, Describes, Packages, Package, Checksums, Checksum, ExternalRefs, ExternalRef,
    Relationships, Relationship,
    Skip = json::kSkip,
};

enum Field : std::uint8_t {
    Unknown, SpdxVersion, SpdxId, CreationInfoField, CreatorsField, DocumentDescribes, PackagesField, RelationshipsField,
    Name, VersionInfo, Supplier, Originator, DownloadLocation, ChecksumsField, ExternalRefsField, LicenseConcluded,
    LicenseDeclared, PrimaryPackagePurpose, Algorithm, ChecksumValue, ReferenceCategory, ReferenceType,
    ReferenceLocator, SpdxElementId, RelationshipType, RelatedSpdxElement,
};

using json::Key;

constexpr std::array kTopKeys{Key{"spdxVersion", SpdxVersion}, Key{"SPDXID", SpdxId},
                              Key{"creationInfo", CreationInfoField}, Key{"documentDescribes", DocumentDescribes},
                              Key{"packages", PackagesField}, Key{"relationships", RelationshipsField}};
constexpr std::array kCreationInfoKeys{Key{"creators", CreatorsField}};
constexpr std::array kPackageKeys{
    Key{"SPDXID", SpdxId}, Key{"name", Name}, Key{"versionInfo", VersionInfo}, Key{"supplier", Supplier},
    Key{"originator", Originator}, Key{"downloadLocation", DownloadLocation}, Key{"checksums", ChecksumsField},
    Key{"externalRefs", ExternalRefsField}, Key{"licenseConcluded", LicenseConcluded},
    Key{"licenseDeclared", LicenseDeclared}, Key{"primaryPackagePurpose", PrimaryPackagePurpose}};
constexpr std::array kChecksumKeys{Key{"algorithm", Algorithm}, Key{"checksumValue", ChecksumValue}};
constexpr std::array kExternalRefKeys{Key{"referenceCategory", ReferenceCategory}, Key{"referenceType", ReferenceType},
                                      Key{"referenceLocator", ReferenceLocator}};
constexpr std::array kRelationshipKeys{Key{"spdxElementId", SpdxElementId}, Key{"relationshipType", RelationshipType},
                                       Key{"relatedSpdxElement", RelatedSpdxElement}};

class SpdxReader : public json::Walk<SpdxReader> {
public:
    using Walk::Walk;

    std::uint8_t top_ctx() { return Top; }

    std::span<const Key> keys_of(std::uint8_t ctx) {
        switch (ctx) {
        case Top: return kTopKeys;
        case CreationInfo: return kCreationInfoKeys;
        case Package: return kPackageKeys;
        case Checksum: return kChecksumKeys;
        case ExternalRef: return kExternalRefKeys;
        case Relationship: return kRelationshipKeys;
        default: return {};
        }
    }

    std::uint8_t on_open(Frame& frame, Kind kind) {
        const bool object = kind == Kind::Object, array = kind == Kind::Array;
        switch (frame.ctx) {
        case Top:
            switch (frame.field) {
            case PackagesField: return array ? Packages : wrong_type(kind, "an array");
            case RelationshipsField: return array ? Relationships : wrong_type(kind, "an array");
            case DocumentDescribes: return array ? Describes : wrong_type(kind, "an array");
            case CreationInfoField: return object ? CreationInfo : skip_with_warning(kind, "an object");
            case SpdxVersion:
            case SpdxId: wrong_type(kind, "a string");
            default: return kSkip;
            }
        case CreationInfo: return frame.field == CreatorsField && array ? Creators : Skip;
        case Creators:
            warn(path(), std::string("a creator should be a string like \"Tool: name\", found ") + json::kind_name(kind));
            return kSkip;
        case Packages:
            if (!object) wrong_type(kind, "an object (a package)");
            raw_.clear();
            license_declared_.clear();
            license_concluded_.clear();
            return Package;
        case Package:
            switch (frame.field) {
            case ChecksumsField: return array ? Checksums : skip_with_warning(kind, "an array");
            case ExternalRefsField: return array ? ExternalRefs : skip_with_warning(kind, "an array");
            case SpdxId:
            case Name:
            case VersionInfo: wrong_type(kind, "a string");
            case Unknown: return kSkip;
            default: return skip_with_warning(kind, "a string");
            }
        case Checksums:
            if (!object) return skip_with_warning(kind, "an object (a checksum)");
            current_hash_ = &raw_.add_hash();
            current_hash_->algorithm.clear();
            current_hash_->value.clear();
            return Checksum;
        case ExternalRefs:
            if (!object) return kSkip;
            ref_type_.clear();
            ref_locator_.clear();
            return ExternalRef;
        case Relationships:
            if (!object) wrong_type(kind, "an object (a relationship)");
            element_.clear();
            relationship_type_.clear();
            related_.clear();
            return Relationship;
        case Relationship:
            if (frame.field != Unknown) wrong_type(kind, "a string");
            return kSkip;
        case Describes: wrong_type(kind, "a string (an SPDXID)");
        default: return kSkip;
        }
    }

    void on_scalar(Frame& frame, Kind kind, std::string* text) {
        if (kind == Kind::Null) return;
        switch (frame.ctx) {
        case Top:
            if (frame.field == SpdxVersion || frame.field == SpdxId) {
                if (!text) wrong_type(kind, "a string");
                if (frame.field == SpdxId) return take(document_id_, *text);
                if (!text->starts_with("SPDX-2.")) fail("spdxVersion is '" + *text + "': not an SPDX 2 document");
                take(doc_.spec_version, *text);
            } else if (frame.field == PackagesField || frame.field == RelationshipsField || frame.field == DocumentDescribes) {
                wrong_type(kind, "an array");
            }
            return;
        case Creators:
            if (!text) warn(path(), std::string("a creator should be a string like \"Tool: name\", found ") + json::kind_name(kind));
            return;
        case Describes:
            if (!text) wrong_type(kind, "a string (an SPDXID)");
            builder_.set_root_ref(*text);
            return;
        case Package: return package_scalar(frame, kind, text);
        case Checksum:
            if (!text) return warn(path(), std::string("expected a string, found ") + json::kind_name(kind));
            if (frame.field == Algorithm) take(current_hash_->algorithm, *text);
            else if (frame.field == ChecksumValue) take(current_hash_->value, *text);
            return;
        case ExternalRef:
            if (!text) return;
            if (frame.field == ReferenceType) take(ref_type_, *text);
            else if (frame.field == ReferenceLocator) take(ref_locator_, *text);
            return;
        case Relationship:
            if (frame.field == Unknown) return;
            if (!text) wrong_type(kind, "a string");
            take(frame.field == SpdxElementId ? element_ : frame.field == RelatedSpdxElement ? related_ : relationship_type_,
                 *text);
            return;
        case Packages: wrong_type(kind, "an object (a package)");
        case Relationships: wrong_type(kind, "an object (a relationship)");
        default: return;
        }
    }

    void on_close(const Frame& frame) {
        switch (frame.ctx) {
        case Package: {

            if (const std::string_view chosen = spdx::chosen_license(license_declared_, license_concluded_); !chosen.empty())
                raw_.license_expressions.emplace_back(chosen);
            if (raw_.ref.empty()) warn(container_path(), "package without an SPDXID; relationships cannot name it");
            builder_.add(raw_, [this] { return container_path(); });
            component_done();
            return;
        }
        case Checksum:
            if (current_hash_->algorithm.empty() || current_hash_->value.empty()) {
                warn(container_path(), "checksum without an 'algorithm' or a 'checksumValue'; ignored");
                --raw_.hash_count;
            }
            return;
        case ExternalRef:
            if (raw_.purl.empty() && ref_type_ == "purl") raw_.purl = ref_locator_;
            return;
        case Relationship: return end_relationship();
        case Top:
            if (doc_.spec_version.empty()) warn("spdxVersion", "missing; read as SPDX-2.3");
            for (const auto& [element, related] : describes_) {
                if (element == document_id()) builder_.set_root_ref(related);
            }
            builder_.finish(false);
            return;
        default: return;
        }
    }

private:
    [[noreturn]] Ctx wrong_type(Kind kind, const char* expected) { Walk::wrong_type(kind, expected); }

    Ctx skip_with_warning(Kind kind, const char* expected) {
        warn(path(), std::string("expected ") + expected + ", found " + json::kind_name(kind) + "; ignored");
        return Skip;
    }

    std::string_view document_id() const { return document_id_.empty() ? std::string_view("SPDXRef-DOCUMENT") : std::string_view(document_id_); }

    void package_scalar(Frame& frame, Kind kind, std::string* text) {
        if (frame.field == Unknown) return;
        if (!text) {
            if (frame.field == SpdxId || frame.field == Name || frame.field == VersionInfo) wrong_type(kind, "a string");
            return warn(path(), std::string("unexpected ") + json::kind_name(kind) + "; ignored");
        }
        switch (frame.field) {
        case SpdxId: return take(raw_.ref, *text);
        case Name: return take(raw_.name, *text);
        case VersionInfo: return take(raw_.version, *text);
        case Supplier: return take(raw_.supplier, *text);
        case Originator: return take(raw_.originator, *text);
        case DownloadLocation: return take(spdx::is_vcs_location(*text) ? raw_.vcs : raw_.download, *text);
        case LicenseConcluded: return take(license_concluded_, *text);
        case LicenseDeclared: return take(license_declared_, *text);
        case PrimaryPackagePurpose: {
            take(raw_.type, *text);
            spdx::purpose_as_type(raw_.type);
            return;
        }
        default: return warn(path(), "expected an array; ignored");
        }
    }

    void end_relationship() {
        if (element_.empty() || related_.empty() || relationship_type_.empty()) {
            warn(container_path(), "relationship without spdxElementId, relationshipType or relatedSpdxElement; ignored");
            return;
        }
        switch (spdx::edge_direction(relationship_type_)) {
        case spdx::EdgeDirection::Forward: return builder_.add_edge(element_, related_);
        case spdx::EdgeDirection::Reverse: return builder_.add_edge(related_, element_);
        // The document's own SPDXID may be stated after the relationships: decided at the end.
        case spdx::EdgeDirection::Describes: describes_.emplace_back(element_, related_); return;
        case spdx::EdgeDirection::DescribedBy: describes_.emplace_back(related_, element_); return;
        case spdx::EdgeDirection::None: return;
        }
    }

    RawComponent raw_;
    RawComponent::RawHash* current_hash_ = nullptr;
    std::string license_declared_, license_concluded_;
    std::string ref_type_, ref_locator_;
    std::string element_, relationship_type_, related_;
    std::string document_id_;
    std::vector<std::pair<std::string, std::string>> describes_;
};

}  // namespace

void read_spdx_json(InputStream& in, Document& doc, const ReadOptions& options) {
    doc.format = Format::SpdxJson;
    SpdxReader reader(in, doc, options.strict);
    json::parse(in, reader);
}

}  // namespace bomwatch::sbom
