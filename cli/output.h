// Writing results: to stdout, or to a file atomically (a temporary beside it, then a rename), so
// a failed run never leaves half a file.
#pragma once

#include <string>

namespace bomwatch::cli {

// Writes `content` to `path`, or to stdout when path is "" or "-". Throws std::runtime_error
// with a message naming the file when it cannot.
void write_output(const std::string& path, const std::string& content);

}  // namespace bomwatch::cli
