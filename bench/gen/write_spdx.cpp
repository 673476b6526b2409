// SPDX 2.3 JSON shaped like syft's output (Go's encoder: one-space indent, <>& escaped), with
// DESCRIBES from the document to the root package, DEPENDS_ON edges, and CONTAINS for npm
// packages installed inside another package's node_modules.
#include <string>

#include "bench/gen/document.h"
#include "bench/gen/json_writer.h"
#include "bench/gen/spdx_layout.h"

namespace bench {

namespace {

class SpdxJsonWriter {
public:
    SpdxJsonWriter(const Pair& pair, Side side, std::FILE* out)
        : pair_(pair), side_(side), layout_(pair, side), json_(out, {.indent = 1, .escape_html = true}) {}

    bool write() {
        const DocumentStamp stamp = document_stamp(pair_, side_);
        json_.begin_object();
        json_.field("spdxVersion", "SPDX-2.3");
        json_.field("dataLicense", "CC0-1.0");
        json_.field("SPDXID", layout_.id(SpdxLayout::kDocument));
        json_.field("name", pair_.application.name);
        json_.field("documentNamespace", spdx_namespace(pair_, stamp));
        json_.key("creationInfo");
        json_.begin_object();
        json_.field("licenseListVersion", kSpdxLicenseListVersion);
        json_.key("creators");
        json_.begin_array();
        for (const char* creator : kSpdxCreators) json_.value(creator);
        json_.end_array();
        json_.field("created", utc_timestamp(stamp.unix_time));
        json_.end_object();
        json_.key("packages");
        json_.begin_array();
        for (const int entry : layout_.package_entries()) {
            if (entry == SpdxLayout::kRoot) write_root_package();
            else write_package(entry);
        }
        json_.end_array();
        write_relationships();
        json_.end_object();
        return json_.finish();
    }

private:
    void write_external_ref(std::string_view category, std::string_view type, const std::string& locator) {
        json_.begin_object();
        json_.field("referenceCategory", category);
        json_.field("referenceType", type);
        json_.field("referenceLocator", locator);
        json_.end_object();
    }

    void write_root_package() {
        const Package& app = pair_.application;
        json_.begin_object();
        json_.field("name", app.name);
        json_.field("SPDXID", layout_.id(SpdxLayout::kRoot));
        json_.field("versionInfo", pair_.application_version);
        json_.field("supplier", "NOASSERTION");
        json_.field("downloadLocation", "NOASSERTION");
        json_.field("filesAnalyzed", false);
        json_.field("licenseConcluded", "NOASSERTION");
        json_.field("licenseDeclared", license_at(app.license).spdx);
        json_.field("copyrightText", "NOASSERTION");
        json_.key("externalRefs");
        json_.begin_array();
        write_external_ref("PACKAGE-MANAGER", "purl", purl_of(app, pair_.application_version));
        json_.end_array();
        json_.field("primaryPackagePurpose", "APPLICATION");
        json_.end_object();
    }

    void write_package(int instance) {
        const SpdxPackage p = spdx_package(pair_, side_, instance);
        json_.begin_object();
        json_.field("name", p.name);
        json_.field("SPDXID", layout_.id(instance));
        json_.field("versionInfo", p.version);
        json_.field("supplier", p.supplier);
        if (!p.originator.empty()) json_.field("originator", p.originator);
        json_.field("downloadLocation", p.download_location);
        json_.field("filesAnalyzed", false);
        json_.key("checksums");
        json_.begin_array();
        json_.begin_object();
        json_.field("algorithm", p.checksum_algorithm);
        json_.field("checksumValue", p.checksum);
        json_.end_object();
        json_.end_array();
        json_.field("sourceInfo", p.source_info);
        json_.field("licenseConcluded", "NOASSERTION");
        json_.field("licenseDeclared", p.license_declared);
        json_.field("copyrightText", "NOASSERTION");
        json_.key("externalRefs");
        json_.begin_array();
        if (!p.cpe.empty()) write_external_ref("SECURITY", "cpe23Type", p.cpe);
        write_external_ref("PACKAGE-MANAGER", "purl", p.purl);
        json_.end_array();
        json_.end_object();
    }

    void write_relationships() {
        json_.key("relationships");
        json_.begin_array();
        for (const SpdxLayout::Relationship& r : layout_.relationships()) {
            json_.begin_object();
            json_.field("spdxElementId", layout_.id(r.from));
            json_.field("relatedSpdxElement", layout_.id(r.to));
            json_.field("relationshipType", r.type);
            json_.end_object();
        }
        json_.end_array();
    }

    const Pair& pair_;
    Side side_;
    SpdxLayout layout_;
    JsonWriter json_;
};

}  // namespace

bool write_spdx(const Pair& pair, Side side, std::FILE* out) { return SpdxJsonWriter(pair, side, out).write(); }

}  // namespace bench
