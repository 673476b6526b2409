// The index of names (the design is told at the top of name_confusion.cpp): hashing, the hash
// tables and the text their entries point into, indexing one source of names, and the bundled
// popular lists, each indexed on first use, once per process.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "policy/name_confusion_detail.h"

namespace bomwatch::policy {

namespace popular_lists {  // generated from policy/popular/*.txt by policy/CMakeLists.txt
extern const std::string_view npm;
extern const std::string_view pypi;
}  // namespace popular_lists

namespace name_confusion_detail {

// ---- hashing ----

namespace {

constexpr std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: spreads bits for the slot choice
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Hashes `text` on from state `h`, eight bytes at a time. The hashes only choose slots: every
// match an index gives is checked on the names themselves.
std::uint64_t hash_more(std::uint64_t h, std::string_view text) {
    const auto load = [](const char* at, std::size_t bytes) {
        std::uint64_t word = 0;
        std::memcpy(&word, at, bytes);
        return word;
    };
    const auto step = [&](std::uint64_t word) {
        h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 32;
    };
    const char* p = text.data();
    const std::size_t n = text.size();
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8) step(load(p + i, 8));
        step(load(p + n - 8, 8));  // the last eight bytes, overlapping the words before when need be
    } else if (n >= 4) {
        step(load(p, 4) | load(p + n - 4, 4) << 32);
    } else if (n > 0) {
        step(static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
    }
    step(n);
    return h;
}
constexpr std::uint64_t kHashStart = 0xcbf29ce484222325ULL;

}  // namespace

std::uint64_t text_hash(std::string_view text) { return mix(hash_more(kHashStart, text)); }

// The keys under which a name of `length` bytes is indexed for one-edit matches. Cut it at a
// third (a) and two thirds (b): one edit, a swap included, touches only [0, a], only [a, b] or
// only [b, length), so one of three pieces stays whole: what follows a, what precedes b, or the
// two ends without [a, b]. Three keys of two thirds of the name each: as exact as a deletion
// neighbourhood, at three keys a name instead of one a letter. A query tries the lengths one
// less, equal and one more than its own (a letter added or dropped).
std::array<std::uint64_t, 3> edit_keys(std::string_view name, std::size_t length) {
    const std::size_t a = length / 3, b = 2 * length / 3;
    const std::size_t tail = length - b - 1;  // what follows b
    static constexpr auto kSalts = [] {  // the salts of the lengths names have, worked out once
        std::array<std::uint64_t, 256 * 3> salts{};
        for (std::size_t i = 0; i < salts.size(); ++i) salts[i] = mix((i / 3) * 4 + i % 3 + 0x51ed27);
        return salts;
    }();
    const auto salt = [&](int piece) {
        const auto p = static_cast<std::size_t>(piece);
        return length < 256 ? kSalts[length * 3 + p] : mix(length * 4 + p + 0x51ed27);
    };
    const std::string_view after_a = name.substr(std::min(name.size(), a + 1 + name.size() - length));
    const std::string_view before_b = name.substr(0, b);
    const std::string_view head = name.substr(0, a), end = name.substr(name.size() - std::min(tail, name.size()));
    return {mix(hash_more(kHashStart, after_a)) ^ salt(0), mix(hash_more(kHashStart, before_b)) ^ salt(1),
            mix(hash_more(hash_more(kHashStart, head), end)) ^ salt(2)};
}

// ---- the index ----

void HashIndex::reserve(std::size_t more) {
    const std::size_t size = std::max<std::size_t>(64, (used_ + more) * 3 / 2 + 1);
    if (size > slots_.size()) rehash(size);
}

void HashIndex::insert(std::uint64_t key, std::uint32_t value) {
    if ((used_ + 1) * 3 > slots_.size() * 2) rehash(std::max<std::size_t>(64, slots_.size() * 2));
    place(static_cast<std::uint32_t>(key), value);
}

void HashIndex::place(std::uint32_t check, std::uint32_t value) {
    std::size_t at = home(check);
    while (slots_[at].value != kEmpty) at = next(at);
    slots_[at] = {check, value};
    ++used_;
}

void HashIndex::rehash(std::size_t size) {
    const std::vector<Slot> old = std::move(slots_);
    slots_.assign(size, Slot{});
    used_ = 0;
    for (const Slot& slot : old)
        if (slot.value != kEmpty) place(slot.check, slot.value);
}

Text::Text(const Text& other) : used_(other.used_) {
    for (const Block& block : other.blocks_) {
        blocks_.push_back({std::make_unique_for_overwrite<char[]>(block.size), block.size});
        std::copy(block.data.get(), block.data.get() + block.size, blocks_.back().data.get());
    }
}

Text::Place Text::append(std::string_view first, std::string_view second) {
    const std::size_t size = first.size() + second.size();
    if (blocks_.empty() || used_ + size > blocks_.back().size) {
        const std::size_t block_size = std::max(kBlock, size);  // a name longer than a block gets its own
        blocks_.push_back({std::make_unique_for_overwrite<char[]>(block_size), block_size});
        used_ = 0;
    }
    const Place place{static_cast<std::uint32_t>(blocks_.size() - 1), static_cast<std::uint32_t>(used_)};
    char* out = blocks_.back().data.get() + used_;
    std::copy(first.begin(), first.end(), out);
    std::copy(second.begin(), second.end(), out + first.size());
    used_ += size;
    return place;
}

void Names::reserve_tables(std::size_t names, std::size_t scoped) {
    by_display.reserve(names);
    by_skeleton.reserve(names);
    by_edit.reserve(3 * (names - scoped));
    by_bare.reserve(scoped);
    by_owner.reserve(scoped);
}

void Names::append_entry(std::string_view display_form, const Shape& shape) {
    thread_local std::string skeleton_form;
    skeleton_form.clear();
    append_skeleton(skeleton_form, display_form);
    entries.push_back({text.append(display_form, skeleton_form), static_cast<std::uint32_t>(display_form.size()),
                       static_cast<std::uint32_t>(skeleton_form.size()) & 0x7fffffffu, 0, shape});
}

bool Names::index_display(std::uint32_t i, std::uint64_t hash) {
    if (find(display(i), hash)) return false;
    by_display.insert(hash, i);
    entries[i].live = 1;
    return true;
}

// Indexes the entries from `from` on under their other forms. Each key's slot is fetched from
// memory some entries ahead of its insertion: the tables are larger than the caches, and the
// fetches then overlap instead of coming one after the other.
void Names::index_forms(std::uint32_t from) {
    struct Keys {
        std::uint64_t skeleton = 0, bare = 0, owner = 0;
        std::array<std::uint64_t, 3> edit{};
        bool lookalike = false, edits = false, scoped = false;
    };
    const auto keys_of = [&](std::uint32_t i) {
        Keys keys;
        if (!entries[i].live) return keys;  // nothing to insert
        const View entry = view(i);
        const std::size_t length = characters(entry.skeleton);
        // A lookalike is looked for only for skeletons of four letters or more (lookalike_of).
        keys.lookalike = length >= 4;
        if (keys.lookalike) keys.skeleton = text_hash(entry.skeleton);
        by_skeleton.prefetch(keys.skeleton);
        // Edits count only between names without scope, on targets of five letters or more.
        keys.edits = entry.scope.empty() && length >= 5;
        if (keys.edits) {
            keys.edit = edit_keys(entry.skeleton, entry.skeleton.size());
            for (std::uint64_t key : keys.edit) by_edit.prefetch(key);
        }
        keys.scoped = !entry.scope.empty();
        if (keys.scoped) {
            keys.bare = text_hash(entry.bare);
            keys.owner = text_hash(name_of(entry.display, entries[i].shape).owner);
            by_bare.prefetch(keys.bare);
            by_owner.prefetch(keys.owner);
        }
        return keys;
    };
    constexpr std::uint32_t kAhead = 16;
    std::array<Keys, kAhead> ahead;
    std::string_view last_owner;  // names in a row often share their owner: no look-up then
    bool last_owner_held = false;
    const auto end = static_cast<std::uint32_t>(entries.size());
    for (std::uint32_t i = from; i < end && i < from + kAhead; ++i) ahead[i % kAhead] = keys_of(i);
    for (std::uint32_t i = from; i < end; ++i) {
        const Keys keys = ahead[i % kAhead];
        if (i + kAhead < end) ahead[i % kAhead] = keys_of(i + kAhead);
        if (keys.lookalike) by_skeleton.insert(keys.skeleton, i);
        if (keys.edits)
            for (std::uint64_t key : keys.edit) by_edit.insert(key, i);
        if (keys.scoped) {
            by_bare.insert(keys.bare, i);
            const std::string_view owner = name_of(display(i), entries[i].shape).owner;
            if (!(last_owner_held && owner == last_owner) && !has_owner(owner, keys.owner)) by_owner.insert(keys.owner, i);
            last_owner = owner;
            last_owner_held = true;
        }
    }
}

namespace {

Names index_popular(std::string_view list, int registry) {
    Names names;
    const auto lines = static_cast<std::size_t>(std::count(list.begin(), list.end(), '\n')) + 1;
    const auto scoped = static_cast<std::size_t>(std::count(list.begin(), list.end(), '@'));
    names.reserve_tables(lines, std::min(scoped, lines));
    std::string display;
    while (!list.empty()) {
        const auto end = std::min(list.find('\n'), list.size());
        std::string_view line = list.substr(0, end);
        list.remove_prefix(std::min(end + 1, list.size()));
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        std::string_view namespace_;
        if (const auto slash = line.find('/'); registry == kNpm && line.starts_with('@') && slash != std::string_view::npos) {
            namespace_ = line.substr(0, slash);  // scoped npm names are listed whole: "@babel/core"
            line.remove_prefix(slash + 1);
        }
        display.clear();
        const Shape shape = append_display(display, registry, namespace_, line);
        if (shape.bare_size == 0) continue;
        names.append_entry(display, shape);
        const auto index = static_cast<std::uint32_t>(names.entries.size() - 1);
        if (!names.index_display(index, text_hash(display))) {
            names.text.drop_last(names.entries[index].at);  // listed twice: keep the first
            names.entries.pop_back();
        }
    }
    names.index_forms(0);
    return names;
}

}  // namespace

// The bundled lists, each indexed once per process, on first use: npm's and pypi's; null for others.
const Names* popular_names(int registry) {
    if (registry == kNpm) {
        static const Names npm = index_popular(popular_lists::npm, kNpm);
        return &npm;
    }
    if (registry == kPypi) {
        static const Names pypi = index_popular(popular_lists::pypi, kPypi);
        return &pypi;
    }
    return nullptr;
}

}  // namespace name_confusion_detail
}  // namespace bomwatch::policy
