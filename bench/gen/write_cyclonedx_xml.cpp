// CycloneDX 1.6 XML shaped like the CycloneDX Maven plugin's output (four-space indent, one
// element per line, elements in the schema's order), carrying the same document as the JSON
// rendering: the same refs, components, nesting, hashes, licences, references, properties and
// dependencies (nested <dependency ref>). The old side writes descriptions as CDATA, as older
// plugins do; the new side escapes them.
#include <string>
#include <vector>

#include "bench/gen/cyclonedx_layout.h"
#include "bench/gen/document.h"
#include "bench/gen/xml_writer.h"

namespace bench {

namespace {

class CycloneDxXmlWriter {
public:
    CycloneDxXmlWriter(const Pair& pair, Side side, std::FILE* out)
        : pair_(pair), side_(side), layout_(pair, side), xml_(out, 4) {}

    bool write() {
        const DocumentStamp stamp = document_stamp(pair_, side_);
        xml_.declaration();
        xml_.begin("bom");
        xml_.attribute("xmlns", "http://cyclonedx.org/schema/bom/1.6");
        xml_.attribute("serialNumber", "urn:uuid:" + stamp.uuid);
        xml_.attribute("version", "1");
        write_metadata(stamp);
        xml_.begin("components");
        for (const int instance : layout_.top_level()) write_component(instance);
        xml_.end();
        write_dependencies();
        xml_.end();
        return xml_.finish();
    }

private:
    void write_description(const std::string& text) {
        if (text.empty()) return;
        if (side_ == Side::old_build) xml_.cdata_element("description", text);
        else xml_.element("description", text);
    }

    void write_license(const License& license) {
        xml_.begin("licenses");
        if (license.kind == License::Kind::expression) {
            xml_.element("expression", license.text);
        } else {
            xml_.begin("license");
            xml_.element(license.kind == License::Kind::id ? "id" : "name", license.text);
            xml_.end();
        }
        xml_.end();
    }

    void write_property(std::string_view name, std::string_view value) {
        xml_.begin("property");
        xml_.attribute("name", name);
        xml_.text(value);
        xml_.end();
    }

    void write_hashes(const CycloneDxComponent& c) {
        xml_.begin("hashes");
        xml_.begin("hash");
        xml_.attribute("alg", c.hash_algorithm);
        xml_.text(c.digest);
        xml_.end();
        xml_.end();
    }

    void write_metadata(const DocumentStamp& stamp) {
        xml_.begin("metadata");
        xml_.element("timestamp", utc_timestamp(stamp.unix_time));
        xml_.begin("lifecycles");
        xml_.begin("lifecycle");
        xml_.element("phase", "build");
        xml_.end();
        xml_.end();
        xml_.begin("tools");
        xml_.begin("components");
        for (const CycloneDxTool& tool : kCycloneDxTools) {
            xml_.begin("component");
            xml_.attribute("type", tool.type);
            xml_.element("group", tool.group);
            xml_.element("name", tool.name);
            xml_.element("version", tool.version);
            xml_.end();
        }
        xml_.end();
        xml_.end();
        const Package& app = pair_.application;
        xml_.begin("component");
        xml_.attribute("type", "application");
        xml_.attribute("bom-ref", layout_.root_ref());
        xml_.element("name", app.name);
        xml_.element("version", pair_.application_version);
        write_description(app.description);
        write_license(license_at(app.license));
        xml_.element("purl", purl_of(app, pair_.application_version));
        xml_.begin("properties");
        write_property("cdx:npm:package:path", "");
        write_property("cdx:npm:package:private", "true");
        xml_.end();
        xml_.end();
        xml_.end();
    }

    void write_component(int instance) {
        const CycloneDxComponent c = cyclonedx_component(pair_, side_, instance);
        xml_.begin("component");
        xml_.attribute("type", "library");
        xml_.attribute("bom-ref", layout_.ref(instance));
        if (!c.supplier.empty()) {
            xml_.begin("supplier");
            xml_.element("name", c.supplier);
            xml_.end();
        }
        if (!c.author.empty()) xml_.element("author", c.author);
        if (!c.group.empty()) xml_.element("group", c.group);
        xml_.element("name", c.name);
        xml_.element("version", c.version);
        write_description(c.description);
        write_hashes(c);
        write_license(*c.license);
        xml_.element("purl", c.purl);
        if (c.npm || !c.repository_url.empty()) {
            xml_.begin("externalReferences");
            if (c.npm) {
                xml_.begin("reference");
                xml_.attribute("type", "distribution");
                xml_.element("url", c.distribution_url);
                write_hashes(c);
                xml_.end();
            }
            if (!c.repository_url.empty()) {
                xml_.begin("reference");
                xml_.attribute("type", c.repository_type);
                xml_.element("url", c.repository_url);
                xml_.end();
            }
            xml_.end();
        }
        if (c.npm) {
            xml_.begin("properties");
            write_property("cdx:npm:package:path", *c.install_path);
            xml_.end();
        }
        if (const std::vector<int>* nested = layout_.nested(instance)) {
            xml_.begin("components");
            for (const int child : *nested) write_component(child);
            xml_.end();
        }
        xml_.end();
    }

    void write_dependencies() {
        xml_.begin("dependencies");
        for (const int entry : layout_.dependency_entries()) {
            const std::vector<int> targets = layout_.dependency_targets(entry);
            xml_.begin("dependency");
            xml_.attribute("ref", entry < 0 ? layout_.root_ref() : layout_.ref(entry));
            for (const int target : targets) {
                xml_.begin("dependency");
                xml_.attribute("ref", layout_.ref(target));
                xml_.end();
            }
            xml_.end();
        }
        xml_.end();
    }

    const Pair& pair_;
    Side side_;
    CycloneDxLayout layout_;
    XmlWriter xml_;
};

}  // namespace

bool write_cyclonedx_xml(const Pair& pair, Side side, std::FILE* out) {
    return CycloneDxXmlWriter(pair, side, out).write();
}

}  // namespace bench
