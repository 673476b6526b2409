// What every reader reports besides the model: warnings (small schema breaks, errors with
// --strict) and errors that stop the reading, each naming the file and where in it.
#pragma once

#include <string>

#include "sbom/error.h"
#include "sbom/input.h"
#include "sbom/model.h"

namespace bomwatch::sbom {

// The longest value of a field any reader keeps: a name, version, purl or URL longer than this is
// absurd rather than large, and is refused instead of being held.
inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;

class Diagnostics {
public:
    Diagnostics(InputStream& in, Document& doc, bool strict) : in_(in), doc_(doc), strict_(strict) {}

    // A problem that does not matter to a diff, at `where` (a path such as "packages[3]" or
    // "line 12"): recorded on the document, or with --strict an error at the current position.
    void warn(std::string where, std::string message) {
        if (strict_) fail(where + ": " + message + kStrictNote);
        add_warning(doc_, std::move(where), std::move(message));
    }
    // The same, for a reader that knows the position of the problem itself (a line reader): with
    // --strict the error names that position rather than where the input has got to.
    void warn_at(const Position& at, std::string where, std::string message) {
        if (strict_) fail_at(at, where + ": " + message + kStrictNote);
        add_warning(doc_, std::move(where), std::move(message));
    }

    // A problem that stops the reading, at the current position of the input (line and column
    // found by re-reading the file, for a file).
    [[noreturn]] void fail(const std::string& message) { fail_at_byte(in_.offset(), message); }
    [[noreturn]] void fail_at_byte(std::uint64_t offset, const std::string& message) {
        throw InputError(in_.source(), in_.locate(offset), message);
    }
    // The same at a position the reader knows itself (a line reader, an XML parser).
    [[noreturn]] void fail_at(const Position& at, const std::string& message) { throw InputError(in_.source(), at, message); }

    const std::string& source() const { return in_.source(); }
    bool strict() const { return strict_; }

private:
    static constexpr const char* kStrictNote = " (a warning; an error with --strict)";
    InputStream& in_;
    Document& doc_;
    bool strict_;
};

}  // namespace bomwatch::sbom
