#include "diff/components.h"

#include "sbom/model.h"

namespace bomwatch::diff {

const sbom::Component* old_component(const Changes& changes, const Change& change) {
    if (change.old_artifact == sbom::kNone) return nullptr;
    return &changes.old_doc->components[changes.old_artifacts[change.old_artifact].first()];
}

const sbom::Component* new_component(const Changes& changes, const Change& change) {
    if (change.new_artifact == sbom::kNone) return nullptr;
    return &changes.new_doc->components[changes.new_artifacts[change.new_artifact].first()];
}

std::string name_of(const sbom::Component& c) { return sbom::display_name(c.ecosystem, c.namespace_, c.name); }

std::string reference_of(const sbom::Component& c) {
    if (!c.purl.empty()) return std::string(c.purl);
    return c.version.empty() ? name_of(c) : name_of(c) + "@" + std::string(c.version);
}

}  // namespace bomwatch::diff
