// CycloneDX 1.5 JSON shaped like cyclonedx-npm's output (JSON.stringify with two spaces, nested
// node_modules as nested components, "name@version" bom-refs), extended to the other
// ecosystems the way cdxgen and syft fill the same fields.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "bench/gen/document.h"
#include "bench/gen/json_writer.h"

namespace bench {

namespace {

// A version-4-shaped UUID whose 16 unique digits (0-11 and 20-23) come from `unique16`; the
// rest is filler derived from them.
std::string uuid_ref(const std::string& unique16) {
    const std::string filler = hex_digits(hash_text(unique16), 14);
    return unique16.substr(0, 8) + "-" + unique16.substr(8, 4) + "-4" + filler.substr(0, 3) + "-a" +
           filler.substr(3, 3) + "-" + unique16.substr(12, 4) + filler.substr(6, 8);
}

class CycloneDxWriter {
public:
    CycloneDxWriter(const Pair& pair, Side side, std::FILE* out)
        : pair_(pair), side_(side), json_(out, {.indent = 2}), rng_(pair.seed, side == Side::old_build ? "cdx:old" : "cdx:new") {}

    bool write() {
        make_refs();
        const DocumentStamp stamp = document_stamp(pair_, side_);
        json_.begin_object();
        json_.field("$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
        json_.field("bomFormat", "CycloneDX");
        json_.field("specVersion", "1.5");
        json_.field("serialNumber", "urn:uuid:" + stamp.uuid);
        json_.field("version", 1LL);
        write_metadata(stamp);
        write_components();
        write_dependencies();
        json_.end_object();
        return json_.finish();
    }

private:
    // Old refs as cyclonedx-npm and cdxgen spell them ("@scope/name@1.2.3",
    // "parent@1.0.0|child@2.0.0", purls for other ecosystems); new refs as Trivy spells them (UUIDs).
    void make_refs() {
        refs_.resize(pair_.instances.size());
        for (std::size_t i = 0; i < pair_.instances.size(); ++i) {
            const int instance = static_cast<int>(i);
            if (!pair_.present(instance, side_)) continue;
            const Package& package = pair_.package_of(instance);
            const std::string version = pair_.version_of(instance, side_);
            if (side_ == Side::new_build) {
                refs_[i] = uuid_ref(instance_id_hex(pair_, side_, instance));
            } else if (package.ecosystem == Ecosystem::npm) {
                const int container = pair_.instances[i].container;
                refs_[i] = (container >= 0 ? refs_[container] + "|" : "") + npm_full_name(package) + "@" + version;
            } else {
                refs_[i] = purl_of(package, version);
            }
        }
        root_ref_ = side_ == Side::old_build ? pair_.application.name + "@" + pair_.application_version
                                             : uuid_ref(hex_digits(pair_.seed ^ 0x5eed, 16));
    }

    void write_license(const Package& package) {
        const License& license = license_at(package.license);
        json_.key("licenses");
        json_.begin_array();
        json_.begin_object();
        if (license.kind == License::Kind::expression) {
            json_.field("expression", license.text);
        } else {
            json_.key("license");
            json_.begin_object();
            json_.field(license.kind == License::Kind::id ? "id" : "name", license.text);
            json_.end_object();
        }
        json_.end_object();
        json_.end_array();
    }

    void write_metadata(const DocumentStamp& stamp) {
        json_.key("metadata");
        json_.begin_object();
        json_.field("timestamp", utc_timestamp(stamp.unix_time));
        json_.key("lifecycles");
        json_.begin_array();
        json_.begin_object();
        json_.field("phase", "build");
        json_.end_object();
        json_.end_array();
        json_.key("tools");
        json_.begin_object();
        json_.key("components");
        json_.begin_array();
        for (const auto& [type, name, version] : {std::tuple{"application", "cyclonedx-npm", "1.19.3"},
                                                  std::tuple{"library", "cyclonedx-library", "6.11.0"}}) {
            json_.begin_object();
            json_.field("type", type);
            json_.field("group", "@cyclonedx");
            json_.field("name", name);
            json_.field("version", version);
            json_.end_object();
        }
        json_.end_array();
        json_.end_object();
        const Package& app = pair_.application;
        json_.key("component");
        json_.begin_object();
        json_.field("type", "application");
        json_.field("name", app.name);
        json_.field("version", pair_.application_version);
        json_.field("bom-ref", root_ref_);
        if (!app.description.empty()) json_.field("description", app.description);
        write_license(app);
        json_.field("purl", purl_of(app, pair_.application_version));
        json_.key("properties");
        json_.begin_array();
        write_property("cdx:npm:package:path", "");
        write_property("cdx:npm:package:private", "true");
        json_.end_array();
        json_.end_object();
        json_.end_object();
    }

    void write_property(std::string_view name, std::string_view value) {
        json_.begin_object();
        json_.field("name", name);
        json_.field("value", value);
        json_.end_object();
    }

    void write_hash(std::string_view algorithm, const std::string& digest) {
        json_.begin_object();
        json_.field("alg", algorithm);
        json_.field("content", digest);
        json_.end_object();
    }

    // npm: the registry tarball with its integrity digest, and the repository; others: the repository.
    void write_external_references(const Package& package, const std::string& version, const char* algorithm,
                                   const std::string& digest) {
        const bool npm = package.ecosystem == Ecosystem::npm;
        json_.key("externalReferences");
        json_.begin_array();
        if (npm) {
            json_.begin_object();
            json_.field("url", download_url(package, version));
            json_.field("type", "distribution");
            json_.key("hashes");
            json_.begin_array();
            write_hash(algorithm, digest);
            json_.end_array();
            json_.end_object();
        }
        if (!package.repository.empty()) {
            const bool vcs = npm || package.ecosystem == Ecosystem::golang || package.ecosystem == Ecosystem::cargo;
            json_.begin_object();
            json_.field("url", npm ? "git+" + package.repository + ".git" : package.repository);
            json_.field("type", vcs ? "vcs" : "website");
            json_.end_object();
        }
        json_.end_array();
    }

    void write_component(int instance) {
        const Package& package = pair_.package_of(instance);
        const std::string version = pair_.version_of(instance, side_);
        json_.begin_object();
        json_.field("type", "library");
        json_.field("name", display_name(package));
        if (package.ecosystem == Ecosystem::npm && !package.namespace_.empty()) json_.field("group", "@" + package.namespace_);
        if (package.ecosystem == Ecosystem::maven) json_.field("group", package.namespace_);
        json_.field("version", version);
        json_.field("bom-ref", refs_[instance]);
        if (!package.supplier.empty()) {
            json_.key("supplier");
            json_.begin_object();
            json_.field("name", package.supplier);
            json_.end_object();
        }
        if (!package.author.empty()) json_.field("author", package.author);
        if (!package.description.empty()) json_.field("description", package.description);

        // npm records the registry's SHA-512 integrity; Maven Central serves SHA-1; the rest SHA-256.
        const bool npm = package.ecosystem == Ecosystem::npm;
        const char* algorithm = npm ? "SHA-512" : package.ecosystem == Ecosystem::maven ? "SHA-1" : "SHA-256";
        const std::string digest = pair_.digest_of(instance, side_, npm ? 128 : package.ecosystem == Ecosystem::maven ? 40 : 64);
        json_.key("hashes");
        json_.begin_array();
        write_hash(algorithm, digest);
        json_.end_array();
        write_license(package);
        json_.field("purl", purl_of(package, version));

        if (npm || !package.repository.empty()) write_external_references(package, version, algorithm, digest);

        if (npm) {
            json_.key("properties");
            json_.begin_array();
            write_property("cdx:npm:package:path", pair_.instances[instance].install_path);
            json_.end_array();
        }
        if (const auto nested = nested_.find(instance); nested != nested_.end()) {
            json_.key("components");
            json_.begin_array();
            for (const int child : nested->second) write_component(child);
            json_.end_array();
        }
        json_.end_object();
    }

    void write_components() {
        std::vector<int> top_level;
        for (std::size_t i = 0; i < pair_.instances.size(); ++i) {
            const int instance = static_cast<int>(i);
            if (!pair_.present(instance, side_)) continue;
            const int container = pair_.instances[i].container;
            if (container < 0) top_level.push_back(instance);
            else nested_[container].push_back(instance);
        }
        auto ref_of = [this](int instance) { return refs_[instance]; };
        for (auto& [container, children] : nested_) order_for_side(children, side_, rng_, ref_of);
        order_for_side(top_level, side_, rng_, ref_of);
        json_.key("components");
        json_.begin_array();
        for (const int instance : top_level) write_component(instance);
        json_.end_array();
    }

    void write_dependency(const std::string& ref, std::vector<int> targets) {
        json_.begin_object();
        json_.field("ref", ref);
        if (!targets.empty()) {
            order_for_side(targets, side_, rng_, [this](int instance) { return refs_[instance]; });
            json_.key("dependsOn");
            json_.begin_array();
            for (const int target : targets) json_.value(refs_[target]);
            json_.end_array();
        }
        json_.end_object();
    }

    void write_dependencies() {
        // -1 stands for the root component.
        std::vector<int> entries{-1};
        for (std::size_t i = 0; i < pair_.instances.size(); ++i)
            if (pair_.present(static_cast<int>(i), side_)) entries.push_back(static_cast<int>(i));
        order_for_side(entries, side_, rng_, [this](int entry) { return entry < 0 ? std::string() : refs_[entry]; });
        json_.key("dependencies");
        json_.begin_array();
        for (const int entry : entries) {
            if (entry < 0) write_dependency(root_ref_, pair_.root_dependencies(side_));
            else write_dependency(refs_[entry], pair_.dependencies(entry, side_));
        }
        json_.end_array();
    }

    const Pair& pair_;
    Side side_;
    JsonWriter json_;
    Rng rng_;
    std::vector<std::string> refs_;
    std::string root_ref_;
    std::map<int, std::vector<int>> nested_;  // container instance -> nested instances (ordered map: deterministic)
};

}  // namespace

bool write_cyclonedx(const Pair& pair, Side side, std::FILE* out) { return CycloneDxWriter(pair, side, out).write(); }

}  // namespace bench
