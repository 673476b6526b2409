// The machinery the JSON readers share: a SAX handler for nlohmann::json that keeps a small stack
// of the containers it is inside, skips the subtrees a reader does not want at almost no cost,
// names the JSON path of any problem, and turns parse errors into InputErrors.
#pragma once

#include <nlohmann/json.hpp>

#include <span>
#include <cstdint>
#include <string>
#include <vector>

#include "sbom/builder.h"
#include "sbom/diagnostics.h"
#include "sbom/error.h"
#include "sbom/input.h"
#include "sbom/model.h"

namespace bomwatch::sbom::json {

enum class Kind : std::uint8_t { Null, Bool, Number, String, Object, Array };

inline const char* kind_name(Kind kind) {
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

// Beyond these, a document is absurd rather than large: refuse it instead of exhausting memory.
inline constexpr std::size_t kMaxDepth = 1000;

// One open container. `ctx` and `field` are the reader's own codes: what this container is, and
// (in an object) which key the next value belongs to. `index` counts the elements of an array.
struct Frame {
    std::uint8_t ctx;
    std::uint8_t field;
    bool array;
    std::uint32_t index;
};

inline constexpr std::uint8_t kSkip = 0xff;  // a ctx meaning "skip this subtree"

// A key a reader knows in some object, and its code (the reader's own Field value).
struct Key {
    std::string_view name;
    std::uint8_t field;
};

// Logic must provide:
//   std::span<const Key> keys_of(std::uint8_t ctx);                 // the keys known in ctx
//   void on_scalar(Frame& frame, Kind kind, std::string* text);    // text only for strings
//   std::uint8_t on_open(Frame& frame, Kind kind);                  // returns the ctx, or kSkip
//   void on_close(const Frame& frame);
//   std::uint8_t top_ctx();                                          // ctx of the document object
template <typename Logic>
class Walk {
public:
    using number_integer_t = nlohmann::json::number_integer_t;
    using number_unsigned_t = nlohmann::json::number_unsigned_t;
    using number_float_t = nlohmann::json::number_float_t;
    using string_t = std::string;
    using binary_t = nlohmann::json::binary_t;

    Walk(InputStream& in, Document& doc, bool strict)
        : in_(in), doc_(doc), diagnostics_(in, doc, strict),
          builder_(doc, [this](std::string where, std::string message) { warn(std::move(where), std::move(message)); }) {
        frames_.reserve(32);
    }

    bool null() { return scalar(Kind::Null, nullptr); }
    bool boolean(bool) { return scalar(Kind::Bool, nullptr); }
    bool number_integer(number_integer_t) { return scalar(Kind::Number, nullptr); }
    bool number_unsigned(number_unsigned_t) { return scalar(Kind::Number, nullptr); }
    bool number_float(number_float_t, const string_t&) { return scalar(Kind::Number, nullptr); }
    bool string(string_t& text) { return scalar(Kind::String, &text); }
    bool binary(binary_t&) { return scalar(Kind::Null, nullptr); }
    bool start_object(std::size_t) { return open(Kind::Object); }
    bool start_array(std::size_t) { return open(Kind::Array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t& key) {
        if (skip_) return true;
        // Runs for every key of a document: the length and first letter rule out most
        // candidates before a compare. An unknown key is field 0.
        Frame& frame = frames_.back();
        frame.field = 0;
        for (const Key& known : logic().keys_of(frame.ctx)) {
            if (known.name.size() == key.size() && known.name[0] == key[0] && known.name == key) {
                frame.field = known.field;
                break;
            }
        }
        return true;
    }

    bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& ex) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 7: <problem>".
        std::string message = ex.what();
        Position at{byte, 0, 0};
        if (const auto pos = message.find(" at line "); pos != std::string::npos) {
            unsigned long long line = 0, column = 0;
            if (std::sscanf(message.c_str() + pos, " at line %llu, column %llu", &line, &column) == 2) {
                at.line = line;
                at.column = column;
            }
        }
        if (const auto colon = message.find(": "); colon != std::string::npos) message = message.substr(colon + 2);
        if (message.find("unexpected end of input") != std::string::npos)
            message = "the JSON ends early (truncated file?): " + message;
        throw InputError(in_.source(), at, "invalid JSON: " + message);
    }

    // The JSON path of the current position, e.g. "components[12].hashes[0]".
    std::string path() const {
        std::string out;
        for (const Frame& frame : frames_) append_step(out, frame);
        return out;
    }

    // The path of the innermost open container, without the key being read in it:
    // "components[3]" while inside that component.
    std::string container_path() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) append_step(out, frames_[i]);
        return out;
    }

    // A problem that does not matter to a diff: recorded, or an error with --strict.
    void warn(std::string where, std::string message) { diagnostics_.warn(std::move(where), std::move(message)); }

    // A problem that stops the reading, at the current position: just after the value (or the
    // opening bracket) being read.
    [[noreturn]] void fail(const std::string& message) { diagnostics_.fail(message); }

    // A value of the wrong type where the diff needs this field.
    [[noreturn]] void wrong_type(Kind found, const char* expected) {
        // The parser has read one character past a number or a literal to see where it ends.
        const bool looked_ahead = found == Kind::Number || found == Kind::Bool || found == Kind::Null;
        diagnostics_.fail_at_byte(in_.offset() - (looked_ahead && in_.offset() > 0 ? 1 : 0),
                                  path() + ": expected " + expected + ", found " + kind_name(found));
    }

    // Copies a string value, refusing absurd lengths.
    void take(std::string& into, const std::string& text) {
        if (text.size() > kMaxFieldBytes)
            fail(path() + ": value is " + std::to_string(text.size()) + " bytes long (more than " +
                 std::to_string(kMaxFieldBytes) + " is not a real SBOM field)");
        into.assign(text);
    }

