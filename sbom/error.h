// Errors that stop the reading of an input, with the file, the position and the problem.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace bomwatch::sbom {

// Where in an input something was found. line and column are 1-based; 0 means unknown.
struct Position {
    std::uint64_t byte = 0;
    std::uint64_t line = 0;
    std::uint64_t column = 0;
};

// The input cannot be read as an SBOM. what() is one line: "FILE:LINE:COL: PROBLEM" (or
// "FILE: PROBLEM" when there is no position), ready to print after "bomwatch: error: ".
class InputError : public std::runtime_error {
public:
    InputError(const std::string& source, const Position& at, const std::string& problem);
    InputError(const std::string& source, const std::string& problem);
};

}  // namespace bomwatch::sbom
