// Writing results: to stdout, or to a file atomically (a temporary beside it, then a rename), so
// a failed run never leaves half a file.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace bomwatch::cli {

// Writes what `render` writes to its stream to `path`, or to stdout when path is "" or "-",
// streaming: a large report is never held whole in memory. Throws std::runtime_error with a
// message naming the file when it cannot.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& render);
// The same for a text already made.
void write_output(const std::string& path, const std::string& content);

}  // namespace bomwatch::cli
