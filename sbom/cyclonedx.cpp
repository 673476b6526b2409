#include "sbom/cyclonedx.h"

#include <algorithm>
#include <array>

#include "sbom/text.h"

namespace bomwatch::sbom::cyclonedx {

namespace {
constexpr std::array<std::string_view, 13> kComponentTypes{
    "application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver",
    "firmware", "file", "machine-learning-model", "data", "cryptographic-asset"};
}  // namespace

bool is_component_type(std::string_view type) {
    return std::find(kComponentTypes.begin(), kComponentTypes.end(), type) != kComponentTypes.end();
}

bool is_location_property(std::string_view name) {
    if (name == "cdx:npm:package:path" || name == "aquasecurity:trivy:FilePath") return true;
    // syft writes "syft:location:0:path", "syft:location:1:path", ...
    return name.starts_with("syft:location:") && name.ends_with(":path");
}

bool is_serial_number(std::string_view text) {
    constexpr std::string_view kPrefix = "urn:uuid:";
    if (!text.starts_with(kPrefix)) return false;
    text.remove_prefix(kPrefix.size());
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && !ascii_hex(text[i])) return false;
    }
    return true;
}

}  // namespace bomwatch::sbom::cyclonedx
