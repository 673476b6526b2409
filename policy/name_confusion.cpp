// name-confusion: a new package whose name imitates a popular or an already used one.
//
// Every check below compares *forms* of names. The fullest form, the skeleton, folds letter case,
// drops separators, maps lookalike characters to the letter they imitate and collapses doubled
// letters; a suspect whose skeleton equals a target's is a lookalike. Around it: lure affixes
// (`plain-crypto-js`), scope games (`@bable/core`, `@evil/lodash`) and one edit on the skeleton
// (`axois`). What keeps the rule quiet on real SBOMs: a popular or known name is never a suspect,
// a scope that popular or known packages use is owned by its publisher, short names get no edit
// distance, and names that differ in their digits are a family (`vue2`, `vue3`), not a squat.
#include "policy/name_confusion.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>

namespace bomwatch::policy {
namespace popular_lists {  // generated from policy/popular/*.txt by policy/CMakeLists.txt
extern const std::string_view npm;
extern const std::string_view pypi;
}  // namespace popular_lists

namespace {

// Registries where anyone may publish under any free name: there squatting a name is an attack.
// Distribution repositories (deb, rpm, apk, ...) are curated, and their sibling names
// (libssl3 / libssl1.1, python3.11 / python3.12) would only be noise.
constexpr std::array<std::string_view, 14> kOpenRegistries{
    "npm", "pypi", "gem", "cargo", "nuget", "composer", "hex", "pub",
    "cocoapods", "maven", "golang", "hackage", "conda", "swift"};

// Words put before or after a popular name to make a plausible new one: "plain-crypto-js" (the
// axios attack), "node-", "-js", "python-". Only these: a popular name plus any other word is
// usually a plugin or a part of a family (react-dom, eslint-plugin-x, lodash.merge).
// Words that name ordinary variants (`-dev` builds, `simple-` rewrites, `-lib`) are left out.
constexpr std::array<std::string_view, 16> kLurePrefixes{
    "plain-", "node-", "nodejs-", "js-", "python-", "python3-", "py-", "py", "real-", "true-",
    "secure-", "safe-", "official-", "original-", "the-", "fixed-"};
constexpr std::array<std::string_view, 11> kLureSuffixes{
    "-js", ".js", "js", "-node", "-nodejs", "-py", "-python", "-python3", "-official", "-secure", "-fixed"};

// ---- hashing ----

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: spreads bits for the slot choice
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t fnv(std::uint64_t h, std::string_view text) {
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}
constexpr std::uint64_t kFnvStart = 0xcbf29ce484222325ULL;

std::uint64_t text_hash(std::string_view text) { return mix(fnv(kFnvStart, text)); }

// The keys under which a name of `length` bytes is indexed for one-edit matches. Cut it at a
// third (a) and two thirds (b): one edit, a swap included, touches only [0, a], only [a, b] or
// only [b, length), so one of three pieces stays whole: what follows a, what precedes b, or the
// two ends without [a, b]. Three keys of two thirds of the name each: as exact as a deletion
// neighbourhood, at three keys a name instead of one a letter. A query tries the lengths one
// less, equal and one more than its own (a letter added or dropped).
std::array<std::uint64_t, 3> edit_keys(std::string_view name, std::size_t length) {
    const std::size_t a = length / 3, b = 2 * length / 3;
    const std::size_t tail = length - b - 1;  // what follows b
    const auto salt = [&](int piece) { return mix(length * 4 + static_cast<std::size_t>(piece) + 0x51ed27); };
    const std::string_view after_a = name.substr(std::min(name.size(), a + 1 + name.size() - length));
    const std::string_view before_b = name.substr(0, b);
    const std::string_view head = name.substr(0, a), end = name.substr(name.size() - std::min(tail, name.size()));
    return {mix(fnv(kFnvStart, after_a)) ^ salt(0), mix(fnv(kFnvStart, before_b)) ^ salt(1),
            mix(fnv(fnv(kFnvStart, head), end)) ^ salt(2)};
}

// ---- characters ----

char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
    if (length <= 1 || at + length > text.size()) {
        ++at;
        return lead;  // ASCII, or a stray byte kept as itself
    }
    char32_t c = lead & (0x7f >> length);
    for (std::size_t i = 1; i < length; ++i) c = (c << 6) | (byte(at + i) & 0x3f);
    at += length;
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

// The Latin letter a character is drawn like in common fonts; itself when none. Cyrillic and
// Greek letters that render as Latin ones, digits that pass for letters (0/o, 1/l), the capital
// I that passes for a small l, and full-width forms.
char32_t lookalike(char32_t c) {
    struct Pair {
        char32_t from;
        char to;
    };
    static constexpr Pair kPairs[] = {
        {U'\u0131', 'i'},
        // Cyrillic
        {U'\u0430', 'a'}, {U'\u0435', 'e'}, {U'\u043e', 'o'}, {U'\u0440', 'p'}, {U'\u0441', 'c'},
        {U'\u0443', 'y'}, {U'\u0445', 'x'}, {U'\u0456', 'i'}, {U'\u0458', 'j'}, {U'\u0455', 's'},
        {U'\u0501', 'd'}, {U'\u04bb', 'h'}, {U'\u04cf', 'l'}, {U'\u051b', 'q'}, {U'\u051d', 'w'},
        {U'\u043a', 'k'}, {U'\u0410', 'a'}, {U'\u0412', 'b'}, {U'\u0415', 'e'}, {U'\u041a', 'k'},
        {U'\u041c', 'm'}, {U'\u041d', 'h'}, {U'\u041e', 'o'}, {U'\u0420', 'p'}, {U'\u0421', 'c'},
        {U'\u0422', 't'}, {U'\u0425', 'x'}, {U'\u0423', 'y'}, {U'\u0406', 'l'}, {U'\u0408', 'j'},
        {U'\u0405', 's'},
        // Greek
        {U'\u03b1', 'a'}, {U'\u03bf', 'o'}, {U'\u03bd', 'v'}, {U'\u03c1', 'p'}, {U'\u03c5', 'u'},
        {U'\u03b9', 'i'}, {U'\u03ba', 'k'}, {U'\u0391', 'a'}, {U'\u0392', 'b'}, {U'\u0395', 'e'},
        {U'\u0396', 'z'}, {U'\u0397', 'h'}, {U'\u0399', 'l'}, {U'\u039a', 'k'}, {U'\u039c', 'm'},
        {U'\u039d', 'n'}, {U'\u039f', 'o'}, {U'\u03a1', 'p'}, {U'\u03a4', 't'}, {U'\u03a7', 'x'},
        {U'\u03a5', 'y'}};
    if (c < 0x80) return c == 'I' ? 'l' : c;  // digits: see folded()
    if (c >= 0xff01 && c <= 0xff5e) return lookalike(c - 0xfee0);  // full-width ASCII
    for (const auto& pair : kPairs)
        if (pair.from == c) return static_cast<char32_t>(pair.to);
    return c;
}

bool is_separator(char32_t c) { return c == '-' || c == '_' || c == '.' || c == ' ' || c == '@' || c == '/'; }

// What a form of a name leaves out. The skeleton leaves out all four.
enum Fold : unsigned { kFoldCase = 1, kDropSeparators = 2, kMapLookalikes = 4, kCollapseDoubles = 8, kAllFolds = 15 };

std::string folded(std::string_view name, unsigned folds) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    std::string out;
    out.reserve(name.size());
    char32_t last = 0;  // the last character put out
    for (std::size_t at = 0; at < name.size();) {
        const std::size_t start = at;
        char32_t c = next_code_point(name, at);
        if (folds & kMapLookalikes) {
            c = lookalike(c);  // before case: a capital I is an l, not an i
            // A 0 or 1 among letters passes for o or l (`l0dash`); beside another digit it is a
            // number (`pytoml11`, `es2015`).
            if ((c == '0' || c == '1') && !(start > 0 && is_digit(name[start - 1])) && !(at < name.size() && is_digit(name[at])))
                c = c == '0' ? 'o' : 'l';
        }
        if ((folds & kFoldCase) && c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if ((folds & kDropSeparators) && is_separator(c)) continue;
        // Letter pairs drawn like one letter: rn for m, vv for w.
        if ((folds & kMapLookalikes) && ((last == 'r' && c == 'n') || (last == 'v' && c == 'v'))) {
            out.pop_back();
            c = c == 'n' ? 'm' : 'w';
            last = out.empty() ? 0 : static_cast<unsigned char>(out.back());  // ASCII before r or v is enough here
        }
        if ((folds & kCollapseDoubles) && c == last) continue;
        append_utf8(out, c);
        last = c;
    }
    return out;
}

std::string skeleton(std::string_view name) { return folded(name, kAllFolds); }

// Whether two names have the same digits in the same order: `vue2`/`vue3` do not.
bool same_digits(std::string_view a, std::string_view b) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    auto i = a.begin(), j = b.begin();
    while (true) {
        i = std::find_if(i, a.end(), is_digit);
        j = std::find_if(j, b.end(), is_digit);
        if (i == a.end() || j == b.end()) return i == a.end() && j == b.end();
        if (*i++ != *j++) return false;
    }
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// The part of `suspect` that differs from `target`, and the part of `target` it stands for.
std::pair<std::string, std::string> differing_parts(std::string_view suspect, std::string_view target) {
    std::size_t head = 0;
    while (head < suspect.size() && head < target.size() && suspect[head] == target[head]) ++head;
    while (head > 0 && (static_cast<unsigned char>(suspect[head]) & 0xc0) == 0x80) --head;  // whole characters
    std::size_t tail = 0;
    while (tail < suspect.size() - head && tail < target.size() - head &&
           suspect[suspect.size() - 1 - tail] == target[target.size() - 1 - tail])
        ++tail;
    while (tail > 0 && (static_cast<unsigned char>(suspect[suspect.size() - tail]) & 0xc0) == 0x80) --tail;
    return {std::string(suspect.substr(head, suspect.size() - head - tail)),
            std::string(target.substr(head, target.size() - head - tail))};
}

std::string script_of(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const char32_t c = next_code_point(text, at);
        if (c >= 0x400 && c <= 0x52f) return " (Cyrillic)";
        if (c >= 0x370 && c <= 0x3ff) return " (Greek)";
        if (c >= 0xff01 && c <= 0xff5e) return " (full-width)";
    }
    return "";
}

// One edit between two skeletons, as the message says it; "" when they are further apart.
struct Edit {
    enum Kind { kNone, kSwapped, kAdded, kDropped, kChanged } kind = kNone;
    std::size_t at = 0;      // where, in the target
    bool at_an_end = false;  // the edit touches the first or the last letter
    bool slip = true;        // for kChanged: the two letters are keyboard neighbours
};

// Whether two letters are neighbours on a QWERTY keyboard: a changed letter is a slip of the
// finger only then; `protobuf`/`protoruf` or `markdown`/`mackdown` are other words.
bool keyboard_neighbours(char a, char b) {
    static constexpr std::string_view kRows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const auto place = [](char c) -> std::pair<int, int> {
        for (int row = 0; row < 4; ++row)
            if (const auto column = kRows[row].find(c); column != std::string_view::npos) return {row, static_cast<int>(column)};
        return {-9, -9};
    };
    const auto [row_a, column_a] = place(a);
    const auto [row_b, column_b] = place(b);
    if (row_a < 0 || row_b < 0 || a == b) return false;
    // Rows are staggered by about half a key: the row below reaches one key left and the same key.
    if (row_a == row_b) return std::abs(column_a - column_b) == 1;
    if (std::abs(row_a - row_b) != 1) return false;
    const int upper = row_a < row_b ? column_a : column_b, lower_column = row_a < row_b ? column_b : column_a;
    return lower_column == upper || lower_column == upper - 1;
}

Edit one_edit(std::string_view suspect, std::string_view target) {
    std::size_t i = 0;
    while (i < suspect.size() && i < target.size() && suspect[i] == target[i]) ++i;
    if (suspect.size() == target.size() && i < suspect.size()) {
        if (suspect.substr(i + 1) == target.substr(i + 1))
            return {Edit::kChanged, i, i == 0 || i + 1 == target.size(), keyboard_neighbours(suspect[i], target[i])};
        if (i + 1 < suspect.size() && suspect[i] == target[i + 1] && suspect[i + 1] == target[i] &&
            suspect.substr(i + 2) == target.substr(i + 2))
            return {Edit::kSwapped, i};
    }
    if (suspect.size() == target.size() + 1 && suspect.substr(i + 1) == target.substr(i))
        return {Edit::kAdded, i, i == 0 || i == target.size()};
    if (target.size() == suspect.size() + 1 && target.substr(i + 1) == suspect.substr(i))
        return {Edit::kDropped, i, i == 0 || i + 1 == target.size()};
    return {};
}

std::string describe(const Edit& edit, std::string_view suspect, std::string_view target) {
    switch (edit.kind) {
        case Edit::kChanged:
            return "letter " + quoted(target.substr(edit.at, 1)) + " changed to " + quoted(suspect.substr(edit.at, 1));
        case Edit::kSwapped: return "letters " + quoted(target.substr(edit.at, 2)) + " swapped";
        case Edit::kAdded: return "letter " + quoted(suspect.substr(edit.at, 1)) + " added";
        case Edit::kDropped: return "letter " + quoted(target.substr(edit.at, 1)) + " dropped";
        case Edit::kNone: break;
    }
    return "";
}

// Whether one edit on a target skeleton of `length` characters counts. Short names are all one
// edit from another (ms, mz, mx), so nothing under five letters. A swap is the classic slip and
// rarely makes a real word. An added or dropped letter at either end mostly makes another word
// (`event`/`events`, `archive`/`archiver`, `invoke`/`qinvoke`), so only inside the name. A changed
// letter is the commonest way real names differ (`chalk`/`chai`): only between keyboard
// neighbours, not the first letter.
bool edit_counts(const Edit& edit, std::size_t length) {
    switch (edit.kind) {
        case Edit::kSwapped: return length >= 5;
        case Edit::kAdded:
        case Edit::kDropped: return length >= 6 && !edit.at_an_end;
        case Edit::kChanged: return length >= 6 && !edit.at_an_end && edit.slip;
        case Edit::kNone: break;
    }
    return false;
}

// ---- names ----

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    return out;
}

