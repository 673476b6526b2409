// Alpine: apk-tools' version.c (3.x; 2.12+ is the same bar the "~hash" part),
// number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}.
#include "sbom/version_detail.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace bomwatch::sbom::version_detail {
namespace {

// In grammar order: a token may only be followed by a later one (with a few exceptions).
// clang-format off
enum class ApkToken : std::uint8_t {
    InitialDigit, Digit, Letter, Suffix, SuffixNumber, CommitHash, Revision, End, Invalid };
// clang-format on

// Pre-release suffixes sort below the bare version (Release), the others above it.
enum class ApkSuffix : std::uint8_t { Invalid, Alpha, Beta, Pre, Rc, Release, Cvs, Svn, Git, Hg, P };

struct ApkTokenState {
    ApkToken token = ApkToken::Invalid;
    ApkSuffix suffix = ApkSuffix::Invalid;
    string_view value;
};

ApkSuffix apk_suffix(string_view text) {
    // clang-format off
    static constexpr std::array<std::pair<string_view, ApkSuffix>, 9> kSuffixes{{
        {"alpha", ApkSuffix::Alpha}, {"beta", ApkSuffix::Beta}, {"pre", ApkSuffix::Pre}, {"rc", ApkSuffix::Rc},
        {"cvs", ApkSuffix::Cvs}, {"svn", ApkSuffix::Svn}, {"git", ApkSuffix::Git}, {"hg", ApkSuffix::Hg},
        {"p", ApkSuffix::P}}};
    // clang-format on
    for (const auto& [spelling, suffix] : kSuffixes)
        if (text == spelling) return suffix;
    return ApkSuffix::Invalid;
}

// apk's character classes are ASCII tables that let every byte >= 0x80 through.
template <bool (*AsciiMember)(char)>
string_view apk_take_span(string_view s, std::size_t& pos) {
    const std::size_t start = pos;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) >= 0x80 || AsciiMember(s[pos]))) ++pos;
    return s.substr(start, pos - start);
}

constexpr bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

string_view apk_take_digits(string_view s, std::size_t& pos) {
    const std::size_t start = pos;
    pos = skip_digits(s, pos);
    return s.substr(start, pos - start);
}

void apk_first_token(ApkTokenState& t, string_view s, std::size_t& pos) {
    t.value = apk_take_digits(s, pos);
    t.token = t.value.empty() ? ApkToken::Invalid : ApkToken::InitialDigit;
}

// The next token, checking that it may follow the previous one (the grammar only moves forward).
void apk_next_token(ApkTokenState& t, string_view s, std::size_t& pos) {
    if (pos >= s.size()) {
        t.token = ApkToken::End;
        return;
    }
    const char c = s[pos];
    if (is_lower(c)) {
        if (t.token > ApkToken::Digit) return void(t.token = ApkToken::Invalid);
        t.value = s.substr(pos++, 1);
        t.token = ApkToken::Letter;
    } else if (c == '.' || is_digit(c)) {
        if (c == '.') {
            if (t.token > ApkToken::Digit) return void(t.token = ApkToken::Invalid);
            ++pos;
        }
        if (t.token == ApkToken::InitialDigit || t.token == ApkToken::Digit) {
            t.token = ApkToken::Digit;
        } else if (t.token == ApkToken::Suffix) {
            t.token = ApkToken::SuffixNumber;
        } else {
            return void(t.token = ApkToken::Invalid);
        }
        t.value = apk_take_digits(s, pos);
        if (t.value.empty()) t.token = ApkToken::Invalid;
    } else if (c == '_') {
        if (t.token > ApkToken::SuffixNumber) return void(t.token = ApkToken::Invalid);
        ++pos;
        t.value = apk_take_span<is_lower>(s, pos);
        t.suffix = apk_suffix(t.value);
        t.token = t.suffix == ApkSuffix::Invalid ? ApkToken::Invalid : ApkToken::Suffix;
    } else if (c == '~') {
        if (t.token >= ApkToken::CommitHash) return void(t.token = ApkToken::Invalid);
        ++pos;
        t.value = apk_take_span<is_lower_hex>(s, pos);
        t.token = t.value.empty() ? ApkToken::Invalid : ApkToken::CommitHash;
    } else if (c == '-') {
        if (t.token >= ApkToken::Revision || pos + 1 >= s.size() || s[pos + 1] != 'r') {
            return void(t.token = ApkToken::Invalid);
        }
        pos += 2;
        t.value = apk_take_digits(s, pos);
        t.token = t.value.empty() ? ApkToken::Invalid : ApkToken::Revision;
    } else {
        t.token = ApkToken::Invalid;
    }
}

// Two tokens of one type. A later number with a leading zero compares as text, like a decimal
// fraction (1.02 < 1.1); other numbers by value.
int compare_apk_tokens(const ApkTokenState& a, const ApkTokenState& b) {
    switch (a.token) {
        case ApkToken::Digit:
            if (a.value.front() == '0' || b.value.front() == '0') return compare_bytes(a.value, b.value);
            [[fallthrough]];
        case ApkToken::InitialDigit:
        case ApkToken::SuffixNumber:
        case ApkToken::Revision: return compare_digits(a.value, b.value);
        case ApkToken::Letter: return compare_bytes(a.value, b.value);
        case ApkToken::Suffix: return a.suffix == b.suffix ? 0 : (a.suffix < b.suffix ? -1 : 1);
        default: return compare_bytes(a.value, b.value);  // commit hashes
    }
}

}  // namespace

bool apk_valid(string_view s) {
    ApkTokenState t;
    std::size_t pos = 0;
    for (apk_first_token(t, s, pos); t.token < ApkToken::End; apk_next_token(t, s, pos)) {
    }
    return t.token == ApkToken::End;
}

int compare_apk_valid(string_view a, string_view b) {
    ApkTokenState ta, tb;
    std::size_t pa = 0, pb = 0;
    apk_first_token(ta, a, pa);
    apk_first_token(tb, b, pb);
    for (; ta.token == tb.token && ta.token < ApkToken::End; apk_next_token(ta, a, pa), apk_next_token(tb, b, pb)) {
        if (const int order = compare_apk_tokens(ta, tb)) return order;
    }
    if (ta.token == tb.token) return 0;
    // Equal so far: the longer one is newer, unless what it has next is a pre-release suffix.
    if (ta.token == ApkToken::Suffix && ta.suffix < ApkSuffix::Release) return -1;
    if (tb.token == ApkToken::Suffix && tb.suffix < ApkSuffix::Release) return 1;
    return ta.token > tb.token ? -1 : 1;
}

int compare_alpine(string_view a, string_view b) {
    const bool va = apk_valid(a), vb = apk_valid(b);
    if (va && vb) return compare_apk_valid(a, b);
    if (!va && !vb) return compare_generic(a, b);
    return va ? 1 : -1;
}

}  // namespace bomwatch::sbom::version_detail
