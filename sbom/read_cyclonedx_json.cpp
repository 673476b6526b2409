// CycloneDX JSON, spec 1.2 to 1.7: components (nested ones flattened), metadata.component as the
// root, hashes (also those of distribution external references), licences, parties, purl,
// properties that give install locations, and the dependency graph. Everything else is skipped
// without being built.
#include <algorithm>
#include <array>
#include <span>
#include <cctype>
#include <string_view>

#include "sbom/builder.h"
#include "sbom/json_walk.h"
#include "sbom/cyclonedx.h"
#include "sbom/read.h"

namespace bomwatch::sbom {

namespace {

using json::Frame;
using json::Kind;
using json::kSkip;

enum Ctx : std::uint8_t {
    Top, Metadata, ComponentList, Component, Supplier, Manufacturer, AuthorList, Author, Hashes, Hash,
    Licenses, LicenseChoice, License, Evidence, EvidenceLicenses, EvidenceLicenseChoice, EvidenceLicense, ExtRefs, ExtRef, Properties, Property, Dependencies, Dependency, DependsOn,
    Skip = json::kSkip,
};

enum Field : std::uint8_t {
    Unknown, BomFormat, SpecVersion, SerialNumber, MetadataField, Components, DependenciesField, RootComponent, BomRef, Ref, Type,
    Group, Name, Version, Purl, Scope, Publisher, AuthorField, SupplierField, ManufacturerField, Authors, HashesField,
    LicensesField, ExternalReferences, PropertiesField, Alg, Content, LicenseField, Expression, Id, Url, Value,
    DependsOnField, EvidenceField,
};

using json::Key;

constexpr std::array kTopKeys{Key{"bomFormat", BomFormat}, Key{"specVersion", SpecVersion}, Key{"serialNumber", SerialNumber},
                              Key{"metadata", MetadataField},
                              Key{"components", Components}, Key{"dependencies", DependenciesField}};
constexpr std::array kMetadataKeys{Key{"component", RootComponent}};
constexpr std::array kComponentKeys{
    Key{"bom-ref", BomRef},       Key{"type", Type},
    Key{"group", Group},          Key{"name", Name},
    Key{"version", Version},      Key{"purl", Purl},
    Key{"scope", Scope},          Key{"publisher", Publisher},
    Key{"author", AuthorField},   Key{"supplier", SupplierField},
    Key{"manufacturer", ManufacturerField}, Key{"authors", Authors},
    Key{"hashes", HashesField},   Key{"licenses", LicensesField},
    Key{"externalReferences", ExternalReferences}, Key{"properties", PropertiesField},
    Key{"components", Components}, Key{"evidence", EvidenceField},
};
constexpr std::array kEvidenceKeys{Key{"licenses", LicensesField}};
constexpr std::array kPartyKeys{Key{"name", Name}};
constexpr std::array kHashKeys{Key{"alg", Alg}, Key{"content", Content}};
constexpr std::array kLicenseChoiceKeys{Key{"license", LicenseField}, Key{"expression", Expression}};
constexpr std::array kLicenseKeys{Key{"id", Id}, Key{"name", Name}};
constexpr std::array kExtRefKeys{Key{"type", Type}, Key{"url", Url}, Key{"hashes", HashesField}};
constexpr std::array kPropertyKeys{Key{"name", Name}, Key{"value", Value}};
constexpr std::array kDependencyKeys{Key{"ref", Ref}, Key{"dependsOn", DependsOnField}};

class CycloneDxReader : public json::Walk<CycloneDxReader> {
public:
    using Walk::Walk;

    std::uint8_t top_ctx() { return Top; }

    std::span<const Key> keys_of(std::uint8_t ctx) {
        switch (ctx) {
        case Top: return kTopKeys;
        case Metadata: return kMetadataKeys;
        case Component: return kComponentKeys;
        case Supplier:
        case Manufacturer:
        case Author: return kPartyKeys;
        case Hash: return kHashKeys;
        case LicenseChoice:
        case EvidenceLicenseChoice: return kLicenseChoiceKeys;
        case License:
        case EvidenceLicense: return kLicenseKeys;
        case Evidence: return kEvidenceKeys;
        case ExtRef: return kExtRefKeys;
        case Property: return kPropertyKeys;
        case Dependency: return kDependencyKeys;
        default: return {};
        }
    }

