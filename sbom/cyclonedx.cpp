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

RawComponent* ComponentStack::begin(bool root) {
    if (depth_ == kMaxComponentDepth) return nullptr;
    if (depth_ == raws_.size()) {
        raws_.emplace_back();
        children_.emplace_back();
        is_root_.push_back(false);
    }
    raws_[depth_].clear();
    children_[depth_].clear();
    is_root_[depth_] = root;
    return &raws_[depth_++];
}

void ComponentStack::end(DocumentBuilder& builder, Document& doc, const std::function<std::string()>& where,
                         const DocumentBuilder::WarnFn& warn) {
    RawComponent& raw = top();
    // `where` is called only for a warning: making the path of every component would cost more
    // than all the rest of finishing one.
    if (raw.type.empty()) warn(where(), "component without a 'type' (CycloneDX requires one)");
    else if (!is_component_type(raw.type)) warn(where() + ".type", "unknown component type '" + raw.type + "'");
    const std::uint32_t index = builder.add(raw, where);
    --depth_;
    std::vector<std::uint32_t>& nested = children_[depth_];
    if (index != kNone) {
        for (std::uint32_t child : nested) doc.components[child].parent = index;
        if (is_root_[depth_]) builder.set_root(index);
        if (depth_ > 0) children_[depth_ - 1].push_back(index);
    } else if (depth_ > 0) {
        children_[depth_ - 1].insert(children_[depth_ - 1].end(), nested.begin(), nested.end());
    }
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
