// Debian: [epoch:]upstream[-revision], dpkg's parseversion and verrevcmp.
#include "sbom/version_detail.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bomwatch::sbom::version_detail {
namespace {

// dpkg's order(): '~' before everything (even the end), then the end and digits, then letters,
// then other characters.
int debian_char_order(string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_digit(static_cast<char>(c))) return 0;
    if (is_alpha(static_cast<char>(c))) return c;
    if (c == '~') return -1;
    return c + 256;
}

int compare_debian_parts(const DebianParts& a, const DebianParts& b) {
    if (const int order = compare_digits(a.epoch, b.epoch)) return order;
    if (const int order = debian_verrevcmp(a.upstream, b.upstream)) return order;
    return debian_verrevcmp(a.revision, b.revision);
}

}  // namespace

// dpkg rejects these as errors; its mere warnings (odd characters, no leading digit) still compare.
std::optional<DebianParts> parse_debian(string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (std::any_of(text.begin(), text.end(), is_space)) return std::nullopt;
    DebianParts parts;
    string_view rest = text;
    if (const std::size_t colon = text.find(':'); colon != string_view::npos) {
        parts.epoch = text.substr(0, colon);
        if (!all_digits(parts.epoch)) return std::nullopt;
        rest = text.substr(colon + 1);
        if (rest.empty()) return std::nullopt;
    }
    if (const std::size_t hyphen = rest.rfind('-'); hyphen != string_view::npos) {
        parts.revision = rest.substr(hyphen + 1);
        rest = rest.substr(0, hyphen);
        if (parts.revision.empty()) return std::nullopt;
    }
    if (rest.empty()) return std::nullopt;
    parts.upstream = rest;
    return parts;
}

int debian_verrevcmp(string_view a, string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
            const int ac = debian_char_order(a, i), bc = debian_char_order(b, j);
            if (ac != bc) return ac < bc ? -1 : 1;
            ++i;  // equal non-zero orders: both sides are on a non-digit character
            ++j;
        }
        const std::size_t end_a = skip_digits(a, i), end_b = skip_digits(b, j);
        if (const int order = compare_digits(a.substr(i, end_a - i), b.substr(j, end_b - j))) return order;
        i = end_a;
        j = end_b;
    }
    return 0;
}

int compare_debian(string_view a, string_view b) {
    return compare_parsed(parse_debian(a), parse_debian(b), a, b, compare_debian_parts);
}

}  // namespace bomwatch::sbom::version_detail
