// SPDX YAML and SPDX XML are read by writing them as SPDX JSON text and running the SPDX JSON
// reader on it: one mapping for the three syntaxes, so that the same document read from any of
// them gives the same components. The text remembers where each value came from, so that an
// error the JSON reader finds names a line of the original file, not a byte of the JSON.
//
// What the JSON reader skips without building (files, snippets, licence texts, annotations,
// external document references) is not converted, so memory follows the packages and
// relationships, not the file; those are held whole until read, which is acceptable for these two
// rare syntaxes only.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/read.h"

namespace bomwatch::sbom::spdx {

class JsonText {
public:
    explicit JsonText(std::string source) : source_(std::move(source)) {}

    // The value (or key) written next starts at `at` in the original. Kept for objects, arrays and
    // top-level values, where the JSON reader's errors fall (scalars deeper in are strings, which
    // it takes as they are): a few marks per package, not one per field.
    void mark(const Position& at) { next_at_ = at; }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view name) {
        separate();
        if (depth_ <= 1) remember();
        append_string(name);
        text_ += ':';
        need_comma_ = false;
    }
    void string(std::string_view value) {
        separate();
        if (depth_ <= 1) remember();
        append_string(value);
        need_comma_ = true;
    }
    // A JSON literal: true, false, null or a number, as the caller has checked it.
    void literal(std::string_view json) {
        separate();
        if (depth_ <= 1) remember();
        text_ += json;
        need_comma_ = true;
    }

    // Runs the SPDX JSON reader on the text, then records `format` as the document's format.
    void read(Document& doc, const ReadOptions& options, Format format) && {
        try {
            InputStream json = InputStream::from_text(source_, std::move(text_));
            text_ = {};
            read_spdx_json(json, doc, options);
        } catch (const InputError& error) {
            rethrow_in_original(error);
        }
        doc.format = format;
    }

    // Top-level keys whose values the SPDX JSON reader skips without building: not converted.
    static bool skipped_top_level_key(std::string_view key) {
        static constexpr std::array<std::string_view, 5> kSkipped{"files", "snippets", "hasExtractedLicensingInfos",
                                                                  "annotations", "externalDocumentRefs"};
        return std::find(kSkipped.begin(), kSkipped.end(), key) != kSkipped.end();
    }

    // The SPDX 2.3 JSON schema's non-string scalars; every other scalar is a string, whatever it
    // looks like (a versionInfo of 1.10 stays "1.10").
    static bool boolean_key(std::string_view key) { return key == "filesAnalyzed"; }
    static bool integer_key(std::string_view key) { return key == "offset" || key == "lineNumber"; }

private:
    struct Mark {
        std::size_t offset;  // of the value's first byte in text_
        std::uint32_t line, column;
    };

    void remember() {
        marks_.push_back({text_.size(), static_cast<std::uint32_t>(next_at_.line), static_cast<std::uint32_t>(next_at_.column)});
    }
    void separate() {
        if (need_comma_) text_ += ',';
    }
    void open(char bracket) {
        separate();
        remember();
        text_ += bracket;
        need_comma_ = false;
        ++depth_;
    }
    void close(char bracket) {
        text_ += bracket;
        need_comma_ = true;
        --depth_;
    }
    void append_string(std::string_view value) {
        try {
            text_ += nlohmann::json(value).dump();
        } catch (const nlohmann::json::exception&) {
            throw InputError(source_, next_at_, "invalid UTF-8 in a text");
        }
    }

    // The JSON reader names a byte of the JSON text ("SOURCE: byte N: problem"); the nearest value
    // before that byte was written from a known place of the original.
    [[noreturn]] void rethrow_in_original(const InputError& error) const {
        std::string_view message = error.what();
        const std::string prefix = source_ + ": byte ";
        if (message.starts_with(prefix)) {
            message.remove_prefix(prefix.size());
            std::size_t offset = 0, digits = 0;
            while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9')
                offset = offset * 10 + static_cast<std::size_t>(message[digits++] - '0');
            message.remove_prefix(digits);
            // The reader names the byte after what it has read of the value: the value starts before.
            const auto after = std::lower_bound(marks_.begin(), marks_.end(), offset,
                                                [](const Mark& mark, std::size_t at) { return mark.offset < at; });
            if (digits > 0 && message.starts_with(": ") && after != marks_.begin()) {
                const Mark& mark = *std::prev(after);
                throw InputError(source_, Position{0, mark.line, mark.column}, std::string(message.substr(2)));
            }
        }
        throw error;
    }

    std::string source_;
    std::string text_;
    std::vector<Mark> marks_;
    Position next_at_;
    std::size_t depth_ = 0;
    bool need_comma_ = false;
};

}  // namespace bomwatch::sbom::spdx
