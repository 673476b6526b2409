#include "sbom/detect.h"

#include "sbom/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace bomwatch::sbom {

namespace {

std::string_view skip_space(std::string_view s) {
    // A UTF-8 byte order mark is not content.
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    return s;
}

bool looks_binary(std::string_view s) {
    const std::size_t n = std::min<std::size_t>(s.size(), 4096);
    std::size_t control = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return n > 0 && control * 10 > n;
}

std::string hex_start(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < std::min<std::size_t>(s.size(), 8); ++i) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(s[i]));
        if (i) out += ' ';
        out += buf;
    }
    return out;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }


// Walks the prefix of a JSON object and reports each key of the top-level object, with the
// value when it is a string. Stops when `visit` returns true, or at the end of the prefix.
// Returns whether the whole top-level object was seen.
template <typename Visit>
bool scan_top_level_keys(std::string_view s, Visit visit) {
    std::size_t i = 0, depth = 0;
    bool expecting_key = false;
    std::string key;
    auto read_string = [&](std::string* out) -> bool {  // s[i] == '"'
        ++i;
        while (i < s.size()) {
            const char c = s[i++];
            if (c == '"') return true;
            if (c == '\\' && i < s.size()) {
                if (out) out->push_back(s[i]);  // escapes in keys we look for do not occur
                ++i;
                continue;
            }
            if (out) out->push_back(c);
        }
        return false;
    };
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            if (depth == 1 && expecting_key) {
                key.clear();
                if (!read_string(&key)) return false;
                expecting_key = false;
                // Look at the value: a string is passed on, anything else as "".
                std::size_t j = i;
                while (j < s.size() && (std::isspace(static_cast<unsigned char>(s[j])) || s[j] == ':')) ++j;
                std::string value;
                if (j < s.size() && s[j] == '"') {
                    i = j;
                    if (!read_string(&value)) return false;
                }
                if (visit(key, value)) return false;
                continue;
            }
            if (!read_string(nullptr)) return false;
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
            expecting_key = (c == '{' && depth == 1);
        } else if (c == '}' || c == ']') {
            if (depth == 0) return false;
            if (--depth == 0) return true;
        } else if (c == ',' && depth == 1) {
            expecting_key = true;
        }
        ++i;
    }
    return false;
}

struct KeyVerdict {
    std::string_view key;
    DetectedFormat format;
};

constexpr std::array kDecisiveKeys{
    KeyVerdict{"bomFormat", DetectedFormat::CycloneDxJson},     KeyVerdict{"specVersion", DetectedFormat::CycloneDxJson},
    KeyVerdict{"components", DetectedFormat::CycloneDxJson},    KeyVerdict{"metadata", DetectedFormat::CycloneDxJson},
    KeyVerdict{"dependencies", DetectedFormat::CycloneDxJson},  KeyVerdict{"serialNumber", DetectedFormat::CycloneDxJson},
    KeyVerdict{"services", DetectedFormat::CycloneDxJson},      KeyVerdict{"compositions", DetectedFormat::CycloneDxJson},
    KeyVerdict{"SPDXID", DetectedFormat::SpdxJson},             KeyVerdict{"packages", DetectedFormat::SpdxJson},
    KeyVerdict{"relationships", DetectedFormat::SpdxJson},      KeyVerdict{"documentNamespace", DetectedFormat::SpdxJson},
    KeyVerdict{"creationInfo", DetectedFormat::SpdxJson},       KeyVerdict{"dataLicense", DetectedFormat::SpdxJson},
    KeyVerdict{"documentDescribes", DetectedFormat::SpdxJson},  KeyVerdict{"hasExtractedLicensingInfos", DetectedFormat::SpdxJson},
    KeyVerdict{"externalDocumentRefs", DetectedFormat::SpdxJson}, KeyVerdict{"@graph", DetectedFormat::Spdx3JsonLd},
};

