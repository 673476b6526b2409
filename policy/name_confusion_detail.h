// What the pieces of NameConfusion share (name_confusion*.cpp): the open registries, hashing, the
// forms of names and the edits between them, and the index of names. Internal to the policy
// library; the design is told at the top of name_confusion.cpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bomwatch::policy::name_confusion_detail {

// Registries where anyone may publish under any free name: there squatting a name is an attack.
// Distribution repositories (deb, rpm, apk, ...) are curated, and their sibling names
// (libssl3 / libssl1.1, python3.11 / python3.12) would only be noise.
inline constexpr std::array<std::string_view, 14> kOpenRegistries{
    "npm", "pypi", "gem", "cargo", "nuget", "composer", "hex", "pub",
    "cocoapods", "maven", "golang", "hackage", "conda", "swift"};

inline constexpr int kNpm = 0, kPypi = 1, kGolang = 10;
static_assert(kOpenRegistries[kNpm] == "npm" && kOpenRegistries[kPypi] == "pypi" && kOpenRegistries[kGolang] == "golang");

// ---- Hashing (name_confusion_index.cpp) ----

// The hash of a text, for choosing slots: every match an index gives is checked on the names.
std::uint64_t text_hash(std::string_view text);
// The three keys under which a name of `length` bytes is indexed for one-edit matches.
std::array<std::uint64_t, 3> edit_keys(std::string_view name, std::size_t length);

// ---- Forms of names and edits between them (name_confusion_fold.cpp) ----

inline bool is_separator(char32_t c) { return c == '-' || c == '_' || c == '.' || c == ' ' || c == '@' || c == '/'; }

// What a form of a name leaves out. The skeleton leaves out all four.
enum Fold : unsigned { kFoldCase = 1, kDropSeparators = 2, kMapLookalikes = 4, kCollapseDoubles = 8, kAllFolds = 15 };

void append_skeleton(std::string& out, std::string_view name);  // appends the skeleton of `name`
std::string folded(std::string_view name, unsigned folds);      // the form of `name` that `folds` leave
std::string skeleton(std::string_view name);
std::size_t characters(std::string_view text);  // code points in UTF-8 `text`
bool same_digits(std::string_view a, std::string_view b);
std::string quoted(std::string_view text);
std::pair<std::string, std::string> differing_parts(std::string_view suspect, std::string_view target);
std::string script_of(std::string_view text);  // " (Cyrillic)", " (Greek)", " (full-width)" or ""

// One edit between two skeletons, as the message says it; "" when they are further apart.
struct Edit {
    enum Kind { kNone, kSwapped, kAdded, kDropped, kChanged } kind = kNone;
    std::size_t at = 0;      // where, in the target
    bool at_an_end = false;  // the edit touches the first or the last letter
    bool slip = true;        // for kChanged: the two letters are keyboard neighbours
};

Edit one_edit(std::string_view suspect, std::string_view target);
std::string describe(const Edit& edit, std::string_view suspect, std::string_view target);
bool edit_counts(const Edit& edit, std::size_t length);  // whether the edit on a target this long counts

// ---- Names (name_confusion_fold.cpp) ----

int registry_of(std::string_view purl_type);  // the place in kOpenRegistries, or -1

// Where the parts of a name are in the way the ecosystem writes it (its display form): the scope
// (npm scope without '@', or the purl namespace; empty when none) is display[scope_at, +scope_size),
// its owner (who publishes under it) is the scope's first owner_size bytes, and the bare name (the
// name without its scope) is the display's last bare_size bytes.
struct Shape {
    std::uint32_t scope_at = 0, scope_size = 0, owner_size = 0, bare_size = 0;
};

Shape append_display(std::string& out, int registry, std::string_view namespace_, std::string_view name);

// A name as the checks see it: views of its forms.
struct Name {
    std::string_view display, scope, bare, owner;
};

inline Name name_of(std::string_view display, const Shape& shape) {  // the shape is display's
    const char* at = display.data();
    return {display, {at + shape.scope_at, shape.scope_size}, {at + display.size() - shape.bare_size, shape.bare_size},
            {at + shape.scope_at, shape.owner_size}};
}

// ---- The index (name_confusion_index.cpp) ----

// A multimap from 64-bit hashes to entry numbers, open addressing without a node per value: 100k
// known names make about 400k keys. Keys are kept as 32 bits, which also choose the slot: a false
// match costs one comparison of names, which every hit gets anyway.
class HashIndex {
public:
    // Room for `more` keys beyond those held, without growing on the way.
    void reserve(std::size_t more);

    void insert(std::uint64_t key, std::uint32_t value);

    template <class Visit> void for_each(std::uint64_t key, Visit&& visit) const {
        if (slots_.empty()) return;
        const auto check = static_cast<std::uint32_t>(key);
        for (std::size_t at = home(check); slots_[at].value != kEmpty; at = next(at))
            if (slots_[at].check == check) visit(slots_[at].value);
    }

    // Starts fetching the slot where `key` starts, for an insert or a look-up soon after.
    void prefetch(std::uint64_t key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(static_cast<std::uint32_t>(key))]);
    }

    // The first value under `key` that `match` accepts.
    template <class Match> std::optional<std::uint32_t> find(std::uint64_t key, Match&& match) const {
        if (slots_.empty()) return std::nullopt;
        const auto check = static_cast<std::uint32_t>(key);
        for (std::size_t at = home(check); slots_[at].value != kEmpty; at = next(at))
            if (slots_[at].check == check && match(slots_[at].value)) return slots_[at].value;
        return std::nullopt;
    }

