// Telling an input's format from its content (never from its file name).
#pragma once

#include <string>
#include <string_view>

namespace bomwatch::sbom {

enum class DetectedFormat {
    CycloneDxJson,
    SpdxJson,        // SPDX 2.x JSON
    Spdx3JsonLd,
    CycloneDxXml,
    SpdxXml,         // SPDX 2.x XML (the XML form of the JSON schema)
    SpdxRdfXml,      // SPDX 2.x RDF/XML
    SpdxTagValue,
    SpdxYaml,
    Empty,
    Binary,
    UnknownJson,     // JSON, but not a document of any SBOM format we know
    Unknown,
};

struct Detection {
    DetectedFormat format = DetectedFormat::Unknown;
    std::string detail;  // a short human explanation when the format is not an SBOM we know
};

// Decides from the first bytes of an input. `complete` says whether `prefix` is the whole input
// (so a JSON object whose keys all fit in it can be judged for sure).
Detection detect_format(std::string_view prefix, bool complete);

// "CycloneDX JSON", "SPDX tag-value", ...
std::string_view detected_format_name(DetectedFormat format);

}  // namespace bomwatch::sbom