protected:
    Logic& logic() { return static_cast<Logic&>(*this); }
    // After a component: lets the builder reserve room once it has seen a few.
    void component_done() { builder_.reserve_for(in_.offset(), in_.plain_size()); }

    InputStream& in_;
    Document& doc_;
    Diagnostics diagnostics_;
    DocumentBuilder builder_;

private:
    void append_step(std::string& out, const Frame& frame) const {
        if (frame.array) {
            out += '[';
            out += std::to_string(frame.index);
            out += ']';
        } else {
            if (!out.empty()) out += '.';
            const char* name = "?";
            for (const Key& known : const_cast<Walk*>(this)->logic().keys_of(frame.ctx))
                if (known.field == frame.field) name = known.name.data();
            out += name;
        }
    }

    bool scalar(Kind kind, std::string* text) {
        if (skip_) return true;
        if (frames_.empty()) fail("the JSON document is " + std::string(kind_name(kind)) + ", not an object");
        Frame& frame = frames_.back();
        logic().on_scalar(frame, kind, text);
        if (frame.array) ++frame.index;
        return true;
    }

    bool open(Kind kind) {
        if (skip_) {
            if (++skip_ + frames_.size() > kMaxDepth) too_deep();
            return true;
        }
        if (frames_.empty()) {
            if (kind != Kind::Object) fail("the JSON document is an array, not an object");
            frames_.push_back({logic().top_ctx(), kSkip, false, 0});
            return true;
        }
        const std::uint8_t ctx = logic().on_open(frames_.back(), kind);
        if (ctx == kSkip) {
            skip_ = 1;
            return true;
        }
        if (frames_.size() >= kMaxDepth) too_deep();
        frames_.push_back({ctx, kSkip, kind == Kind::Array, 0});
        return true;
    }

    bool close() {
        if (skip_) {
            if (--skip_ == 0 && frames_.back().array) ++frames_.back().index;
            return true;
        }
        const Frame frame = frames_.back();
        logic().on_close(frame);
        frames_.pop_back();
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
        return true;
    }

    [[noreturn]] void too_deep() { fail(path() + ": nested deeper than " + std::to_string(kMaxDepth) + " levels"); }

    std::vector<Frame> frames_;
    std::size_t skip_ = 0;
};

// Runs the walk over the rest of `in`. Throws InputError on any problem.
template <typename Handler>
void parse(InputStream& in, Handler& handler) {
    nlohmann::json::sax_parse(in.begin(), in.end(), &handler, nlohmann::json::input_format_t::json, true);
}

}  // namespace bomwatch::sbom::json