std::string pep503(std::string_view name) {  // pypi compares names this way: no games possible there
    std::string out;
    for (char c : lower(name)) {
        const bool separator = c == '-' || c == '_' || c == '.';
        if (!separator) out += c;
        else if (out.empty() || out.back() != '-') out += '-';
    }
    return out;
}

struct Name {
    std::string display, scope, bare, owner;
};

Name make_name(std::string_view ecosystem, std::string_view namespace_, std::string_view name) {
    Name n;
    if (ecosystem == "npm") {
        if (namespace_.starts_with("%40")) namespace_.remove_prefix(3);
        if (namespace_.starts_with("@")) namespace_.remove_prefix(1);
        n.scope = namespace_;
        n.bare = name;
        n.display = n.scope.empty() ? n.bare : "@" + n.scope + "/" + n.bare;
        n.owner = n.scope;
        return n;
    }
    if (ecosystem == "pypi") {
        n.bare = n.display = pep503(name);
        return n;
    }
    // golang: a module path ("github.com/sirupsen", "logrus"); its owner is host/account, and
    // hosts compare without case. Others (maven group, composer vendor, ...): the namespace.
    n.scope = ecosystem == "golang" ? lower(namespace_) : std::string(namespace_);
    n.bare = name;
    n.display = n.scope.empty() ? n.bare : n.scope + "/" + n.bare;
    n.owner = n.scope;
    if (ecosystem == "golang") {
        const auto host_end = n.owner.find('/');
        if (host_end != std::string::npos) n.owner = n.owner.substr(0, n.owner.find('/', host_end + 1));
    }
    return n;
}

