// SPDX 2.x YAML: the SPDX JSON schema written as YAML. yaml-cpp's event parser reads it as it
// streams in (no YAML node tree is built); the events are rewritten as SPDX JSON text and read by
// the SPDX JSON reader (see spdx_json_text.h), so the mapping is the JSON one.
//
// Scalars are kept as the text they are: SPDX values are strings, so a versionInfo of 1.10 or
// true is the string "1.10" or "true", not a number or a boolean. Aliases are refused: an SBOM
// has no use for them, and they let a small file stand for a huge one ("billion laughs").
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <array>
#include <exception>
#include <istream>
#include <streambuf>
#include <string>
#include <vector>

#include "sbom/read.h"
#include "sbom/spdx_json_text.h"

namespace bomwatch::sbom {

namespace {

// An std::istream's buffer over an InputStream, for yaml-cpp. A read error is kept (an istream
// would swallow it) and rethrown once yaml-cpp stops.
class InputBuffer : public std::streambuf {
public:
    explicit InputBuffer(InputStream& in) : in_(in) {}
    std::exception_ptr error;

protected:
    int_type underflow() override {
        try {
            const std::size_t got = in_.read(chunk_.data(), chunk_.size());
            if (got == 0) return traits_type::eof();
            setg(chunk_.data(), chunk_.data(), chunk_.data() + got);
            return traits_type::to_int_type(chunk_[0]);
        } catch (...) {
            error = std::current_exception();
            return traits_type::eof();
        }
    }

private:
    InputStream& in_;
    std::array<char, 64 * 1024> chunk_{};
};

Position position_of(const YAML::Mark& mark) {
    Position at;
    if (!mark.is_null()) {
        at.byte = static_cast<std::uint64_t>(mark.pos);
        at.line = static_cast<std::uint64_t>(mark.line) + 1;
        at.column = static_cast<std::uint64_t>(mark.column) + 1;
    }
    return at;
}

// yaml-cpp quotes the offending character in some messages, a line break included: errors are
// one line.
std::string one_line(const std::string& message) {
    std::string out;
    for (const char c : message) {
        if (static_cast<unsigned char>(c) >= 0x20) {
            out += c;
            continue;
        }
        static constexpr char kHex[] = "0123456789abcdef";
        (out += "\\x") += kHex[(c >> 4) & 0xf];
        out += kHex[c & 0xf];
    }
    return out;
}

bool is_integer(const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// Writes the events of one YAML document as JSON text.
class YamlToJson : public YAML::EventHandler {
public:
    YamlToJson(const std::string& source, spdx::JsonText& json) : source_(source), json_(json) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
        if (is_key()) return take_key(mark, "");
        if (!begin_value(mark, false)) return;
        json_.literal("null");
        end_value();
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        fail(mark, "YAML aliases (*name) are refused: an SBOM has no use for them, and they can make a small file "
                   "stand for a huge one");
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
        if (is_key()) return take_key(mark, value);
        if (!begin_value(mark, false)) return;
        // A plain (unquoted) scalar where the schema has a boolean or an integer is one.
        const bool plain = tag == "?";
        const std::string_view key = open_.empty() ? std::string_view() : std::string_view(open_.back().key);
        if (plain && spdx::JsonText::boolean_key(key) && (value == "true" || value == "false")) json_.literal(value);
        else if (plain && spdx::JsonText::integer_key(key) && is_integer(value)) json_.literal(value);
        else json_.string(value);
        end_value();
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        if (is_key()) fail(mark, "a list as a mapping key, which SPDX does not have");
        if (!begin_value(mark, true)) return;
        json_.begin_array();
        open_.push_back({false, false, {}});
    }
    void OnSequenceEnd() override { end_container(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        if (is_key()) fail(mark, "a mapping as a mapping key, which SPDX does not have");
        if (!begin_value(mark, true)) return;
        json_.begin_object();
        open_.push_back({true, true, {}});
    }
    void OnMapEnd() override { end_container(); }

    bool seen_document() const { return seen_root_; }

private:
    struct Open {
        bool map;
        bool expecting_key;
        std::string key;  // in a map: the key of the value being read
    };

    bool is_key() const { return skipping_ == 0 && !open_.empty() && open_.back().expecting_key; }

    void take_key(const YAML::Mark& mark, const std::string& key) {
        Open& map = open_.back();
        map.key = key;
        map.expecting_key = false;
        // What the JSON reader would skip is not written at all.
        if (open_.size() == 1 && spdx::JsonText::skipped_top_level_key(key)) {
            skip_next_ = true;
            return;
        }
        json_.mark(position_of(mark));
        json_.key(key);
    }

    // Before a value: false when it is to be skipped (a container's events are then counted
    // until its end).
    bool begin_value(const YAML::Mark& mark, bool container) {
        if (skipping_ > 0 || skip_next_) {
            if (container) ++skipping_;
            else end_value();
            return false;
        }
        if (open_.empty()) {
            if (seen_root_) return false;
            if (!container) fail(mark, "the YAML document is a single value, not a mapping (an SPDX document)");
            seen_root_ = true;
        }
        json_.mark(position_of(mark));
        return true;
    }

    void end_value() {
        if (skipping_ > 0) return;
        skip_next_ = false;
        if (!open_.empty() && open_.back().map) open_.back().expecting_key = true;
    }

    void end_container() {
        if (skipping_ > 0) {
            if (--skipping_ == 0) end_value();
            return;
        }
        if (open_.back().map) json_.end_object();
        else json_.end_array();
        open_.pop_back();
        end_value();
    }

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
        throw InputError(source_, position_of(mark), message);
    }

    const std::string& source_;
    spdx::JsonText& json_;
    std::vector<Open> open_;
    std::size_t skipping_ = 0;  // depth inside a skipped value
    bool skip_next_ = false;    // the next value is skipped
    bool seen_root_ = false;
};

}  // namespace

void read_spdx_yaml(InputStream& in, Document& doc, const ReadOptions& options) {
    spdx::JsonText json(in.source());
    InputBuffer buffer(in);
    std::istream stream(&buffer);
    YamlToJson converter(in.source(), json);
    try {
        YAML::Parser parser(stream);
        parser.HandleNextDocument(converter);
    } catch (const YAML::Exception& error) {
        if (buffer.error) std::rethrow_exception(buffer.error);
        throw InputError(in.source(), position_of(error.mark), "YAML error: " + one_line(error.msg));
    }
    if (buffer.error) std::rethrow_exception(buffer.error);
    if (!converter.seen_document()) throw InputError(in.source(), "the YAML document is empty");
    std::move(json).read(doc, options, Format::SpdxYaml);
}

}  // namespace bomwatch::sbom
