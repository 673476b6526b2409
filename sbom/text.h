// Small ASCII text helpers shared by the readers, the diff and the reports. SBOM keys, ids and
// hex digests are ASCII; locale-dependent <cctype> calls would be slower and no more correct.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace bomwatch::sbom {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
constexpr bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool ascii_alnum(char c) { return ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool ascii_hex(char c) { return ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

// Equal ignoring ASCII case.
inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// Ordered ignoring ASCII case.
inline bool iless(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return ascii_lower(x) < ascii_lower(y); });
}

inline bool icontains(std::string_view haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char x, char y) { return ascii_lower(x) == ascii_lower(y); }) != haystack.end();
}

// Lower-cases `text` into `out` (reusing its capacity) and returns a view of it.
inline std::string_view lower_into(std::string& out, std::string_view text) {
    out.assign(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

}  // namespace bomwatch::sbom