bool open_registry(std::string_view ecosystem) {
    return std::find(kOpenRegistries.begin(), kOpenRegistries.end(), ecosystem) != kOpenRegistries.end();
}


// The checks below take the class's private Ecosystem and Entry through `auto`.

// Keeps the lowest-numbered target found: popular names come first, alphabetically, so the
// answer is the same whatever order the index visits them in.
struct Best {
    std::uint32_t index = std::numeric_limits<std::uint32_t>::max();
    std::string how;
    void offer(std::uint32_t candidate, std::string description) {
        if (candidate < index) index = candidate, how = std::move(description);
    }
    std::optional<Imitation> imitation(const auto& eco) const {
        if (how.empty()) return std::nullopt;
        const auto& target = eco.entries[index];
        return Imitation{target.display, how, target.popular};
    }
};

std::size_t characters(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); ++count) next_code_point(text, at);
    return count;
}

// Same skeleton: says which folds were needed to make them equal (each alone), or nothing when
// the match is too weak. Four letters at least (`m-s`/`ms`, `Q`/`q` are noise), five with a
// doubled letter (`ms`/`mss`).
std::optional<std::string> describe_lookalike(std::string_view suspect, const auto& target) {
    const auto needed = [&](Fold fold) {
        return folded(suspect, kAllFolds & ~fold) != folded(target.display, kAllFolds & ~fold);
    };
    std::vector<std::string> parts;
    if (needed(kFoldCase)) parts.push_back("letter case changed");
    if (needed(kDropSeparators)) {
        const bool flattened = !target.scope.empty() && suspect.find('/') == std::string_view::npos;
        const auto [ours, theirs] = differing_parts(folded(suspect, kFoldCase), folded(target.display, kFoldCase));
        const bool only_separators = std::all_of(ours.begin(), ours.end(), [](char c) { return is_separator(c); }) &&
                                     std::all_of(theirs.begin(), theirs.end(), [](char c) { return is_separator(c); });
        if (flattened) parts.push_back("scope '@" + target.scope + "/' flattened into the name");
        else if (!only_separators) parts.push_back("separators changed");
        else if (theirs.empty()) parts.push_back("separator " + quoted(ours) + " added");
        else if (ours.empty()) parts.push_back("separator " + quoted(theirs) + " dropped");
        else parts.push_back("separator " + quoted(ours) + " for " + quoted(theirs));
    }
    if (needed(kMapLookalikes)) {
        const auto [ours, theirs] = differing_parts(folded(suspect, kDropSeparators), folded(target.display, kDropSeparators));
        parts.push_back("lookalike " + quoted(ours) + script_of(ours) + " for " + quoted(theirs));
    }
    if (needed(kCollapseDoubles)) {
        // Doubling on top of a lookalike stretches too far: `coomer` is not `corner`.
        if (characters(target.skeleton) < 5 || needed(kMapLookalikes)) return std::nullopt;
        const unsigned folds = kAllFolds & ~kCollapseDoubles;
        const auto [ours, theirs] = differing_parts(folded(suspect, folds), folded(target.display, folds));
        if (theirs.empty() && !ours.empty()) parts.push_back("letter " + quoted(ours.substr(0, 1)) + " doubled");
        else if (ours.empty() && !theirs.empty()) parts.push_back("double letter " + quoted(theirs.substr(0, 1)) + " made single");
        else parts.push_back("letters doubled or made single");
    }
    if (parts.empty()) parts.push_back("lookalike name");  // only the folds together explain it
    std::string how = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) how += " and " + parts[i];
    return how;
}

