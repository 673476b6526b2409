// PEP 440 (pypi), as packaging.version parses and orders it.
#include "sbom/version_detail.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bomwatch::sbom::version_detail {
namespace {

bool is_pep440_separator(char c) { return c == '.' || c == '-' || c == '_'; }

bool starts_with_ignore_case(string_view text, std::size_t pos, string_view word) {
    return text.size() - pos >= word.size() && equals_ignore_case(text.substr(pos, word.size()), word);
}

// Matches the longest spelling first; packaging's regex backtracks to the same result.
constexpr std::array<Spelling, 8> kPreSpellings{
    {{"preview", 3}, {"alpha", 1}, {"beta", 2}, {"pre", 3}, {"rc", 3}, {"a", 1}, {"b", 2}, {"c", 3}}};
constexpr std::array<Spelling, 3> kPostSpellings{{{"post", 1}, {"rev", 1}, {"r", 1}}};
constexpr std::array<Spelling, 1> kDevSpellings{{{"dev", 1}}};

// "[-_.]?label[-_.]?digits?" at pos; returns the label's kind (0: absent) and its number.
template <std::size_t N>
int parse_labelled(string_view text, std::size_t& pos, const std::array<Spelling, N>& spellings, string_view& number) {
    std::size_t at = pos;
    if (at < text.size() && is_pep440_separator(text[at])) ++at;
    for (const Spelling& spelling : spellings) {
        if (!starts_with_ignore_case(text, at, spelling.text)) continue;
        at += spelling.text.size();
        if (at < text.size() && is_pep440_separator(text[at])) ++at;
        const std::size_t end = skip_digits(text, at);
        number = text.substr(at, end - at);
        pos = end;
        return spelling.kind;
    }
    return 0;
}

// Local segments: numbers by value and above text; text case-insensitively; a prefix is lower.
int compare_pep440_local(string_view a, string_view b) {
    std::size_t i = 0, j = 0;
    for (;;) {
        const bool has_a = i <= a.size(), has_b = j <= b.size();
        if (!has_a || !has_b) return has_a - has_b;
        std::size_t end_a = i, end_b = j;
        while (end_a < a.size() && !is_pep440_separator(a[end_a])) ++end_a;
        while (end_b < b.size() && !is_pep440_separator(b[end_b])) ++end_b;
        const string_view sa = a.substr(i, end_a - i), sb = b.substr(j, end_b - j);
        const bool num_a = all_digits(sa), num_b = all_digits(sb);
        int order;
        if (num_a && num_b) {
            order = compare_digits(sa, sb);
        } else if (num_a != num_b) {
            order = num_a ? 1 : -1;
        } else {
            order = compare_folded<to_lower>(sa, sb);
        }
        if (order != 0) return order;
        i = end_a + 1;
        j = end_b + 1;
    }
}

int compare_pep440_parts(const Pep440Parts& a, const Pep440Parts& b) {
    if (const int order = compare_pep440_public(a, b)) return order;
    if (a.has_local != b.has_local) return a.has_local ? 1 : -1;
    return a.has_local ? compare_pep440_local(a.local, b.local) : 0;
}

}  // namespace

std::optional<Pep440Parts> parse_pep440(string_view text) {
    text = trim(text);
    Pep440Parts parts;
    std::size_t pos = 0;
    if (pos < text.size() && (text[pos] == 'v' || text[pos] == 'V')) ++pos;
    if (const std::size_t end = skip_digits(text, pos); end > pos && end < text.size() && text[end] == '!') {
        parts.epoch = text.substr(pos, end - pos);
        pos = end + 1;
    }
    parts.release = leading_release(text, pos);
    if (parts.release.empty()) return std::nullopt;
    pos += parts.release.size();

    parts.pre_kind = parse_labelled(text, pos, kPreSpellings, parts.pre_number);
    if (pos + 1 < text.size() && text[pos] == '-' && is_digit(text[pos + 1])) {  // "1.0-1" is 1.0.post1
        const std::size_t end = skip_digits(text, pos + 1);
        parts.has_post = true;
        parts.post_number = text.substr(pos + 1, end - pos - 1);
        pos = end;
    } else {
        parts.has_post = parse_labelled(text, pos, kPostSpellings, parts.post_number) != 0;
    }
    parts.has_dev = parse_labelled(text, pos, kDevSpellings, parts.dev_number) != 0;

    if (pos < text.size() && text[pos] == '+') {
        parts.has_local = true;
        parts.local = text.substr(pos + 1);
        // [a-z0-9]+([-_.][a-z0-9]+)*
        bool expect_alnum = true;
        for (const char c : parts.local) {
            if (is_alnum(c)) {
                expect_alnum = false;
            } else if (is_pep440_separator(c) && !expect_alnum) {
                expect_alnum = true;
            } else {
                return std::nullopt;
            }
        }
        if (expect_alnum) return std::nullopt;
        pos = text.size();
    }
    if (pos != text.size()) return std::nullopt;
    return parts;
}

// packaging's _cmpkey without the local part. "1.0.dev0" sorts before "1.0a0": a dev release
// without pre or post takes the lowest pre-release rank.
int compare_pep440_public(const Pep440Parts& a, const Pep440Parts& b) {
    if (const int order = compare_digits(a.epoch, b.epoch)) return order;
    if (const ReleaseDiff diff = diff_release(a.release, b.release, true); diff.differs) return diff.order;

    auto pre_rank = [](const Pep440Parts& p) {
        if (p.pre_kind == 0) return (!p.has_post && p.has_dev) ? 0 : 4;
        return p.pre_kind;
    };
    if (const int ra = pre_rank(a), rb = pre_rank(b); ra != rb) return ra < rb ? -1 : 1;
    if (a.pre_kind != 0)
        if (const int order = compare_digits(a.pre_number, b.pre_number)) return order;

    if (a.has_post != b.has_post) return a.has_post ? 1 : -1;
    if (a.has_post)
        if (const int order = compare_digits(a.post_number, b.post_number)) return order;

    if (a.has_dev != b.has_dev) return a.has_dev ? -1 : 1;
    if (a.has_dev)
        if (const int order = compare_digits(a.dev_number, b.dev_number)) return order;
    return 0;
}

int compare_pep440(string_view a, string_view b) {
    return compare_parsed(parse_pep440(a), parse_pep440(b), a, b, compare_pep440_parts);
}

}  // namespace bomwatch::sbom::version_detail
