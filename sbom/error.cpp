#include "sbom/error.h"

namespace bomwatch::sbom {

namespace {
std::string where(const std::string& source, const Position& at) {
    if (at.line > 0) return source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    return source + ": byte " + std::to_string(at.byte);
}
}  // namespace

InputError::InputError(const std::string& source, const Position& at, const std::string& problem)
    : std::runtime_error(where(source, at) + ": " + problem) {}

InputError::InputError(const std::string& source, const std::string& problem)
    : std::runtime_error(source + ": " + problem) {}

}  // namespace bomwatch::sbom