    std::uint8_t on_open(Frame& frame, Kind kind) {
        const bool object = kind == Kind::Object, array = kind == Kind::Array;
        switch (frame.ctx) {
        case Top:
            switch (frame.field) {
            case MetadataField: return object ? Metadata : wrong_type(kind, "an object");
            case Components: return array ? ComponentList : wrong_type(kind, "an array");
            case DependenciesField: return array ? Dependencies : wrong_type(kind, "an array");
            case BomFormat:
            case SpecVersion: wrong_type(kind, "a string");
            default: return kSkip;
            }
        case Metadata:
            if (frame.field != RootComponent) return kSkip;
            if (!object) wrong_type(kind, "an object");
            begin_component(true);
            return Component;
        case ComponentList:
            if (!object) wrong_type(kind, "an object (a component)");
            begin_component(false);
            return Component;
        case Component:
            switch (frame.field) {
            case SupplierField: return object ? Supplier : skip_with_warning(kind, "an object");
            case ManufacturerField: return object ? Manufacturer : skip_with_warning(kind, "an object");
            case Authors: return array ? AuthorList : skip_with_warning(kind, "an array");
            case HashesField: return array ? Hashes : skip_with_warning(kind, "an array");
            case LicensesField:
                if (!array) return skip_with_warning(kind, "an array");
                licenses_seen_ = licenses_seen_expression_ = false;
                return Licenses;
            case ExternalReferences: return array ? ExtRefs : skip_with_warning(kind, "an array");
            case PropertiesField: return array ? Properties : skip_with_warning(kind, "an array");
            case Components: return array ? ComponentList : wrong_type(kind, "an array");
            case EvidenceField: return object ? Evidence : Skip;
            case BomRef:
            case Group:
            case Name:
            case Version:
            case Purl: wrong_type(kind, "a string");
            case Type:
            case Scope:
            case Publisher:
            case AuthorField: return skip_with_warning(kind, "a string");
            default: return kSkip;
            }
        case AuthorList: return object ? Author : Skip;
        case Hashes:
            if (!object) return skip_with_warning(kind, "an object (a hash)");
            current_hash_ = &raw().add_hash();
            current_hash_->algorithm.clear();
            current_hash_->value.clear();
            return Hash;
        case Licenses: return object ? LicenseChoice : skip_with_warning(kind, "an object (a licence choice)");
        case LicenseChoice:
            if (frame.field != LicenseField || !object) return Skip;
            licenses_seen_ = true;
            return License;
        case Evidence: return frame.field == LicensesField && array ? EvidenceLicenses : Skip;
        case EvidenceLicenses: return object ? EvidenceLicenseChoice : Skip;
        case EvidenceLicenseChoice: return frame.field == LicenseField && object ? EvidenceLicense : Skip;
        case ExtRefs:
            if (!object) return kSkip;
            ext_type_.clear();
            ext_url_.clear();
            ext_hashes_begin_ = raw().hash_count;
            return ExtRef;
        case ExtRef: return frame.field == HashesField && array ? Hashes : Skip;
        case Properties:
            if (!object) return kSkip;
            property_name_.clear();
            property_value_.clear();
            return Property;
        case Dependencies:
            if (!object) wrong_type(kind, "an object (a dependency)");
            dependency_ref_.clear();
            dependency_ref_seen_ = false;
            depends_on_count_ = 0;
            return Dependency;
        case Dependency:
            if (frame.field == DependsOnField) return array ? DependsOn : wrong_type(kind, "an array");
            if (frame.field == Ref) wrong_type(kind, "a string");
            return kSkip;
        case DependsOn: wrong_type(kind, "a string (a ref)");
        default: return kSkip;
        }
    }

