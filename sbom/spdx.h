// What the SPDX 2 readers (JSON, tag-value, YAML, XML, RDF/XML) share: the meaning of
// relationship types for the dependency graph, and the SPDX rules for licences and locations.
#pragma once

#include <string>
#include <string_view>

namespace bomwatch::sbom::spdx {

// What a relationship "A <type> B" means for the graph.
enum class EdgeDirection {
    None,         // not a dependency (GENERATED_FROM, COPY_OF, ...)
    Forward,      // A needs B: DEPENDS_ON, CONTAINS, STATIC_LINK, DYNAMIC_LINK, HAS_PREREQUISITE
    Reverse,      // B needs A: DEPENDENCY_OF and every *_DEPENDENCY_OF, CONTAINED_BY, PREREQUISITE_FOR
    Describes,    // A (the document) describes B, the root
    DescribedBy,  // B describes A
};
// `type` as SPDX 2 writes it: "DEPENDS_ON".
EdgeDirection edge_direction(std::string_view type);

// Whether a downloadLocation is a VCS location ("git+https://...", "git@host:...") rather than a
// download.
bool is_vcs_location(std::string_view location);

// A primary purpose as a component type, in place: SPDX 2's "OPERATING_SYSTEM" and SPDX 3's
// "operatingSystem" both become CycloneDX's "operating-system".
void purpose_as_type(std::string& purpose);

// The licence to compare: the declared one when stated (not NOASSERTION), else the concluded one.
std::string_view chosen_license(std::string_view declared, std::string_view concluded);

}  // namespace bomwatch::sbom::spdx
