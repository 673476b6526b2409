#include "bench/gen/pair.h"

#include <algorithm>

namespace bench {

namespace {

// Share of packages per ecosystem, in Ecosystem order: npm, pypi, maven, golang, deb, rpm, apk,
// cargo, nuget (a polyglot service image).
constexpr int kEcosystemWeights[kEcosystemCount] = {34, 13, 14, 10, 9, 4, 3, 8, 5};
// How many dependencies a component gets beyond the one that makes it reachable.
constexpr int kExtraEdgeWeights[] = {60, 25, 10, 5};
constexpr std::size_t kMaxFanOut = 8;
// Version change kinds: patch, minor, major, downgrade.
constexpr int kBumpWeights[] = {70, 20, 6, 4};

bool contains(const std::vector<int>& items, int item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

class PairBuilder {
public:
    PairBuilder(long long components, std::uint64_t seed)
        : target_(components), catalog_(seed), rng_(seed, "structure"), mutation_rng_(seed, "mutations") {
        pair_.seed = seed;
    }

    Pair build() {
        pair_.application = catalog_.make_package(Ecosystem::npm);
        pair_.application_version = std::to_string(rng_.between(1, 9)) + "." + std::to_string(rng_.between(0, 20)) + ".0";
        add_old_components();
        build_old_graph();
        remove_packages();
        bump_versions();
        drift_hashes();
        build_new_graph();
        add_new_packages();
        count();
        return std::move(pair_);
    }

private:
    long long remaining() const { return target_ - static_cast<long long>(pair_.instances.size()); }

    int add_package(Package package) {
        pair_.packages.push_back(std::move(package));
        package_releases_.emplace_back();
        return static_cast<int>(pair_.packages.size()) - 1;
    }

    int add_release(int package, const Version& version) {
        pair_.releases.push_back({package, version, version});
        package_releases_[package].push_back(static_cast<int>(pair_.releases.size()) - 1);
        release_instances_.emplace_back();
        return static_cast<int>(pair_.releases.size()) - 1;
    }

    int add_instance(int release, int container) {
        Instance instance;
        instance.release = release;
        instance.container = container;
        const Package& package = pair_.packages[pair_.releases[release].package];
        if (package.ecosystem == Ecosystem::npm) {
            const std::string prefix = container < 0 ? "" : pair_.instances[container].install_path + "/";
            instance.install_path = prefix + "node_modules/" + npm_full_name(package);
        }
        pair_.instances.push_back(std::move(instance));
        const int index = static_cast<int>(pair_.instances.size()) - 1;
        release_instances_[release].push_back(index);
        nested_packages_.emplace_back();
        if (container >= 0) nested_packages_[container].push_back(release_package(release));
        return index;
    }

    int release_package(int release) const { return pair_.releases[release].package; }

    std::string version_text(int release) const {
        const Release& r = pair_.releases[release];
        return format_version(pair_.packages[r.package].ecosystem, r.old_version, pair_.packages[r.package].identity_hash);
    }

    // A top-level npm component that has no copy of `package` below it yet, or -1.
    int pick_container(int package) {
        if (top_npm_instances_.size() < 2) return -1;
        for (int attempt = 0; attempt < 10; ++attempt) {
            const int candidate = rng_.pick(top_npm_instances_);
            if (release_package(pair_.instances[candidate].release) != package &&
                !contains(nested_packages_[candidate], package))
                return candidate;
        }
        return -1;
    }

    // npm keeps one package at several paths: the same version copied under other packages, and
    // other versions of it nested where a dependant needs an older or newer major.
    void add_npm_extras(int package, int release) {
        if (rng_.chance(0.05)) {
            const int copies = rng_.chance(0.3) ? 2 : 1;
            for (int i = 0; i < copies && remaining() > 0; ++i)
                if (const int container = pick_container(package); container >= 0) add_instance(release, container);
        }
        if (rng_.chance(0.05)) {
            const int versions = rng_.chance(0.25) ? 2 : 1;
            for (int i = 0; i < versions && remaining() > 0; ++i) {
                const int container = pick_container(package);
                if (container < 0) continue;
                Version version = random_version(Ecosystem::npm, rng_);
                const std::string text = format_version(Ecosystem::npm, version, 0);
                bool taken = false;
                for (const int other : package_releases_[package]) taken = taken || version_text(other) == text;
                if (!taken) add_instance(add_release(package, version), container);
            }
        }
    }

    void add_old_components() {
        while (remaining() > 0) {
            const auto ecosystem = static_cast<Ecosystem>(rng_.weighted(kEcosystemWeights));
            const int package = add_package(catalog_.make_package(ecosystem));
            const Version version = random_version(ecosystem, rng_);
            const int release = add_release(package, version);
            const int instance = add_instance(release, -1);
            if (ecosystem == Ecosystem::npm) {
                add_npm_extras(package, release);
                top_npm_instances_.push_back(instance);
            }
            // Multi-arch Debian packages and Maven artifacts with native classifiers.
            const double twin_chance = ecosystem == Ecosystem::deb ? 0.03 : ecosystem == Ecosystem::maven ? 0.05 : 0.0;
            Package twin;
            if (remaining() > 0 && rng_.chance(twin_chance) && catalog_.make_twin(pair_.packages[package], twin))
                add_instance(add_release(add_package(std::move(twin)), version), -1);
        }
    }

    Ecosystem ecosystem_of(int instance) const { return pair_.package_of(instance).ecosystem; }

    // Nested components always hang under their container, so keep room for them.
    bool room_for_edge(int instance) const {
        return pair_.old_dependencies[instance].size() + nested_packages_[instance].size() < kMaxFanOut;
    }

    // A random recursive tree per ecosystem under the root (so everything is reachable) plus
    // extra edges that always point to later components (so the graph stays acyclic).
    void build_old_graph() {
        const std::size_t count = pair_.instances.size();
        pair_.old_dependencies.assign(count, {});
        tree_parent_.assign(count, -1);
        ecosystem_position_.assign(count, 0);
        int weight_sum = 0;
        for (const int w : kEcosystemWeights) weight_sum += w;
        for (std::size_t i = 0; i < count; ++i) {
            const int instance = static_cast<int>(i);
            const int e = static_cast<int>(ecosystem_of(instance));
            std::vector<int>& same_ecosystem = ecosystem_instances_[e];
            const long long direct_quota = 2 + target_ * kEcosystemWeights[e] / weight_sum / 2000;
            int parent = pair_.instances[i].container;
            if (parent < 0 && static_cast<long long>(same_ecosystem.size()) >= direct_quota) {
                for (int attempt = 0; attempt < 16 && parent < 0; ++attempt) {
                    const int candidate = rng_.pick(same_ecosystem);
                    if (room_for_edge(candidate)) parent = candidate;
                }
            }
            tree_parent_[i] = parent;
            (parent < 0 ? pair_.old_root_dependencies : pair_.old_dependencies[parent]).push_back(instance);
            ecosystem_position_[i] = static_cast<int>(same_ecosystem.size());
            same_ecosystem.push_back(instance);
        }
        for (std::size_t i = 0; i < count; ++i) {
            const int instance = static_cast<int>(i);
            const std::vector<int>& same_ecosystem = ecosystem_instances_[static_cast<int>(ecosystem_of(instance))];
            const std::size_t later = same_ecosystem.size() - ecosystem_position_[i] - 1;
            std::vector<int>& edges = pair_.old_dependencies[i];
            const int extra = rng_.weighted(kExtraEdgeWeights);
            for (int k = 0; k < extra && later > 0 && room_for_edge(instance); ++k) {
                const int target = same_ecosystem[ecosystem_position_[i] + 1 + rng_.below(later)];
                if (!contains(edges, target) && release_package(pair_.instances[target].release) !=
                                                    release_package(pair_.instances[i].release))
                    edges.push_back(target);
            }
        }
    }

    // Indices 0..n-1 in an order drawn from the mutation stream.
    std::vector<int> shuffled_indices(std::size_t n) {
        std::vector<int> order(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<int>(i);
        mutation_rng_.shuffle(order);
        return order;
    }

    // Removes whole identities that have one version at one path, so that each removal is one
    // removed artifact and no leftover version of the identity could be paired with it.
    void remove_packages() {
        const long long wanted = std::max(1LL, target_ / 100);
        removed_package_.assign(pair_.packages.size(), false);
        long long done = 0;
        for (const int package : shuffled_indices(pair_.packages.size())) {
            if (done == wanted) break;
            if (package_releases_[package].size() != 1) continue;
            const int release = package_releases_[package][0];
            if (release_instances_[release].size() != 1) continue;
            const int instance = release_instances_[release][0];
            if (pair_.instances[instance].container >= 0 || !nested_packages_[instance].empty()) continue;
            pair_.instances[instance].in_new = false;
            removed_package_[package] = true;
            ++done;
        }
    }

    // At most one version per identity changes, to a version that identity has nowhere else, so
    // each bump is exactly one versionChanged however the diff pairs leftovers.
    void bump_versions() {
        const long long wanted = std::max(1LL, static_cast<long long>(pair_.releases.size()) / 50);
        touched_package_.assign(pair_.packages.size(), false);
        long long done = 0;
        for (const int index : shuffled_indices(pair_.releases.size())) {
            if (done == wanted) break;
            Release& release = pair_.releases[index];
            if (removed_package_[release.package] || touched_package_[release.package]) continue;
            const Package& package = pair_.packages[release.package];
            const auto bump = static_cast<Bump>(mutation_rng_.weighted(kBumpWeights));
            for (int step = 1;; ++step) {
                const Version candidate = bumped_version(package.ecosystem, release.old_version, bump, step);
                const std::string text = format_version(package.ecosystem, candidate, package.identity_hash);
                bool taken = false;
                for (const int other : package_releases_[release.package]) taken = taken || version_text(other) == text;
                if (!taken) {
                    release.new_version = candidate;
                    break;
                }
            }
            release.version_changed = true;
            touched_package_[release.package] = true;
            bumped_instances_.insert(bumped_instances_.end(), release_instances_[index].begin(),
                                     release_instances_[index].end());
            ++done;
        }
    }

    // Integrity drift: the same identity and version, another digest (a republished artifact).
    void drift_hashes() {
        const long long wanted = std::max(3LL, target_ / 20000);
        long long done = 0;
        for (const int index : shuffled_indices(pair_.releases.size())) {
            if (done == wanted) break;
            Release& release = pair_.releases[index];
            if (removed_package_[release.package] || touched_package_[release.package]) continue;
            release.hash_changed = true;
            touched_package_[release.package] = true;
            ++done;
        }
    }

    void add_edge(std::vector<int>& edges, int target) {
        if (!contains(edges, target)) edges.push_back(target);
    }

    bool has_new_room(int instance) const { return pair_.new_dependencies[instance].size() < kMaxFanOut; }

    // Where `child` hangs once `removed` is gone: its nearest surviving ancestor, or, when that one
    // is already full, another earlier component of the same ecosystem (earlier keeps it acyclic).
    int new_parent_for_orphan(int removed, int child) {
        int ancestor = tree_parent_[removed];
        while (ancestor >= 0 && !pair_.instances[ancestor].in_new) ancestor = tree_parent_[ancestor];
        if (ancestor < 0 || has_new_room(ancestor)) return ancestor;
        const std::vector<int>& same_ecosystem = ecosystem_instances_[static_cast<int>(ecosystem_of(child))];
        const std::size_t earlier = static_cast<std::size_t>(ecosystem_position_[child]);
        for (int attempt = 0; attempt < 16 && earlier > 0; ++attempt) {
            const int candidate = same_ecosystem[mutation_rng_.below(earlier)];
            if (pair_.instances[candidate].in_new && has_new_room(candidate)) return candidate;
        }
        return ancestor;
    }

    // The old graph without the removed components; a removed component's tree children move
    // up (see new_parent_for_orphan), as a package manager would hoist them.
    void build_new_graph() {
        const std::size_t count = pair_.instances.size();
        pair_.new_dependencies.assign(count, {});
        auto alive = [&](int instance) { return pair_.instances[instance].in_new; };
        for (const int child : pair_.old_root_dependencies)
            if (alive(child)) pair_.new_root_dependencies.push_back(child);
        for (std::size_t i = 0; i < count; ++i)
            if (alive(static_cast<int>(i)))
                for (const int child : pair_.old_dependencies[i])
                    if (alive(child)) pair_.new_dependencies[i].push_back(child);
        // Then the orphans, once every surviving component's own edges are known.
        for (std::size_t i = 0; i < count; ++i) {
            const int instance = static_cast<int>(i);
            if (alive(instance)) continue;
            for (const int child : pair_.old_dependencies[i]) {
                if (!alive(child) || tree_parent_[child] != instance) continue;
                const int parent = new_parent_for_orphan(instance, child);
                add_edge(parent < 0 ? pair_.new_root_dependencies : pair_.new_dependencies[parent], child);
            }
        }
    }

    // New identities, each under an existing component (often one whose version changed, the
    // way a compromised release pulls in a new dependency), with a few dependencies of their own.
    void add_new_packages() {
        const long long wanted = std::max(1LL, target_ / 100);
        for (long long n = 0; n < wanted; ++n) {
            const auto ecosystem = static_cast<Ecosystem>(mutation_rng_.weighted(kEcosystemWeights));
            const int package = add_package(catalog_.make_package(ecosystem));
            const int release = add_release(package, random_version(ecosystem, mutation_rng_));
            const int instance = add_instance(release, -1);
            pair_.instances[instance].in_old = false;
            pair_.old_dependencies.emplace_back();
            pair_.new_dependencies.emplace_back();

            const std::vector<int>& same_ecosystem = ecosystem_instances_[static_cast<int>(ecosystem)];
            int parent = -1;
            if (mutation_rng_.chance(0.3)) {
                for (int attempt = 0; attempt < 8 && parent < 0 && !bumped_instances_.empty(); ++attempt) {
                    const int candidate = mutation_rng_.pick(bumped_instances_);
                    if (ecosystem_of(candidate) == ecosystem && has_new_room(candidate)) parent = candidate;
                }
            }
            for (int attempt = 0; attempt < 8 && parent < 0 && !same_ecosystem.empty(); ++attempt) {
                const int candidate = mutation_rng_.pick(same_ecosystem);
                if (pair_.instances[candidate].in_new && has_new_room(candidate)) parent = candidate;
            }
            add_edge(parent < 0 ? pair_.new_root_dependencies : pair_.new_dependencies[parent], instance);

            // Only components after the parent in creation order: every old edge points forward
            // in that order, so nothing reachable from these can lead back to the parent.
            const std::size_t first = parent < 0 ? 0 : ecosystem_position_[parent] + 1;
            const int children = mutation_rng_.between(0, 3);
            for (int k = 0; k < children && first < same_ecosystem.size(); ++k) {
                const int child = same_ecosystem[first + mutation_rng_.below(same_ecosystem.size() - first)];
                if (pair_.instances[child].in_new) add_edge(pair_.new_dependencies[instance], child);
            }
            ++added_;
        }
    }

    void count() {
        ExpectedChanges& e = pair_.expected;
        for (const Instance& instance : pair_.instances) {
            e.old_components += instance.in_old ? 1 : 0;
            e.new_components += instance.in_new ? 1 : 0;
        }
        for (const Release& release : pair_.releases) {
            e.version_changed += release.version_changed ? 1 : 0;
            e.hash_changed += release.hash_changed ? 1 : 0;
        }
        for (const bool removed : removed_package_) e.removed += removed ? 1 : 0;
        e.added = added_;
    }

    long long target_;
    Catalog catalog_;
    Rng rng_;           // the old build's structure
    Rng mutation_rng_;  // what changes in the new build
    Pair pair_;
    std::vector<std::vector<int>> package_releases_;
    std::vector<std::vector<int>> release_instances_;
    std::vector<std::vector<int>> nested_packages_;  // per instance: packages nested inside it
    std::vector<int> top_npm_instances_;
    std::vector<int> tree_parent_;  // the edge that makes each instance reachable; -1 = the root
    std::vector<int> ecosystem_position_;
    std::vector<int> ecosystem_instances_[kEcosystemCount];
    std::vector<bool> removed_package_;
    std::vector<bool> touched_package_;
    std::vector<int> bumped_instances_;
    long long added_ = 0;
};

}  // namespace

std::string Pair::version_of(int instance, Side side) const {
    const Release& release = releases[instances[instance].release];
    const Package& package = packages[release.package];
    return format_version(package.ecosystem, side == Side::old_build ? release.old_version : release.new_version,
                          package.identity_hash);
}

std::string Pair::digest_of(int instance, Side side, std::size_t hex_length) const {
    const Release& release = releases[instances[instance].release];
    const int drift = side == Side::new_build && release.hash_changed ? 1 : 0;
    return ::bench::digest_of(packages[release.package], version_of(instance, side), drift, hex_length);
}

Pair build_pair(long long components, std::uint64_t seed) { return PairBuilder(components, seed).build(); }

}  // namespace bench
