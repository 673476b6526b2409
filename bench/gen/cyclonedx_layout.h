// What the CycloneDX writers of every syntax (JSON, XML) share: the bom-refs of one side, which
// components are nested in which, the order of everything, and the fields of each component, so
// that both syntaxes render the same document.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/gen/document.h"

namespace bench {

class CycloneDxLayout {
public:
    CycloneDxLayout(const Pair& pair, Side side);

    const std::string& ref(int instance) const { return refs_[instance]; }
    const std::string& root_ref() const { return root_ref_; }
    // Top-level components in emission order.
    const std::vector<int>& top_level() const { return top_level_; }
    // The components nested in `instance`, in emission order; nullptr when none.
    const std::vector<int>* nested(int instance) const;
    // The entries of `dependencies` in emission order; -1 stands for the root component.
    const std::vector<int>& dependency_entries() const { return dependency_entries_; }
    // The dependsOn refs of one entry, in emission order. Call it once per entry, in the order of
    // dependency_entries(): the new side's order is drawn from the side's generator as it goes.
    std::vector<int> dependency_targets(int entry);

private:
    const Pair& pair_;
    Side side_;
    Rng rng_;
    std::vector<std::string> refs_;
    std::string root_ref_;
    std::vector<int> top_level_;
    std::map<int, std::vector<int>> nested_;  // container instance -> nested instances (ordered map: deterministic)
    std::vector<int> dependency_entries_;
};

// One component's fields as both syntaxes write them; empty strings are left out.
struct CycloneDxComponent {
    std::string name;
    std::string group;
    std::string version;
    std::string supplier;
    std::string author;
    std::string description;
    const char* hash_algorithm;  // "SHA-512" (npm), "SHA-1" (Maven) or "SHA-256"
    std::string digest;
    const License* license;
    std::string purl;
    std::string distribution_url;  // npm: the registry tarball, which carries the digest too
    std::string repository_url;
    const char* repository_type;   // "vcs" or "website"
    bool npm;                      // npm components carry the cdx:npm:package:path property
    const std::string* install_path;
};
CycloneDxComponent cyclonedx_component(const Pair& pair, Side side, int instance);

// The tools cyclonedx-npm names in metadata.tools.components.
struct CycloneDxTool {
    const char* type;
    const char* group;
    const char* name;
    const char* version;
};
inline constexpr CycloneDxTool kCycloneDxTools[] = {{"application", "@cyclonedx", "cyclonedx-npm", "1.19.3"},
                                                     {"library", "@cyclonedx", "cyclonedx-library", "6.11.0"}};

}  // namespace bench
