// What the CycloneDX readers (JSON and XML) share: the schema's rules a reader checks, which
// properties carry an install location, and how nested components are flattened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/builder.h"

namespace bomwatch::sbom::cyclonedx {

// A component type the schema knows ("library", "application", ... "cryptographic-asset").
bool is_component_type(std::string_view type);

// urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as the schema's serialNumber pattern requires.
bool is_serial_number(std::string_view text);

// A property whose value is where the component is installed: cyclonedx-npm's
// "cdx:npm:package:path", syft's "syft:location:N:path", trivy's "aquasecurity:trivy:FilePath".
bool is_location_property(std::string_view name);

// Beyond this, components nested in components are absurd rather than deep.
inline constexpr std::size_t kMaxComponentDepth = 64;

// The components a reader is inside, outermost first: one RawComponent per level, reused from one
// component to the next, and what each has nested in it. Both syntaxes flatten nested components
// through it, so that they get the same parents, and metadata's component becomes the root.
class ComponentStack {
public:
    // Opens a component one level deeper (`root`: it is metadata's component) and returns it,
    // cleared; nullptr when that would nest deeper than kMaxComponentDepth.
    RawComponent* begin(bool root);
    RawComponent& top() { return raws_[depth_ - 1]; }
    std::size_t depth() const { return depth_; }

    // Closes the innermost component: warns when its type is missing or unknown (`where` names
    // it), adds it to `builder`, and hangs what was nested in it from it, or from its own parent
    // when it was dropped (neither a name nor a purl).
    void end(DocumentBuilder& builder, Document& doc, const std::function<std::string()>& where,
             const DocumentBuilder::WarnFn& warn);

private:
    std::vector<RawComponent> raws_;
    std::vector<std::vector<std::uint32_t>> children_;  // indices of the components nested in each level
    std::vector<bool> is_root_;
    std::size_t depth_ = 0;
};

}  // namespace bomwatch::sbom::cyclonedx