    void on_scalar(Frame& frame, Kind kind, std::string* text) {
        if (kind == Kind::Null) return;  // null is "not stated"
        switch (frame.ctx) {
        case Top:
            if (frame.field == BomFormat) {
                if (!text) wrong_type(kind, "a string");
                if (*text != "CycloneDX") fail("bomFormat is '" + *text + "', not 'CycloneDX': not a CycloneDX document");
                bom_format_seen_ = true;
            } else if (frame.field == SpecVersion) {
                if (!text) wrong_type(kind, "a string");
                take(doc_.spec_version, *text);
            } else if (frame.field == SerialNumber) {
                if (!text || !cyclonedx::is_serial_number(*text))
                    warn(path(), "not a serial number of the form urn:uuid:<RFC 4122 UUID>; it does not matter to a diff");
            } else if (frame.field == Components || frame.field == DependenciesField || frame.field == MetadataField) {
                wrong_type(kind, frame.field == MetadataField ? "an object" : "an array");
            }
            return;
        case Component: return component_scalar(frame, kind, text);
        case Supplier:
        case Manufacturer:
        case Author:
            if (frame.field != Name || !text) return;
            if (frame.ctx == Author) {
                if (!raw().originator.empty()) raw().originator += ", ";
                raw().originator += *text;
            } else if (frame.ctx == Supplier || raw().supplier.empty()) {
                take(raw().supplier, *text);
            }
            return;
        case Hash:
            if (!text) return warn(path(), std::string("expected a string, found ") + json::kind_name(kind));
            if (frame.field == Alg) take(current_hash_->algorithm, *text);
            else if (frame.field == Content) take(current_hash_->value, *text);
            return;
        case LicenseChoice:
            if (frame.field == Expression && text) {
                raw().license_expressions.push_back(*text);
                licenses_seen_expression_ = true;
            }
            return;
        case License:
            if (!text) return;
            if (frame.field == Id) raw().license_expressions.push_back(*text);
            else if (frame.field == Name) raw().license_names.push_back(*text);
            return;
        case EvidenceLicenseChoice:
            if (frame.field == Expression && text) raw().evidence_license_expressions.push_back(*text);
            return;
        case EvidenceLicense:
            if (!text) return;
            if (frame.field == Id) raw().evidence_license_expressions.push_back(*text);
            else if (frame.field == Name) raw().evidence_license_names.push_back(*text);
            return;
        case ExtRef:
            if (!text) return;
            if (frame.field == Type) take(ext_type_, *text);
            else if (frame.field == Url) take(ext_url_, *text);
            return;
        case Property:
            if (!text) return;
            if (frame.field == Name) take(property_name_, *text);
            else if (frame.field == Value) take(property_value_, *text);
            return;
        case Dependency:
            if (frame.field == Ref) {
                if (!text) wrong_type(kind, "a string");
                take(dependency_ref_, *text);
                dependency_ref_seen_ = true;
            } else if (frame.field == DependsOnField) {
                wrong_type(kind, "an array");
            }
            return;
        case DependsOn:
            if (!text) wrong_type(kind, "a string (a ref)");
            if (depends_on_count_ == depends_on_.size()) depends_on_.emplace_back();
            take(depends_on_[depends_on_count_++], *text);
            return;
        case ComponentList: wrong_type(kind, "an object (a component)");
        case Dependencies: wrong_type(kind, "an object (a dependency)");
        case Hashes: return warn(path(), std::string("expected an object (a hash), found ") + json::kind_name(kind));
        default: return;
        }
    }

