#include "bench/gen/cyclonedx_layout.h"

namespace bench {

namespace {

// A version-4-shaped UUID whose 16 unique digits (0-11 and 20-23) come from `unique16`; the
// rest is filler derived from them.
std::string uuid_ref(const std::string& unique16) {
    const std::string filler = hex_digits(hash_text(unique16), 14);
    return unique16.substr(0, 8) + "-" + unique16.substr(8, 4) + "-4" + filler.substr(0, 3) + "-a" +
           filler.substr(3, 3) + "-" + unique16.substr(12, 4) + filler.substr(6, 8);
}

}  // namespace

// The generator draws in this order: nested components, top-level components, dependency
// entries, then each entry's targets as they are written. Changing it changes every new-side
// document.
CycloneDxLayout::CycloneDxLayout(const Pair& pair, Side side)
    : pair_(pair), side_(side), rng_(pair.seed, side == Side::old_build ? "cdx:old" : "cdx:new") {
    // Old refs as cyclonedx-npm and cdxgen spell them ("@scope/name@1.2.3",
    // "parent@1.0.0|child@2.0.0", purls for other ecosystems); new refs as Trivy spells them (UUIDs).
    refs_.resize(pair.instances.size());
    for (std::size_t i = 0; i < pair.instances.size(); ++i) {
        const int instance = static_cast<int>(i);
        if (!pair.present(instance, side)) continue;
        const Package& package = pair.package_of(instance);
        const std::string version = pair.version_of(instance, side);
        if (side == Side::new_build) {
            refs_[i] = uuid_ref(instance_id_hex(pair, side, instance));
        } else if (package.ecosystem == Ecosystem::npm) {
            const int container = pair.instances[i].container;
            refs_[i] = (container >= 0 ? refs_[container] + "|" : "") + npm_full_name(package) + "@" + version;
        } else {
            refs_[i] = purl_of(package, version);
        }
    }
    root_ref_ = side == Side::old_build ? pair.application.name + "@" + pair.application_version
                                        : uuid_ref(hex_digits(pair.seed ^ 0x5eed, 16));

    for (std::size_t i = 0; i < pair.instances.size(); ++i) {
        const int instance = static_cast<int>(i);
        if (!pair.present(instance, side)) continue;
        const int container = pair.instances[i].container;
        if (container < 0) top_level_.push_back(instance);
        else nested_[container].push_back(instance);
    }
    auto ref_of = [this](int instance) { return refs_[instance]; };
    for (auto& [container, children] : nested_) order_for_side(children, side, rng_, ref_of);
    order_for_side(top_level_, side, rng_, ref_of);

    dependency_entries_.push_back(-1);
    for (std::size_t i = 0; i < pair.instances.size(); ++i)
        if (pair.present(static_cast<int>(i), side)) dependency_entries_.push_back(static_cast<int>(i));
    order_for_side(dependency_entries_, side, rng_,
                   [this](int entry) { return entry < 0 ? std::string() : refs_[entry]; });
}

const std::vector<int>* CycloneDxLayout::nested(int instance) const {
    const auto found = nested_.find(instance);
    return found == nested_.end() ? nullptr : &found->second;
}

std::vector<int> CycloneDxLayout::dependency_targets(int entry) {
    std::vector<int> targets = entry < 0 ? pair_.root_dependencies(side_) : pair_.dependencies(entry, side_);
    if (!targets.empty()) order_for_side(targets, side_, rng_, [this](int instance) { return refs_[instance]; });
    return targets;
}

CycloneDxComponent cyclonedx_component(const Pair& pair, Side side, int instance) {
    const Package& package = pair.package_of(instance);
    CycloneDxComponent c;
    c.npm = package.ecosystem == Ecosystem::npm;
    const bool maven = package.ecosystem == Ecosystem::maven;
    c.name = display_name(package);
    if (c.npm && !package.namespace_.empty()) c.group = "@" + package.namespace_;
    if (maven) c.group = package.namespace_;
    c.version = pair.version_of(instance, side);
    c.supplier = package.supplier;
    c.author = package.author;
    c.description = package.description;
    // npm records the registry's SHA-512 integrity; Maven Central serves SHA-1; the rest SHA-256.
    c.hash_algorithm = c.npm ? "SHA-512" : maven ? "SHA-1" : "SHA-256";
    c.digest = pair.digest_of(instance, side, c.npm ? 128 : maven ? 40 : 64);
    c.license = &license_at(package.license);
    c.purl = purl_of(package, c.version);
    if (c.npm) c.distribution_url = download_url(package, c.version);
    if (!package.repository.empty()) {
        c.repository_url = c.npm ? "git+" + package.repository + ".git" : package.repository;
        const bool vcs = c.npm || package.ecosystem == Ecosystem::golang || package.ecosystem == Ecosystem::cargo;
        c.repository_type = vcs ? "vcs" : "website";
    } else {
        c.repository_type = "";
    }
    c.install_path = &pair.instances[instance].install_path;
    return c;
}

}  // namespace bench