// Separator, case and lookalike games, and a scoped name spelt without its scope.
std::optional<Imitation> lookalike_of(const auto& eco, const Name& suspect, const std::string& skel) {
    if (characters(skel) < 4) return std::nullopt;
    Best best;
    eco.by_skeleton.for_each(text_hash(skel), [&](std::uint32_t i) {
        if (eco.entries[i].skeleton != skel) return;
        if (auto how = describe_lookalike(suspect.display, eco.entries[i])) best.offer(i, std::move(*how));
    });
    return best.imitation(eco);
}

// A lure word around a used name: `plain-crypto-js`, `node-axios`, `requests-python`. Targets of
// three letters or fewer are left out: `js-md5` and `py-ms` are ordinary names.
std::optional<Imitation> affixed(const Name& suspect, const auto& find_display) {
    if (!suspect.scope.empty()) return std::nullopt;
    const std::string_view bare = suspect.bare;
    const auto target_of = [&](std::string_view rest) { return rest.size() < 4 ? nullptr : find_display(rest); };
    for (std::string_view prefix : kLurePrefixes)
        if (bare.starts_with(prefix))
            if (const auto* target = target_of(bare.substr(prefix.size())))
                return Imitation{target->display, "prefix " + quoted(prefix) + " added", target->popular};
    for (std::string_view suffix : kLureSuffixes)
        if (bare.ends_with(suffix))
            if (const auto* target = target_of(bare.substr(0, bare.size() - suffix.size())))
                return Imitation{target->display, "suffix " + quoted(suffix) + " added", target->popular};
    return std::nullopt;
}