    void on_close(const Frame& frame) {
        switch (frame.ctx) {
        case Component: return end_component();
        case Licenses:
            if (licenses_seen_ && licenses_seen_expression_)
                warn(container_path(), "mixes license and expression (CycloneDX allows one or the other); both are read");
            return;
        case Hash:
            if (current_hash_->algorithm.empty() || current_hash_->value.empty()) {
                warn(container_path(), "hash without an 'alg' or a 'content'; ignored");
                --raw().hash_count;
            }
            return;
        case ExtRef: {
            RawComponent& r = raw();
            // The hashes of the distribution are the artifact's; those of a website or an issue
            // tracker are not.
            const bool distribution = ext_type_ == "distribution" || ext_type_ == "distribution-intake";
            if (!distribution) r.hash_count = ext_hashes_begin_;
            if (distribution && r.download.empty()) r.download = ext_url_;
            else if (ext_type_ == "vcs" && r.vcs.empty()) r.vcs = ext_url_;
            return;
        }
        case Property:
            if (cyclonedx::is_location_property(property_name_)) raw().locations.push_back(property_value_);
            return;
        case Dependency:
            if (!dependency_ref_seen_ || dependency_ref_.empty()) {
                warn(container_path(), dependency_ref_seen_ ? "dependency with an empty 'ref'; ignored"
                                                            : "dependency without a 'ref'; ignored");
                return;
            }
            for (std::size_t i = 0; i < depends_on_count_; ++i)
                if (!depends_on_[i].empty()) builder_.add_edge(dependency_ref_, depends_on_[i]);
            return;
        case Top:
            if (!bom_format_seen_) warn("bomFormat", "missing (CycloneDX requires \"bomFormat\": \"CycloneDX\")");
            if (doc_.spec_version.empty()) warn("specVersion", "missing; read as the latest CycloneDX version");
            builder_.finish(true);
            return;
        default: return;
        }
    }

private:
    // Fails for a wrong-typed field the diff needs; the return type lets it stand in a return.
    [[noreturn]] Ctx wrong_type(Kind kind, const char* expected) { Walk::wrong_type(kind, expected); }

    Ctx skip_with_warning(Kind kind, const char* expected) {
        warn(path(), std::string("expected ") + expected + ", found " + json::kind_name(kind) + "; ignored");
        return Skip;
    }

    void component_scalar(Frame& frame, Kind kind, std::string* text) {
        RawComponent& r = raw();
        std::string* into = nullptr;
        bool needed = true;  // a wrong type here is an error, not a warning
        switch (frame.field) {
        case BomRef: into = &r.ref; break;
        case Group: into = &r.group; break;
        case Name: into = &r.name; break;
        case Version: into = &r.version; break;
        case Purl: into = &r.purl; break;
        case Type: into = &r.type; needed = false; break;
        case Scope: into = &r.scope; needed = false; break;
        case Publisher: into = &r.publisher; needed = false; break;
        case AuthorField: into = &r.originator; needed = false; break;
        case Unknown: return;
        default: into = nullptr; needed = false; break;  // an object/array field given a scalar
        }
        if (!text || !into) {
            if (needed) wrong_type(kind, "a string");
            return warn(path(), std::string("unexpected ") + json::kind_name(kind) + "; ignored");
        }
        take(*into, *text);
    }

    RawComponent& raw() { return components_.top(); }

    void begin_component(bool root) {
        if (!components_.begin(root))
            fail(path() + ": components nested more than " + std::to_string(cyclonedx::kMaxComponentDepth) + " deep");
    }

    void end_component() {
        components_.end(builder_, doc_, [this] { return container_path(); },
                        [this](std::string where, std::string message) { warn(std::move(where), std::move(message)); });
        component_done();
    }

    cyclonedx::ComponentStack components_;
    bool licenses_seen_ = false, licenses_seen_expression_ = false;  // in the licences being read
    RawComponent::RawHash* current_hash_ = nullptr;
    std::string ext_type_, ext_url_;
    std::size_t ext_hashes_begin_ = 0;
    std::string property_name_, property_value_;
    std::string dependency_ref_;
    bool dependency_ref_seen_ = false;
    std::vector<std::string> depends_on_;
    std::size_t depends_on_count_ = 0;
    bool bom_format_seen_ = false;
};

}  // namespace

void read_cyclonedx_json(InputStream& in, Document& doc, const ReadOptions& options) {
    doc.format = Format::CycloneDxJson;
    CycloneDxReader reader(in, doc, options.strict);
    json::parse(in, reader);
}

}  // namespace bomwatch::sbom
