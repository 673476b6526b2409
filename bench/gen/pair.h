// The old and new build as one model: which artifacts exist on each side, at which versions and
// digests, where they are installed and how they depend on each other. Both writers (CycloneDX,
// SPDX) render this same model, so one seed gives the same packages in both formats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/gen/catalog.h"

namespace bench {

enum class Side { old_build, new_build };

// One artifact: a package at one version (on the old side; `new_version` when it was bumped).
struct Release {
    int package = 0;
    Version old_version;
    Version new_version;
    bool version_changed = false;
    bool hash_changed = false;  // same version, republished with another digest
};

// One component entry in a document. Several instances may share a release (npm installs one
// package@version at several paths).
struct Instance {
    int release = 0;
    int container = -1;      // the instance this one is nested in (CycloneDX components), or -1
    std::string install_path;  // npm node_modules path, "" for other ecosystems
    bool in_old = true;
    bool in_new = true;
};

// What a correct diff reports, counted per distinct artifact (identity + version).
struct ExpectedChanges {
    long long old_components = 0;  // component entries, nested included, root excluded
    long long new_components = 0;
    long long added = 0;
    long long removed = 0;
    long long version_changed = 0;
    long long hash_changed = 0;
};

struct Pair {
    std::uint64_t seed = 0;
    Package application;  // the root: metadata.component, or the package the SPDX document describes
    std::string application_version;
    std::vector<Package> packages;
    std::vector<Release> releases;
    std::vector<Instance> instances;
    // Dependency edges as instance indices, per side; `*_root_dependencies` are the root's.
    std::vector<std::vector<int>> old_dependencies;
    std::vector<std::vector<int>> new_dependencies;
    std::vector<int> old_root_dependencies;
    std::vector<int> new_root_dependencies;
    ExpectedChanges expected;

    const Package& package_of(int instance) const { return packages[releases[instances[instance].release].package]; }
    std::string version_of(int instance, Side side) const;
    // Hex digest of `hex_length` digits of the instance's artifact on that side.
    std::string digest_of(int instance, Side side, std::size_t hex_length) const;
    bool present(int instance, Side side) const {
        return side == Side::old_build ? instances[instance].in_old : instances[instance].in_new;
    }
    const std::vector<int>& dependencies(int instance, Side side) const {
        return side == Side::old_build ? old_dependencies[instance] : new_dependencies[instance];
    }
    const std::vector<int>& root_dependencies(Side side) const {
        return side == Side::old_build ? old_root_dependencies : new_root_dependencies;
    }
};

// Builds a pair whose old side has exactly `components` component entries.
Pair build_pair(long long components, std::uint64_t seed);

}  // namespace bench