// Whether scope `ours` imitates the scope of `target`: a lookalike or one edit of it
// (`@bable/core`), or the target's whole name spelt as a scope (`@babel-core/core`). A scope
// that adds a word is a community's (`@angular-redux`, `@nestjs-plus`): not counted.
std::optional<std::string> scope_imitation(std::string_view ours, const auto& target, std::string_view theirs,
                                           std::string_view word) {
    const std::string our_skeleton = skeleton(ours), their_skeleton = skeleton(theirs);
    if (characters(their_skeleton) < 3) return std::nullopt;
    const std::string how = std::string(word) + " " + quoted(ours) + " imitates " + quoted(theirs);
    if (our_skeleton == their_skeleton || our_skeleton == target.skeleton) return how;
    if (edit_counts(one_edit(our_skeleton, their_skeleton), characters(their_skeleton))) return how;
    return std::nullopt;
}

// Scope swaps: the same name under a scope imitating a used one (`@bable/core`), and for npm an
// unscoped name of the old build republished under a new scope (`@evil/lodash`). Not for merely
// popular names: forks and wrappers under their own scope are everyday (`@jamsr-ui/react`,
// `@crawlee/puppeteer`: thousands in the registry), but the same name from a new publisher in
// the same build is worth a look.
std::optional<Imitation> scope_game(const auto& eco, std::string_view ecosystem, const Name& suspect,
                                    const auto& find_display) {
    if (suspect.scope.empty()) return std::nullopt;
    const bool npm = ecosystem == "npm";
    Best best;
    eco.by_bare.for_each(text_hash(suspect.bare), [&](std::uint32_t i) {
        const auto& target = eco.entries[i];
        if (target.bare != suspect.bare || target.scope == suspect.scope) return;
        const std::string ours = npm ? "@" + suspect.scope : suspect.scope;
        const std::string theirs = npm ? "@" + target.scope : target.scope;
        if (auto how = scope_imitation(ours, target, theirs, npm ? "scope" : "namespace")) best.offer(i, std::move(*how));
    });
    if (auto found = best.imitation(eco)) return found;
    if (!npm) return std::nullopt;
    const auto* target = find_display(suspect.bare);
    if (target == nullptr || !target->known || !target->scope.empty() || characters(target->bare) < 5) return std::nullopt;
    return Imitation{target->display, "scope '@" + suspect.scope + "/' added", target->popular};
}