Detection detect_json(std::string_view text, bool complete) {
    Detection result{DetectedFormat::UnknownJson, {}};
    std::string keys_seen;
    bool decided = false;
    const bool whole = scan_top_level_keys(text, [&](const std::string& key, const std::string& value) {
        if (key == "spdxVersion") {
            result.format = value.rfind("SPDX-3", 0) == 0 ? DetectedFormat::Spdx3JsonLd : DetectedFormat::SpdxJson;
            return decided = true;
        }
        if (key == "$schema" || key == "@context") {
            if (icontains(value, "cyclonedx")) result.format = DetectedFormat::CycloneDxJson;
            else if (icontains(value, "spdx.org/rdf/3")) result.format = DetectedFormat::Spdx3JsonLd;
            else if (icontains(value, "spdx")) result.format = DetectedFormat::SpdxJson;
            else if (key == "@context" && value.empty()) result.format = DetectedFormat::Spdx3JsonLd;  // an inline context
            if (result.format != DetectedFormat::UnknownJson) return decided = true;
        }
        for (const auto& verdict : kDecisiveKeys) {
            if (key == verdict.key) {
                result.format = verdict.format;
                return decided = true;
            }
        }
        if (keys_seen.size() < 120) keys_seen += (keys_seen.empty() ? "" : ", ") + key;
        return false;
    });
    if (decided) return result;
    if (whole || complete) {
        result.detail = keys_seen.empty() ? "a JSON object without keys"
                                          : "JSON with none of the keys of a CycloneDX or SPDX document (it has: " + keys_seen + ")";
    } else {
        result.detail = "JSON whose first " + std::to_string(text.size() / 1024) +
                        " KiB hold none of the keys of a CycloneDX or SPDX document";
    }
    return result;
}

}  // namespace

Detection detect_format(std::string_view prefix, bool complete) {
    const std::string_view text = skip_space(prefix);
    if (text.empty()) return {DetectedFormat::Empty, prefix.empty() ? "the file is empty" : "the file holds only white space"};
    if (looks_binary(prefix)) return {DetectedFormat::Binary, "binary data (starts with bytes " + hex_start(prefix) + ")"};
    switch (text.front()) {
    case '{': return detect_json(text, complete);
    case '[': return {DetectedFormat::UnknownJson, "a JSON array, where an SBOM is a JSON object"};
    case '<': {
        const std::string_view head = text.substr(0, 4096);
        if (contains(head, "cyclonedx.org/schema/bom")) return {DetectedFormat::CycloneDxXml, {}};
        if (contains(head, "<rdf:RDF") && contains(head, "spdx.org/rdf/terms")) return {DetectedFormat::SpdxRdfXml, {}};
        // SPDX XML mirrors the JSON keys; writers that sort keys put spdxVersion last.
        if (contains(head, "<Document") && (contains(head, "<spdxVersion>") || contains(head, "<SPDXID>") ||
                                             contains(head, "<creationInfo>") || contains(head, "<packages>")))
            return {DetectedFormat::SpdxXml, {}};
        return {DetectedFormat::Unknown, "XML that is neither CycloneDX nor SPDX"};
    }
    default: break;
    }
    const std::string_view head = text.substr(0, 65536);
    if (text.rfind("SPDXVersion:", 0) == 0 || contains(head, "\nSPDXVersion:")) return {DetectedFormat::SpdxTagValue, {}};
    if (text.rfind("spdxVersion:", 0) == 0 || contains(head, "\nspdxVersion:"))
        return {DetectedFormat::SpdxYaml, {}};
    return {DetectedFormat::Unknown, "neither JSON, XML nor SPDX tag-value"};
}

std::string_view detected_format_name(DetectedFormat format) {
    switch (format) {
    case DetectedFormat::CycloneDxJson: return "CycloneDX JSON";
    case DetectedFormat::SpdxJson: return "SPDX 2 JSON";
    case DetectedFormat::Spdx3JsonLd: return "SPDX 3 JSON-LD";
    case DetectedFormat::CycloneDxXml: return "CycloneDX XML";
    case DetectedFormat::SpdxXml: return "SPDX XML";
    case DetectedFormat::SpdxRdfXml: return "SPDX RDF/XML";
    case DetectedFormat::SpdxTagValue: return "SPDX tag-value";
    case DetectedFormat::SpdxYaml: return "SPDX YAML";
    case DetectedFormat::Empty: return "empty";
    case DetectedFormat::Binary: return "binary";
    case DetectedFormat::UnknownJson: return "JSON";
    case DetectedFormat::Unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace bomwatch::sbom
