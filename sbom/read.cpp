#include "sbom/read.h"

#include "sbom/detect.h"

namespace bomwatch::sbom {

namespace {
// How much of an input detection looks at. Generators put the decisive keys (bomFormat,
// spdxVersion, SPDXID...) first, or at least before any large value.
constexpr std::size_t kDetectionWindow = 1 << 20;

}  // namespace

Document read_sbom(const std::string& path, const ReadOptions& options) {
    InputStream in(path, options.progress);
    return read_sbom(in, options);
}

Document read_sbom(InputStream& in, const ReadOptions& options) {
    Document doc;
    doc.source = in.source();

    const std::string_view prefix = in.peek(kDetectionWindow);
    const Detection detected = detect_format(prefix, prefix.size() < kDetectionWindow);
    switch (detected.format) {
    case DetectedFormat::CycloneDxJson: read_cyclonedx_json(in, doc, options); break;
    case DetectedFormat::CycloneDxXml: read_cyclonedx_xml(in, doc, options); break;
    case DetectedFormat::SpdxJson: read_spdx_json(in, doc, options); break;
    case DetectedFormat::SpdxTagValue: read_spdx_tag_value(in, doc, options); break;
    case DetectedFormat::SpdxYaml: read_spdx_yaml(in, doc, options); break;
    case DetectedFormat::SpdxXml: read_spdx_xml(in, doc, options); break;
    case DetectedFormat::SpdxRdfXml: read_spdx_rdf_xml(in, doc, options); break;
    case DetectedFormat::Spdx3JsonLd: read_spdx3_jsonld(in, doc, options); break;
    case DetectedFormat::UnknownJson:
    case DetectedFormat::Empty:
    case DetectedFormat::Binary:
    case DetectedFormat::Unknown:
        throw InputError(in.source(), "not an SBOM: " + detected.detail +
                                          " (tried CycloneDX JSON and XML, SPDX 2 JSON, tag-value, YAML, XML and "
                                          "RDF/XML, SPDX 3 JSON-LD)");
    }
    return doc;
}

}  // namespace bomwatch::sbom
