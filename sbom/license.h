// SPDX licence expressions, canonical so that the same licence written two ways compares equal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bomwatch::sbom {

// The canonical form of an SPDX licence expression: single spaces, AND/OR/WITH upper-case,
// redundant parentheses dropped, the operands of each AND or OR chain sorted
// (case-insensitively) and deduplicated, so "mit or (Apache-2.0)" and "Apache-2.0 OR MIT" give
// the same text. nullopt when the text is not an expression (a free-text licence name).
std::optional<std::string> canonical_license_expression(std::string_view text);

// Licence texts are equal when they differ only in case (SPDX ids are case-insensitive).
bool same_license_text(std::string_view a, std::string_view b);

}  // namespace bomwatch::sbom