// One edit on the skeleton, through the edit keys. Digits must agree:
// `vue2`/`vue3`, `es5`/`es6`, `md4`/`md5` are families, not slips. Only between names without
// scope: across a scope boundary one edit joins unrelated names (`@lwc/types`/`@swc/types`,
// `umi-types`/`@mui/types`); scopes have scope_game.
std::optional<Imitation> one_edit_from(const auto& eco, const Name& suspect, const std::string& skel) {
    if (!suspect.scope.empty() || characters(skel) < 4) return std::nullopt;
    Best best;
    const auto consider = [&](std::uint32_t i) {
        const auto& target = eco.entries[i];
        if (i >= best.index || !target.scope.empty()) return;
        if (!edit_counts(one_edit(skel, target.skeleton), characters(target.skeleton)) ||
            !same_digits(target.display, suspect.display))
            return;
        // Still one edit with doubled letters kept: `ctype` is two letters from `csstype`.
        const unsigned folds = kAllFolds & ~kCollapseDoubles;
        const std::string ours = folded(suspect.display, folds), theirs = folded(target.display, folds);
        const Edit edit = one_edit(ours, theirs);
        if (edit_counts(edit, characters(theirs))) best.offer(i, describe(edit, ours, theirs));
    };
    for (std::size_t length = skel.size() - 1; length <= skel.size() + 1; ++length)
        for (std::uint64_t key : edit_keys(skel, length)) eco.by_edit.for_each(key, consider);
    return best.imitation(eco);
}

}  // namespace

// ---- the index ----

// Keys are kept as 32 bits, which also choose the slot: a false match costs one comparison of
// names, which every hit gets anyway.
void NameConfusion::HashIndex::insert(std::uint64_t key, std::uint32_t value) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const auto check = static_cast<std::uint32_t>(key);
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = check & mask;
    while (slots_[at].value != kEmpty) at = (at + 1) & mask;
    slots_[at] = {check, value};
    ++used_;
}

template <class Visit> void NameConfusion::HashIndex::for_each(std::uint64_t key, Visit&& visit) const {
    if (slots_.empty()) return;
    const auto check = static_cast<std::uint32_t>(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = check & mask; slots_[at].value != kEmpty; at = (at + 1) & mask)
        if (slots_[at].check == check) visit(slots_[at].value);
}

