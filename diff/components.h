// Naming the components a change is about, the same way in findings, reports and alerts.
#pragma once

#include <string>

#include "diff/changes.h"

namespace bomwatch::diff {

// The component shown for a change on one side (old or new), or nullptr.
const sbom::Component* old_component(const Changes& changes, const Change& change);
const sbom::Component* new_component(const Changes& changes, const Change& change);

// "@scope/name", "group:artifact", ... as the ecosystem writes it.
std::string name_of(const sbom::Component& component);
// The purl with version, or "name@version" when there is no purl.
std::string reference_of(const sbom::Component& component);

}  // namespace bomwatch::diff
