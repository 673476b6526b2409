// SPDX 2.3 JSON shaped like syft's output (Go's encoder: one-space indent, <>& escaped), with
// DESCRIBES from the document to the root package, DEPENDS_ON edges, and CONTAINS for npm
// packages installed inside another package's node_modules.
#include <string>
#include <vector>

#include "bench/gen/document.h"
#include "bench/gen/json_writer.h"

namespace bench {

namespace {

std::string source_info(const Package& package, const Instance& instance, const std::string& version) {
    switch (package.ecosystem) {
        case Ecosystem::npm:
            return "acquired package info from installed node module manifest file: /app/" + instance.install_path +
                   "/package.json";
        case Ecosystem::pypi: {
            std::string distribution = package.name;
            for (char& c : distribution) if (c == '-') c = '_';
            return "acquired package info from installed python package manifest file: /usr/lib/python3/dist-packages/" +
                   distribution + "-" + version + ".dist-info/METADATA";
        }
        case Ecosystem::maven:
            return "acquired package info from installed java archive: /app/lib/" + package.name + "-" + version + ".jar";
        case Ecosystem::golang: return "acquired package info from go module information: /app/bin/server";
        case Ecosystem::deb: return "acquired package info from DPKG DB: /var/lib/dpkg/status";
        case Ecosystem::rpm: return "acquired package info from RPM DB: /var/lib/rpm/rpmdb.sqlite";
        case Ecosystem::apk: return "acquired package info from APK DB: /lib/apk/db/installed";
        case Ecosystem::cargo: return "acquired package info from rust cargo manifest: /app/Cargo.lock";
        case Ecosystem::nuget: return "acquired package info from dotnet project assets: /app/obj/project.assets.json";
    }
    return "";
}

// The CPE vendor of a Maven group: "apache" for "org.apache.commons".
std::string cpe_vendor(const std::string& group) {
    const std::size_t first = group.find('.');
    if (first == std::string::npos) return group;
    const std::size_t second = group.find('.', first + 1);
    return group.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

// SPDX ids allow letters, digits, '.' and '-' only.
std::string id_safe(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')) c = '-';
    return out;
}

class SpdxWriter {
public:
    SpdxWriter(const Pair& pair, Side side, std::FILE* out)
        : pair_(pair), side_(side), json_(out, {.indent = 1, .escape_html = true}),
          rng_(pair.seed, side == Side::old_build ? "spdx:old" : "spdx:new") {}

    bool write() {
        make_ids();
        const DocumentStamp stamp = document_stamp(pair_, side_);
        json_.begin_object();
        json_.field("spdxVersion", "SPDX-2.3");
        json_.field("dataLicense", "CC0-1.0");
        json_.field("SPDXID", "SPDXRef-DOCUMENT");
        json_.field("name", pair_.application.name);
        json_.field("documentNamespace", "https://anchore.com/syft/dir/" + pair_.application.name + "-" + stamp.uuid);
        json_.key("creationInfo");
        json_.begin_object();
        json_.field("licenseListVersion", "3.23");
        json_.key("creators");
        json_.begin_array();
        json_.value("Organization: Anchore, Inc");
        json_.value("Tool: syft-1.4.1");
        json_.end_array();
        json_.field("created", utc_timestamp(stamp.unix_time));
        json_.end_object();
        write_packages();
        write_relationships();
        json_.end_object();
        return json_.finish();
    }

private:
    // Old ids as recent syft ("SPDXRef-Package-npm-name-<hex>"), new ids as older syft ("SPDXRef-<hex>").
    void make_ids() {
        ids_.resize(pair_.instances.size());
        for (std::size_t i = 0; i < pair_.instances.size(); ++i) {
            const int instance = static_cast<int>(i);
            if (!pair_.present(instance, side_)) continue;
            const Package& package = pair_.package_of(instance);
            const std::string hex = instance_id_hex(pair_, side_, instance);
            ids_[i] = side_ == Side::old_build ? "SPDXRef-Package-" + std::string(purl_type(package.ecosystem)) + "-" +
                                                     id_safe(package.name) + "-" + hex
                                               : "SPDXRef-" + hex;
        }
        root_id_ = side_ == Side::old_build ? "SPDXRef-DocumentRoot-Directory-" + id_safe(pair_.application.name)
                                           : "SPDXRef-" + hex_digits(pair_.seed ^ 0x5eed, 16);
    }

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
        json_.field("SPDXID", root_id_);
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
        const Package& package = pair_.package_of(instance);
        const std::string version = pair_.version_of(instance, side_);
        const bool npm = package.ecosystem == Ecosystem::npm;
        const bool maven = package.ecosystem == Ecosystem::maven;
        json_.begin_object();
        json_.field("name", display_name(package));
        json_.field("SPDXID", ids_[instance]);
        json_.field("versionInfo", version);
        json_.field("supplier", package.supplier.empty() ? "NOASSERTION" : "Organization: " + package.supplier);
        if (!package.author.empty()) json_.field("originator", "Person: " + package.author);
        const std::string url = download_url(package, version);
        json_.field("downloadLocation", url.empty() ? "NOASSERTION" : url);
        json_.field("filesAnalyzed", false);
        json_.key("checksums");
        json_.begin_array();
        json_.begin_object();
        json_.field("algorithm", npm ? "SHA512" : maven ? "SHA1" : "SHA256");
        json_.field("checksumValue", pair_.digest_of(instance, side_, npm ? 128 : maven ? 40 : 64));
        json_.end_object();
        json_.end_array();
        json_.field("sourceInfo", source_info(package, pair_.instances[instance], version));
        json_.field("licenseConcluded", "NOASSERTION");
        json_.field("licenseDeclared", license_at(package.license).spdx);
        json_.field("copyrightText", "NOASSERTION");
        json_.key("externalRefs");
        json_.begin_array();
        if (maven || package.ecosystem == Ecosystem::rpm || package.ecosystem == Ecosystem::apk) {
            const std::string vendor = maven ? cpe_vendor(package.namespace_) : package.name;
            write_external_ref("SECURITY", "cpe23Type",
                               "cpe:2.3:a:" + vendor + ":" + package.name + ":" + version + ":*:*:*:*:*:*:*");
        }
        write_external_ref("PACKAGE-MANAGER", "purl", purl_of(package, version));
        json_.end_array();
        json_.end_object();
    }

    void write_packages() {
        std::vector<int> entries{-1};  // -1 stands for the root package
        for (std::size_t i = 0; i < pair_.instances.size(); ++i)
            if (pair_.present(static_cast<int>(i), side_)) entries.push_back(static_cast<int>(i));
        // syft sorts packages by name and version; the id breaks ties between install paths.
        order_for_side(entries, side_, rng_, [this](int entry) {
            if (entry < 0) return std::string();
            return display_name(pair_.package_of(entry)) + "@" + pair_.version_of(entry, side_) + " " + ids_[entry];
        });
        json_.key("packages");
        json_.begin_array();
        for (const int entry : entries) {
            if (entry < 0) write_root_package();
            else write_package(entry);
        }
        json_.end_array();
    }

    struct Relationship {
        int from;  // -2: the document, -1: the root package
        int to;
        const char* type;
    };

    const std::string& id_of(int entry) const { return entry == -2 ? document_id_ : entry == -1 ? root_id_ : ids_[entry]; }

    void write_relationships() {
        std::vector<Relationship> relationships{{-2, -1, "DESCRIBES"}};
        for (const int target : pair_.root_dependencies(side_)) relationships.push_back({-1, target, "DEPENDS_ON"});
        for (std::size_t i = 0; i < pair_.instances.size(); ++i) {
            const int instance = static_cast<int>(i);
            if (!pair_.present(instance, side_)) continue;
            for (const int target : pair_.dependencies(instance, side_))
                relationships.push_back(
                    {instance, target, pair_.instances[target].container == instance ? "CONTAINS" : "DEPENDS_ON"});
        }
        std::vector<int> order(relationships.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
        // The old side keeps creation order (syft writes relationships as it finds them).
        if (side_ == Side::new_build) rng_.shuffle(order);
        json_.key("relationships");
        json_.begin_array();
        for (const int index : order) {
            const Relationship& r = relationships[index];
            json_.begin_object();
            json_.field("spdxElementId", id_of(r.from));
            json_.field("relatedSpdxElement", id_of(r.to));
            json_.field("relationshipType", r.type);
            json_.end_object();
        }
        json_.end_array();
    }

    const Pair& pair_;
    Side side_;
    JsonWriter json_;
    Rng rng_;
    std::vector<std::string> ids_;
    std::string root_id_;
    const std::string document_id_ = "SPDXRef-DOCUMENT";
};

}  // namespace

bool write_spdx(const Pair& pair, Side side, std::FILE* out) { return SpdxWriter(pair, side, out).write(); }

}  // namespace bench
