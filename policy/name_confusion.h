// Names that imitate another package's: the typosquats and lookalikes of `name-confusion`.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace bomwatch::policy {

// What a name imitates, and how.
struct Imitation {
    std::string target;   // the imitated name, as the ecosystem writes it ("axios", "@babel/core")
    std::string how;      // one phrase for the message: "one letter changed", "prefix 'plain-' added", ...
    bool popular = false; // the target is from the bundled popular list (else from `existing`)
};

class NameConfusion {
public:
    // Uses the bundled lists of popular package names per ecosystem (compiled in). Nearly free:
    // the lists are indexed once per process, on the first imitates() of any instance.
    NameConfusion();
    NameConfusion(const NameConfusion& other);
    NameConfusion(NameConfusion&& other) noexcept;
    NameConfusion& operator=(const NameConfusion& other);
    NameConfusion& operator=(NameConfusion&& other) noexcept;
    ~NameConfusion();

    // Adds a package of the old build: imitating it counts too, and it is never a suspect itself.
    // Cheap: names of curated registries are dropped, the others are kept as they come and indexed
    // in one pass by the next imitates().
    void add_known(std::string_view purl_type, std::string_view namespace_, std::string_view name);

    // Whether the package (purl type, namespace, name) imitates a known or a popular package of
    // its ecosystem. Never for a name that is itself popular or known. Fast enough to ask for
    // every added component of a 100k-component diff. The first call after add_known() indexes
    // what was added (the first call in the process also indexes the popular lists); calls on one
    // instance from several threads at once are safe, as for any const member.
    std::optional<Imitation> imitates(std::string_view purl_type, std::string_view namespace_,
                                      std::string_view name) const;

private:
    struct State;  // the old build's names, indexed or waiting to be: see the .cpp
    std::unique_ptr<State> state_;  // null until the first add_known()
};

}  // namespace bomwatch::policy
