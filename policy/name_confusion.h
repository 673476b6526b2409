// Names that imitate another package's: the typosquats and lookalikes of `name-confusion`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace bomwatch::policy {

// What a name imitates, and how.
struct Imitation {
    std::string target;   // the imitated name, as the ecosystem writes it ("axios", "@babel/core")
    std::string how;      // one phrase for the message: "one letter changed", "prefix 'plain-' added", ...
    bool popular = false; // the target is from the bundled popular list (else from `existing`)
};

class NameConfusion {
public:
    // Uses the bundled lists of popular package names per ecosystem (compiled in).
    NameConfusion();

    // Adds a package of the old build: imitating it counts too, and it is never a suspect itself.
    void add_known(std::string_view purl_type, std::string_view namespace_, std::string_view name);

    // Whether the package (purl type, namespace, name) imitates a known or a popular package of
    // its ecosystem. Never for a name that is itself popular or known. Fast enough to ask for
    // every added component of a 100k-component diff.
    std::optional<Imitation> imitates(std::string_view purl_type, std::string_view namespace_,
                                      std::string_view name) const;

private:
    // A multimap from 64-bit hashes to entry numbers, open addressing without a node per value:
    // 100k known names make about 400k keys.
    class HashIndex {
    public:
        void insert(std::uint64_t key, std::uint32_t value);
        template <class Visit> void for_each(std::uint64_t key, Visit&& visit) const;

    private:
        struct Slot {
            std::uint32_t check = 0;  // the key's low half
            std::uint32_t value = kEmpty;
        };
        static constexpr std::uint32_t kEmpty = 0xffffffff;
        void grow();
        std::vector<Slot> slots_;  // a power of two in size, at most half full
        std::size_t used_ = 0;
    };

    // A name of the lists or of the old build, with the forms the checks compare.
    struct Entry {
        std::string display;   // as the ecosystem writes it: "@babel/core", "requests"
        std::string scope;     // npm scope without '@', or the purl namespace; "" when none
        std::string bare;      // the name without its scope
        std::string skeleton;  // see skeleton() in the .cpp: case, separators, lookalikes folded
        bool popular = false;  // in the bundled list
        bool known = false;    // in the old build
    };
    // Everything known about one ecosystem (purl type).
    struct Ecosystem {
        std::vector<Entry> entries;
        HashIndex by_display;   // exact names: popular or known names are never suspects
        HashIndex by_skeleton;  // lookalikes: separator, case, homoglyph and doubled-letter games
        HashIndex by_edit;      // pieces of the skeleton one edit leaves whole: see edit_keys()
        HashIndex by_bare;      // the bare name of scoped entries: scope swaps
        std::unordered_set<std::string> owners;  // scopes / namespaces in use: their owners publish
    };

    void add(std::string_view purl_type, std::string_view namespace_, std::string_view name, bool popular);
    const Entry* find_display(const Ecosystem& eco, std::string_view display) const;

    std::unordered_map<std::string, Ecosystem> ecosystems_;
};

}  // namespace bomwatch::policy
