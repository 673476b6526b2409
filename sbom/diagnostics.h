// What every reader reports besides the model: warnings (small schema breaks, errors with
// --strict) and errors that stop the reading, each naming the file and where in it.
#pragma once

#include <string>

#include "sbom/error.h"
#include "sbom/input.h"
#include "sbom/model.h"

namespace bomwatch::sbom {

class Diagnostics {
public:
    Diagnostics(InputStream& in, Document& doc, bool strict) : in_(in), doc_(doc), strict_(strict) {}

    // A problem that does not matter to a diff, at `where` (a path such as "packages[3]" or
    // "line 12"): recorded on the document, or with --strict an error at the current position.
    void warn(std::string where, std::string message) {
        if (strict_) fail(where + ": " + message + " (a warning; an error with --strict)");
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
    InputStream& in_;
    Document& doc_;
    bool strict_;
};

}  // namespace bomwatch::sbom
