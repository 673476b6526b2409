// SPDX 2.x XML: the XML form of the SPDX JSON schema, as spdx-tools writes it. The root element
// is <Document>, element names are the JSON keys, a repeated element is an array (unwrapped: one
// <packages> element per package), a leaf's text is its value. The document is rewritten as SPDX
// JSON text and read by the SPDX JSON reader (see spdx_json_text.h), so the mapping is the JSON
// one.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/read.h"
#include "sbom/spdx_json_text.h"
#include "sbom/xml_reader.h"

namespace bomwatch::sbom {

namespace {

// The keys whose values are arrays in the SPDX 2.3 JSON schema: their elements are array items
// even when there is only one. (Names mean the same wherever they occur, so one list serves.)
constexpr std::array<std::string_view, 24> kArrayKeys{
    "annotations",       "artifactOfs",          "attributionTexts",
    "checksums",         "creators",             "crossRefs",
    "documentDescribes", "externalDocumentRefs", "externalRefs",
    "fileContributors",  "fileDependencies",     "fileTypes",
    "files",             "hasExtractedLicensingInfos", "hasFiles",
    "licenseInfoFromFiles", "licenseInfoInFiles", "licenseInfoInSnippets",
    "packageVerificationCodeExcludedFiles",        "packages",
    "ranges",            "relationships",        "seeAlsos",
    "snippets",
};

bool array_key(std::string_view name) { return std::find(kArrayKeys.begin(), kArrayKeys.end(), name) != kArrayKeys.end(); }

bool is_integer(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

class SpdxXmlToJson {
public:
    SpdxXmlToJson(InputStream& in, spdx::JsonText& json) : xml_(in), json_(json) {}

    void convert() {
        while (xml_.next()) {
            switch (xml_.type()) {
            case xml::NodeType::Element: start_element(); break;
            case xml::NodeType::EndElement: end_element(); break;
            case xml::NodeType::Text:
                if (!open_.empty() && !open_.back().object) text_ += xml_.value();
                break;
            }
        }
    }

private:
    // An element being read. Until its first child element it may be a leaf (a string).
    struct Open {
        std::string name;
        Position at;
        bool object = false;
        std::string array;  // the key of the array open in this object, while its items follow
    };

    void start_element() {
        const std::string_view name = xml_.local_name();
        if (open_.empty()) {
            if (name != "Document") xml_.fail("the root element is <" + std::string(name) + ">, not an SPDX <Document>");
            open_.push_back({std::string(name), xml_.position(), true, {}});
            json_.mark(open_.back().at);
            json_.begin_object();
            return;
        }
        Open& parent = open_.back();
        if (!parent.object) {
            parent.object = true;
            json_.mark(parent.at);
            json_.begin_object();
        }
        if (open_.size() == 1 && spdx::JsonText::skipped_top_level_key(name)) return xml_.skip();
        if (parent.array != name) {
            if (!parent.array.empty()) json_.end_array();
            parent.array.clear();
            json_.mark(xml_.position());
            json_.key(name);
            if (array_key(name)) {
                json_.mark(xml_.position());
                json_.begin_array();
                parent.array = name;
            }
        }
        open_.push_back({std::string(name), xml_.position(), false, {}});
        text_.clear();
        if (xml_.empty_element()) end_element();
    }

    void end_element() {
        Open& element = open_.back();
        if (element.object) {
            if (!element.array.empty()) json_.end_array();
            json_.end_object();
        } else {
            json_.mark(element.at);
            const std::string_view value = trimmed(text_);
            if (spdx::JsonText::boolean_key(element.name) && (value == "true" || value == "false")) json_.literal(value);
            else if (spdx::JsonText::integer_key(element.name) && is_integer(value)) json_.literal(value);
            else json_.string(text_);
        }
        open_.pop_back();
        text_.clear();
    }

    xml::Reader xml_;
    spdx::JsonText& json_;
    std::vector<Open> open_;
    std::string text_;  // the text of the innermost element, while it may be a leaf
};

}  // namespace

void read_spdx_xml(InputStream& in, Document& doc, const ReadOptions& options) {
    spdx::JsonText json(in.source());
    SpdxXmlToJson(in, json).convert();
    std::move(json).read(doc, options, Format::SpdxXml);
}

}  // namespace bomwatch::sbom
