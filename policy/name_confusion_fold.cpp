// The forms of names (the design is told at the top of name_confusion.cpp): the display form each
// ecosystem writes, the folds down to the skeleton (case, separators, lookalike characters,
// doubled letters), and one edit between two skeletons, with the words the messages use.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "policy/name_confusion_detail.h"

namespace bomwatch::policy::name_confusion_detail {

// ---- characters ----

namespace {

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

// Appends the form of `name` that `folds` leave to `out` (which may hold other text before it).
void append_folded(std::string& out, std::string_view name, unsigned folds) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    // The same steps for a short ASCII name (nearly every package name), without decoding.
    if (name.size() <= 128) {
        char buffer[128];
        std::size_t n = 0;
        unsigned char last = 0;
        bool ascii = true;
        for (std::size_t k = 0; k < name.size(); ++k) {
            auto c = static_cast<unsigned char>(name[k]);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            if (folds & kMapLookalikes) {
                if (c == 'I') c = 'l';
                if ((c == '0' || c == '1') && !(k > 0 && is_digit(name[k - 1])) && !(k + 1 < name.size() && is_digit(name[k + 1])))
                    c = c == '0' ? 'o' : 'l';
            }
            if ((folds & kFoldCase) && c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if ((folds & kDropSeparators) && is_separator(c)) continue;
            if ((folds & kMapLookalikes) && ((last == 'r' && c == 'n') || (last == 'v' && c == 'v'))) {
                --n;
                c = c == 'n' ? 'm' : 'w';
                last = n == 0 ? 0 : static_cast<unsigned char>(buffer[n - 1]);
            }
            if ((folds & kCollapseDoubles) && c == last) continue;
            buffer[n++] = static_cast<char>(c);
            last = c;
        }
        if (ascii) {
            out.append(buffer, n);
            return;
        }
    }
    const std::size_t begin = out.size();
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
            last = out.size() == begin ? 0 : static_cast<unsigned char>(out.back());  // ASCII before r or v is enough here
        }
        if ((folds & kCollapseDoubles) && c == last) continue;
        if (c < 0x80) out += static_cast<char>(c);
        else append_utf8(out, c);
        last = c;
    }
}

}  // namespace

// append_folded(out, name, kAllFolds), one table look-up a character for a short ASCII name.
void append_skeleton(std::string& out, std::string_view name) {
    static constexpr auto kMap = [] {  // lookalike, then case; separators dropped (0xff)
        std::array<unsigned char, 128> map{};
        for (unsigned c = 0; c < 128; ++c) {
            map[c] = static_cast<unsigned char>(c == 'I' ? 'l' : c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            if (c == '-' || c == '_' || c == '.' || c == ' ' || c == '@' || c == '/') map[c] = 0xff;
        }
        return map;
    }();
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (name.size() > 128) return append_folded(out, name, kAllFolds);
    char buffer[128];
    std::size_t n = 0;
    unsigned char last = 0;
    for (std::size_t k = 0; k < name.size(); ++k) {
        const auto byte = static_cast<unsigned char>(name[k]);
        if (byte >= 0x80) return append_folded(out, name, kAllFolds);
        unsigned char c = kMap[byte];
        // The rare cases with branches, the common ones without: a separator (0xff) or a doubled
        // letter is written but not kept, and leaves `last` as it was.
        if (static_cast<unsigned char>(c - '0') < 2 && !(k > 0 && is_digit(name[k - 1])) &&
            !(k + 1 < name.size() && is_digit(name[k + 1])))
            c = c == '0' ? 'o' : 'l';
        if (((last == 'r') & (c == 'n')) | ((last == 'v') & (c == 'v'))) {
            --n;
            c = c == 'n' ? 'm' : 'w';
            last = n == 0 ? 0 : static_cast<unsigned char>(buffer[n - 1]);
        }
        buffer[n] = static_cast<char>(c);
        n += (c != 0xff) & (c != last);
        last = c == 0xff ? last : c;
    }
    out.append(buffer, n);
}

std::string folded(std::string_view name, unsigned folds) {
    std::string out;
    out.reserve(name.size());
    append_folded(out, name, folds);
    return out;
}

std::string skeleton(std::string_view name) {
    std::string out;
    append_skeleton(out, name);
    return out;
}

std::size_t characters(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); ++count) {
        if (static_cast<unsigned char>(text[at]) < 0x80) ++at;
        else next_code_point(text, at);
    }
    return count;
}

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

std::string quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '\'';
    out += text;
    out += '\'';
    return out;
}

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

namespace {

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

}  // namespace

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

namespace {

char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

void append_lower(std::string& out, std::string_view text) {
    for (char c : text) out += lower_char(c);
}

void append_pep503(std::string& out, std::string_view name) {  // pypi compares names this way: no games possible there
    const std::size_t begin = out.size();
    for (char c : name) {
        c = lower_char(c);
        const bool separator = c == '-' || c == '_' || c == '.';
        if (!separator) out += c;
        else if (out.size() == begin || out.back() != '-') out += '-';
    }
}

}  // namespace

// The open registry a purl type names, without regard to case: its place in kOpenRegistries, or
// -1 for the curated ones (nothing is looked for there).
int registry_of(std::string_view purl_type) {
    for (std::size_t r = 0; r < kOpenRegistries.size(); ++r) {
        const std::string_view registry = kOpenRegistries[r];
        if (registry.size() == purl_type.size() &&
            std::equal(registry.begin(), registry.end(), purl_type.begin(), [](char a, char b) { return a == lower_char(b); }))
            return static_cast<int>(r);
    }
    return -1;
}

// Appends the display form of a package name to `out`: "@babel/core", "requests" (PEP 503),
// "github.com/sirupsen/logrus" (Go hosts and accounts compare without case).
Shape append_display(std::string& out, int registry, std::string_view namespace_, std::string_view name) {
    const std::size_t begin = out.size();
    Shape shape;
    if (registry == kNpm) {
        if (namespace_.starts_with("%40")) namespace_.remove_prefix(3);
        if (namespace_.starts_with("@")) namespace_.remove_prefix(1);
        if (!namespace_.empty()) {
            out += '@';
            out += namespace_;
            out += '/';
            shape = {1, static_cast<std::uint32_t>(namespace_.size()), static_cast<std::uint32_t>(namespace_.size()), 0};
        }
        out += name;
        shape.bare_size = static_cast<std::uint32_t>(name.size());
        return shape;
    }
    if (registry == kPypi) {
        append_pep503(out, name);
        shape.bare_size = static_cast<std::uint32_t>(out.size() - begin);
        return shape;
    }
    // golang: a module path ("github.com/sirupsen", "logrus"); its owner is host/account. Others
    // (maven group, composer vendor, ...): the namespace is the owner.
    if (!namespace_.empty()) {
        if (registry == kGolang) append_lower(out, namespace_);
        else out += namespace_;
        const std::string_view scope = std::string_view(out).substr(begin);
        shape.scope_size = shape.owner_size = static_cast<std::uint32_t>(scope.size());
        if (const auto host_end = scope.find('/'); registry == kGolang && host_end != std::string_view::npos)
            shape.owner_size = static_cast<std::uint32_t>(std::min(scope.find('/', host_end + 1), scope.size()));
        out += '/';
    }
    out += name;
    shape.bare_size = static_cast<std::uint32_t>(name.size());
    return shape;
}

}  // namespace bomwatch::policy::name_confusion_detail
