#include "sbom/read.h"

#include "sbom/detect.h"
#include "sbom/json_walk.h"

namespace bomwatch::sbom {

namespace json {
const char* kind_name(Kind kind) {
    switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Object: return "an object";
    case Kind::Array: return "an array";
    }
    return "a value";
}
}  // namespace json

namespace {
// How much of an input detection looks at. Generators put the decisive keys (bomFormat,
// spdxVersion, SPDXID...) first, or at least before any large value.
constexpr std::size_t kDetectionWindow = 1 << 20;

constexpr const char* kSupported = "supported: CycloneDX JSON 1.2-1.7, SPDX 2.2/2.3 JSON";
}  // namespace

Document read_sbom(const std::string& path, const ReadOptions& options) {
    InputStream in(path, options.progress);
    Document doc;
    doc.source = in.source();

    const std::string_view prefix = in.peek(kDetectionWindow);
    const Detection detected = detect_format(prefix, prefix.size() < kDetectionWindow);
    switch (detected.format) {
    case DetectedFormat::CycloneDxJson: read_cyclonedx_json(in, doc, options); break;
    case DetectedFormat::SpdxJson: read_spdx_json(in, doc, options); break;
    case DetectedFormat::Spdx3JsonLd:
    case DetectedFormat::CycloneDxXml:
    case DetectedFormat::SpdxXml:
    case DetectedFormat::SpdxTagValue:
    case DetectedFormat::SpdxYaml:
        throw InputError(in.source(), "is " + std::string(detected_format_name(detected.format)) +
                                          ", which this version of bomwatch cannot read yet (" + kSupported + ")");
    case DetectedFormat::UnknownJson:
    case DetectedFormat::Empty:
    case DetectedFormat::Binary:
    case DetectedFormat::Unknown:
        throw InputError(in.source(), "not an SBOM: " + detected.detail +
                                          " (tried CycloneDX JSON, SPDX 2 JSON, SPDX 3 JSON-LD, CycloneDX XML, SPDX "
                                          "tag-value, SPDX YAML)");
    }
    return doc;
}

}  // namespace bomwatch::sbom
