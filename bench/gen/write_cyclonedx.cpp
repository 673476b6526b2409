// CycloneDX 1.5 JSON shaped like cyclonedx-npm's output (JSON.stringify with two spaces, nested
// node_modules as nested components, "name@version" bom-refs), extended to the other
// ecosystems the way cdxgen and syft fill the same fields.
#include <string>
#include <vector>

#include "bench/gen/cyclonedx_layout.h"
#include "bench/gen/document.h"
#include "bench/gen/json_writer.h"

namespace bench {

namespace {

class CycloneDxJsonWriter {
public:
    CycloneDxJsonWriter(const Pair& pair, Side side, std::FILE* out)
        : pair_(pair), side_(side), layout_(pair, side), json_(out, {.indent = 2}) {}

    bool write() {
        const DocumentStamp stamp = document_stamp(pair_, side_);
        json_.begin_object();
        json_.field("$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
        json_.field("bomFormat", "CycloneDX");
        json_.field("specVersion", "1.5");
        json_.field("serialNumber", "urn:uuid:" + stamp.uuid);
        json_.field("version", 1LL);
        write_metadata(stamp);
        json_.key("components");
        json_.begin_array();
        for (const int instance : layout_.top_level()) write_component(instance);
        json_.end_array();
        write_dependencies();
        json_.end_object();
        return json_.finish();
    }

private:
    void write_license(const License& license) {
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
        for (const CycloneDxTool& tool : kCycloneDxTools) {
            json_.begin_object();
            json_.field("type", tool.type);
            json_.field("group", tool.group);
            json_.field("name", tool.name);
            json_.field("version", tool.version);
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
        json_.field("bom-ref", layout_.root_ref());
        if (!app.description.empty()) json_.field("description", app.description);
        write_license(license_at(app.license));
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
    void write_external_references(const CycloneDxComponent& c) {
        json_.key("externalReferences");
        json_.begin_array();
        if (c.npm) {
            json_.begin_object();
            json_.field("url", c.distribution_url);
            json_.field("type", "distribution");
            json_.key("hashes");
            json_.begin_array();
            write_hash(c.hash_algorithm, c.digest);
            json_.end_array();
            json_.end_object();
        }
        if (!c.repository_url.empty()) {
            json_.begin_object();
            json_.field("url", c.repository_url);
            json_.field("type", c.repository_type);
            json_.end_object();
        }
        json_.end_array();
    }

    void write_component(int instance) {
        const CycloneDxComponent c = cyclonedx_component(pair_, side_, instance);
        json_.begin_object();
        json_.field("type", "library");
        json_.field("name", c.name);
        if (!c.group.empty()) json_.field("group", c.group);
        json_.field("version", c.version);
        json_.field("bom-ref", layout_.ref(instance));
        if (!c.supplier.empty()) {
            json_.key("supplier");
            json_.begin_object();
            json_.field("name", c.supplier);
            json_.end_object();
        }
        if (!c.author.empty()) json_.field("author", c.author);
        if (!c.description.empty()) json_.field("description", c.description);
        json_.key("hashes");
        json_.begin_array();
        write_hash(c.hash_algorithm, c.digest);
        json_.end_array();
        write_license(*c.license);
        json_.field("purl", c.purl);
        if (c.npm || !c.repository_url.empty()) write_external_references(c);
        if (c.npm) {
            json_.key("properties");
            json_.begin_array();
            write_property("cdx:npm:package:path", *c.install_path);
            json_.end_array();
        }
        if (const std::vector<int>* nested = layout_.nested(instance)) {
            json_.key("components");
            json_.begin_array();
            for (const int child : *nested) write_component(child);
            json_.end_array();
        }
        json_.end_object();
    }

    void write_dependencies() {
        json_.key("dependencies");
        json_.begin_array();
        for (const int entry : layout_.dependency_entries()) {
            const std::vector<int> targets = layout_.dependency_targets(entry);
            json_.begin_object();
            json_.field("ref", entry < 0 ? layout_.root_ref() : layout_.ref(entry));
            if (!targets.empty()) {
                json_.key("dependsOn");
                json_.begin_array();
                for (const int target : targets) json_.value(layout_.ref(target));
                json_.end_array();
            }
            json_.end_object();
        }
        json_.end_array();
    }

    const Pair& pair_;
    Side side_;
    CycloneDxLayout layout_;
    JsonWriter json_;
};

}  // namespace

bool write_cyclonedx(const Pair& pair, Side side, std::FILE* out) { return CycloneDxJsonWriter(pair, side, out).write(); }

}  // namespace bench
