// What the CycloneDX readers (JSON and XML) share: the schema's rules a reader checks, and which
// properties carry an install location.
#pragma once

#include <string_view>

namespace bomwatch::sbom::cyclonedx {

// A component type the schema knows ("library", "application", ... "cryptographic-asset").
bool is_component_type(std::string_view type);

// urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as the schema's serialNumber pattern requires.
bool is_serial_number(std::string_view text);

// A property whose value is where the component is installed: cyclonedx-npm's
// "cdx:npm:package:path", syft's "syft:location:N:path", trivy's "aquasecurity:trivy:FilePath".
bool is_location_property(std::string_view name);

}  // namespace bomwatch::sbom::cyclonedx
