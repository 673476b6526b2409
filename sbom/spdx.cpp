#include "sbom/spdx.h"

#include <array>

#include "sbom/text.h"

namespace bomwatch::sbom::spdx {

EdgeDirection edge_direction(std::string_view type) {
    // "A DEPENDS_ON B", "A CONTAINS B": A needs B. "A DEPENDENCY_OF B" (and its build/dev/test/...
    // kinds), "A CONTAINED_BY B": B needs A.
    static constexpr std::array<std::string_view, 5> kForward{"DEPENDS_ON", "CONTAINS", "STATIC_LINK", "DYNAMIC_LINK",
                                                              "HAS_PREREQUISITE"};
    static constexpr std::array<std::string_view, 9> kReverse{
        "DEPENDENCY_OF",         "BUILD_DEPENDENCY_OF",    "DEV_DEPENDENCY_OF",
        "OPTIONAL_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF", "TEST_DEPENDENCY_OF",
        "RUNTIME_DEPENDENCY_OF", "CONTAINED_BY",           "PREREQUISITE_FOR"};
    for (auto t : kForward)
        if (t == type) return EdgeDirection::Forward;
    for (auto t : kReverse)
        if (t == type) return EdgeDirection::Reverse;
    if (type == "DESCRIBES") return EdgeDirection::Describes;
    if (type == "DESCRIBED_BY") return EdgeDirection::DescribedBy;
    return EdgeDirection::None;
}

bool is_vcs_location(std::string_view location) {
    for (std::string_view prefix : {"git+", "git://", "git@", "hg+", "svn+", "bzr+"})
        if (location.starts_with(prefix)) return true;
    return false;
}

void purpose_as_type(std::string& purpose) {
    // SPDX 2 writes "OPERATING_SYSTEM" or "OPERATING-SYSTEM", SPDX 3 "operatingSystem".
    std::string type;
    for (std::size_t i = 0; i < purpose.size(); ++i) {
        const char c = purpose[i];
        if (c >= 'A' && c <= 'Z' && i > 0 && purpose[i - 1] >= 'a' && purpose[i - 1] <= 'z') type += '-';
        type += c == '_' ? '-' : ascii_lower(c);
    }
    purpose.swap(type);
}

std::string_view chosen_license(std::string_view declared, std::string_view concluded) {
    return !declared.empty() && declared != "NOASSERTION" ? declared : concluded;
}

}  // namespace bomwatch::sbom::spdx