private:
    struct Slot {
        std::uint32_t check = 0;  // the key's low half
        std::uint32_t value = kEmpty;
    };
    static constexpr std::uint32_t kEmpty = 0xffffffff;

    // Where a key starts: its check scaled to the table (any size will do, not only a power of two).
    std::size_t home(std::uint32_t check) const { return static_cast<std::size_t>((std::uint64_t{check} * slots_.size()) >> 32); }
    std::size_t next(std::size_t at) const { return at + 1 == slots_.size() ? 0 : at + 1; }

    void place(std::uint32_t check, std::uint32_t value);
    void rehash(std::size_t size);

    std::vector<Slot> slots_;  // at most two thirds full: linear probing stays short
    std::size_t used_ = 0;
};

// Storage in blocks that never move: growing never copies what is held, so 100k names touch
// their memory once (on this kind of machine the first touch of a page costs a few microseconds,
// about as much as indexing a name). Two kinds: entries, and the text of names.
template <class T, std::size_t kPerBlock> class Blocks {
public:
    Blocks() = default;
    Blocks(const Blocks& other) : size_(other.size_) {
        for (const auto& block : other.blocks_) {
            blocks_.push_back(std::make_unique<T[]>(kPerBlock));
            std::copy(block.get(), block.get() + kPerBlock, blocks_.back().get());
        }
    }
    Blocks(Blocks&&) noexcept = default;
    Blocks& operator=(Blocks other) noexcept {
        std::swap(blocks_, other.blocks_);
        std::swap(size_, other.size_);
        return *this;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](std::size_t i) { return blocks_[i / kPerBlock][i % kPerBlock]; }
    const T& operator[](std::size_t i) const { return blocks_[i / kPerBlock][i % kPerBlock]; }
    void push_back(const T& value) {
        if (size_ == blocks_.size() * kPerBlock) blocks_.push_back(std::make_unique<T[]>(kPerBlock));
        (*this)[size_++] = value;
    }
    void pop_back() { --size_; }

private:
    std::vector<std::unique_ptr<T[]>> blocks_;
    std::size_t size_ = 0;
};

class Text {
public:
    struct Place {
        std::uint32_t block = 0, offset = 0;
    };

    Text() = default;
    Text(const Text& other);
    Text(Text&&) noexcept = default;
    Text& operator=(Text other) noexcept {
        std::swap(blocks_, other.blocks_);
        std::swap(used_, other.used_);
        return *this;
    }

    const char* at(Place place) const { return blocks_[place.block].data.get() + place.offset; }

    // Copies `first` and `second` one after the other to one place, and says where.
    Place append(std::string_view first, std::string_view second);

    // Takes back the last append(), which was to `place`.
    void drop_last(Place place) { used_ = place.offset; }

private:
    static constexpr std::size_t kBlock = std::size_t{1} << 18;
    struct Block {
        std::unique_ptr<char[]> data;
        std::size_t size = 0;
    };
    std::vector<Block> blocks_;
    std::size_t used_ = 0;  // in the last block
};

// A name of the lists or of the old build, with the forms the checks compare: its display form
// and its skeleton (see skeleton()), one after the other in the text of its Names.
struct Entry {
    Text::Place at;
    std::uint32_t display_size = 0;
    std::uint32_t skeleton_size : 31 = 0;
    std::uint32_t live : 1 = 0;  // indexed; not when the name was held already (numbers keep their order)
    Shape shape;
};

// What the checks read of an entry.
struct View {
    std::string_view display, scope, bare, skeleton;
    bool popular = false;  // in the bundled list
    bool known = false;    // in the old build
};

// The names of one ecosystem from one source (a popular list, or the old build), all in one text,
// and their indexes.
struct Names {
    Text text;
    Blocks<Entry, 8192> entries;
    HashIndex by_display;   // exact names: popular or known names are never suspects
    HashIndex by_skeleton;  // lookalikes: separator, case, homoglyph and doubled-letter games
    HashIndex by_edit;      // pieces of the skeleton one edit leaves whole: see edit_keys()
    HashIndex by_bare;      // the bare name of scoped entries: scope swaps
    HashIndex by_owner;     // scopes / namespaces in use, once each: their owners publish

    std::string_view display(std::uint32_t i) const { return {text.at(entries[i].at), entries[i].display_size}; }

    View view(std::uint32_t i) const {
        const Entry& e = entries[i];
        const Name name = name_of(display(i), e.shape);
        return {name.display, name.scope, name.bare,
                std::string_view(text.at(e.at) + e.display_size, e.skeleton_size)};
    }

    std::optional<std::uint32_t> find(std::string_view display_form, std::uint64_t hash) const {
        return by_display.find(hash, [&](std::uint32_t i) { return display(i) == display_form; });
    }

    bool has_owner(std::string_view owner, std::uint64_t hash) const {
        return by_owner
            .find(hash, [&](std::uint32_t i) { return name_of(display(i), entries[i].shape).owner == owner; })
            .has_value();
    }

    // Room in the tables for `names` more names, of which `scoped` have a scope.
    void reserve_tables(std::size_t names, std::size_t scoped);

    // Appends a name (`display_form`, not in `text`) with its skeleton, as an entry not indexed yet.
    void append_entry(std::string_view display_form, const Shape& shape);

    // Adds entry `i` under its display form (which hashes to `hash`) if no other entry has it.
    // Whether it was added.
    bool index_display(std::uint32_t i, std::uint64_t hash);

    // Indexes the entries from `from` on under their other forms.
    void index_forms(std::uint32_t from);
};

// The bundled popular names of an ecosystem, indexed: npm's and pypi's; null for others.
const Names* popular_names(int registry);

}  // namespace bomwatch::policy::name_confusion_detail
