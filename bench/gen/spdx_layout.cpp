#include "bench/gen/spdx_layout.h"

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

}  // namespace

// The generator draws the package order first, then the relationship order. Changing it changes
// every new-side document.
SpdxLayout::SpdxLayout(const Pair& pair, Side side) {
    Rng rng(pair.seed, side == Side::old_build ? "spdx:old" : "spdx:new");
    // Old ids as recent syft ("SPDXRef-Package-npm-name-<hex>"), new ids as older syft ("SPDXRef-<hex>").
    ids_.resize(pair.instances.size());
    for (std::size_t i = 0; i < pair.instances.size(); ++i) {
        const int instance = static_cast<int>(i);
        if (!pair.present(instance, side)) continue;
        const Package& package = pair.package_of(instance);
        const std::string hex = instance_id_hex(pair, side, instance);
        ids_[i] = side == Side::old_build
                      ? "SPDXRef-Package-" + std::string(purl_type(package.ecosystem)) + "-" + id_safe(package.name) + "-" + hex
                      : "SPDXRef-" + hex;
    }
    root_id_ = side == Side::old_build ? "SPDXRef-DocumentRoot-Directory-" + id_safe(pair.application.name)
                                       : "SPDXRef-" + hex_digits(pair.seed ^ 0x5eed, 16);

    package_entries_.push_back(kRoot);
    for (std::size_t i = 0; i < pair.instances.size(); ++i)
        if (pair.present(static_cast<int>(i), side)) package_entries_.push_back(static_cast<int>(i));
    // syft sorts packages by name and version; the id breaks ties between install paths.
    order_for_side(package_entries_, side, rng, [&](int entry) {
        if (entry == kRoot) return std::string();
        return display_name(pair.package_of(entry)) + "@" + pair.version_of(entry, side) + " " + ids_[entry];
    });

    std::vector<Relationship> created{{kDocument, kRoot, "DESCRIBES"}};
    for (const int target : pair.root_dependencies(side)) created.push_back({kRoot, target, "DEPENDS_ON"});
    for (std::size_t i = 0; i < pair.instances.size(); ++i) {
        const int instance = static_cast<int>(i);
        if (!pair.present(instance, side)) continue;
        for (const int target : pair.dependencies(instance, side))
            created.push_back({instance, target, pair.instances[target].container == instance ? "CONTAINS" : "DEPENDS_ON"});
    }
    // The old side keeps creation order (syft writes relationships as it finds them).
    std::vector<int> order(created.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    if (side == Side::new_build) rng.shuffle(order);
    relationships_.reserve(created.size());
    for (const int index : order) relationships_.push_back(created[index]);
}

SpdxPackage spdx_package(const Pair& pair, Side side, int instance) {
    const Package& package = pair.package_of(instance);
    const bool npm = package.ecosystem == Ecosystem::npm;
    const bool maven = package.ecosystem == Ecosystem::maven;
    SpdxPackage p;
    p.name = display_name(package);
    p.version = pair.version_of(instance, side);
    p.supplier = package.supplier.empty() ? "NOASSERTION" : "Organization: " + package.supplier;
    if (!package.author.empty()) p.originator = "Person: " + package.author;
    p.download_location = download_url(package, p.version);
    if (p.download_location.empty()) p.download_location = "NOASSERTION";
    p.checksum_algorithm = npm ? "SHA512" : maven ? "SHA1" : "SHA256";
    p.checksum = pair.digest_of(instance, side, npm ? 128 : maven ? 40 : 64);
    p.source_info = source_info(package, pair.instances[instance], p.version);
    p.license_declared = license_at(package.license).spdx;
    if (maven || package.ecosystem == Ecosystem::rpm || package.ecosystem == Ecosystem::apk) {
        const std::string vendor = maven ? cpe_vendor(package.namespace_) : package.name;
        p.cpe = "cpe:2.3:a:" + vendor + ":" + package.name + ":" + p.version + ":*:*:*:*:*:*:*";
    }
    p.purl = purl_of(package, p.version);
    return p;
}

std::string spdx_namespace(const Pair& pair, const DocumentStamp& stamp) {
    return "https://anchore.com/syft/dir/" + pair.application.name + "-" + stamp.uuid;
}

}  // namespace bench