void NameConfusion::HashIndex::grow() {
    const std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
    used_ = 0;
    for (const Slot& slot : old)
        if (slot.value != kEmpty) insert(slot.check, slot.value);
}

// ---- the detector ----

NameConfusion::NameConfusion() {
    const auto each_name = [](std::string_view list, auto&& add_name) {
        while (!list.empty()) {
            const auto end = std::min(list.find('\n'), list.size());
            std::string_view line = list.substr(0, end);
            list.remove_prefix(std::min(end + 1, list.size()));
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!line.empty() && line.front() != '#') add_name(line);
        }
    };
    each_name(popular_lists::npm, [&](std::string_view name) {
        const auto slash = name.find('/');
        if (name.starts_with('@') && slash != std::string_view::npos) add("npm", name.substr(0, slash), name.substr(slash + 1), true);
        else add("npm", "", name, true);
    });
    each_name(popular_lists::pypi, [&](std::string_view name) { add("pypi", "", name, true); });
}

void NameConfusion::add_known(std::string_view purl_type, std::string_view namespace_, std::string_view name) {
    add(purl_type, namespace_, name, false);
}

void NameConfusion::add(std::string_view purl_type, std::string_view namespace_, std::string_view name, bool popular) {
    const std::string ecosystem = lower(purl_type);
    if (!open_registry(ecosystem)) return;
    Name n = make_name(ecosystem, namespace_, name);
    if (n.bare.empty()) return;
    Ecosystem& eco = ecosystems_[ecosystem];
    bool present = false;
    eco.by_display.for_each(text_hash(n.display), [&](std::uint32_t i) {
        if (eco.entries[i].display != n.display) return;
        present = true;
        eco.entries[i].known = eco.entries[i].known || !popular;  // popular and in the old build
    });
    if (present) return;
    const auto index = static_cast<std::uint32_t>(eco.entries.size());
    std::string skel = skeleton(n.display);
    Entry entry{std::move(n.display), std::move(n.scope), std::move(n.bare), std::move(skel), popular, !popular};
    eco.by_display.insert(text_hash(entry.display), index);
    eco.by_skeleton.insert(text_hash(entry.skeleton), index);
    // Edits count only between names without scope, on targets of five letters or more.
    if (entry.scope.empty() && characters(entry.skeleton) >= 5) {
        for (std::uint64_t key : edit_keys(entry.skeleton, entry.skeleton.size())) eco.by_edit.insert(key, index);
    }
    if (!entry.scope.empty()) {
        eco.by_bare.insert(text_hash(entry.bare), index);
        eco.owners.insert(std::move(n.owner));
    }
    eco.entries.push_back(std::move(entry));
}

const NameConfusion::Entry* NameConfusion::find_display(const Ecosystem& eco, std::string_view display) const {
    const Entry* found = nullptr;
    eco.by_display.for_each(text_hash(display), [&](std::uint32_t i) {
        if (eco.entries[i].display == display) found = &eco.entries[i];
    });
    return found;
}

std::optional<Imitation> NameConfusion::imitates(std::string_view purl_type, std::string_view namespace_,
                                                 std::string_view name) const {
    const std::string ecosystem = lower(purl_type);
    const auto found = ecosystems_.find(ecosystem);
    if (found == ecosystems_.end()) return std::nullopt;
    const Ecosystem& eco = found->second;
    const Name suspect = make_name(ecosystem, namespace_, name);
    if (suspect.bare.empty() || find_display(eco, suspect.display) != nullptr) return std::nullopt;
    // npm scopes, maven groups, Go accounts belong to someone: what is published under one that
    // popular or known packages use comes from the same publisher, whatever its name.
    if (!suspect.owner.empty() && eco.owners.contains(suspect.owner)) return std::nullopt;
    const auto find = [&](std::string_view display) { return find_display(eco, display); };
    const std::string skel = skeleton(suspect.display);
    if (auto hit = lookalike_of(eco, suspect, skel)) return hit;
    if (auto hit = affixed(suspect, find)) return hit;
    if (auto hit = scope_game(eco, ecosystem, suspect, find)) return hit;
    return one_edit_from(eco, suspect, skel);
}

}  // namespace bomwatch::policy
