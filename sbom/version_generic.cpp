// The helpers every scheme shares (ASCII only: version grammars are ASCII and locale must not
// change the order), and the generic order used for unknown ecosystems and for text a scheme
// cannot parse.
#include "sbom/version_detail.h"

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace bomwatch::sbom::version_detail {

bool equals_ignore_case(string_view a, string_view b) {
    return a.size() == b.size() && compare_folded<to_lower>(a, b) == 0;
}

int compare_digits(string_view a, string_view b) {
    while (!a.empty() && a.front() == '0') a.remove_prefix(1);
    while (!b.empty() && b.front() == '0') b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return compare_bytes(a, b);
}

bool all_digits(string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

string_view trim(string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::size_t skip_digits(string_view s, std::size_t pos) {
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    return pos;
}

string_view leading_release(string_view s, std::size_t pos) {
    std::size_t end = skip_digits(s, pos);
    if (end == pos) return {};
    while (end + 1 < s.size() && s[end] == '.' && is_digit(s[end + 1])) end = skip_digits(s, end + 1);
    return s.substr(pos, end - pos);
}

ReleaseDiff diff_release(string_view a, string_view b, bool implicit_zeros, bool later_numbers_as_text) {
    ReleaseDiff diff;
    Pieces pieces_a(a), pieces_b(b);
    for (;;) {
        string_view na, nb;
        const bool has_a = pieces_a.next(na);
        const bool has_b = pieces_b.next(nb);
        if (!has_a && !has_b) return diff;
        if ((!has_a || !has_b) && !implicit_zeros) {
            diff.differs = true;
            diff.order = has_a ? 1 : -1;
            return diff;
        }
        const int order = (later_numbers_as_text && diff.shared > 0 && has_a && has_b) ? compare_bytes(na, nb)
                                                                                       : compare_digits(na, nb);
        if (order != 0) {
            diff.differs = true;
            diff.order = order;
            return diff;
        }
        ++diff.shared;
    }
}

// Generic: runs of digits and of other bytes; numbers by value, text bytewise, text < number,
// a proper prefix first. Lexicographic over a totally ordered alphabet, hence a total order.
int compare_generic(string_view a, string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool digit_a = is_digit(a[i]);
        const bool digit_b = is_digit(b[j]);
        if (digit_a != digit_b) return digit_a ? 1 : -1;
        std::size_t end_a = i, end_b = j;
        while (end_a < a.size() && is_digit(a[end_a]) == digit_a) ++end_a;
        while (end_b < b.size() && is_digit(b[end_b]) == digit_b) ++end_b;
        const string_view run_a = a.substr(i, end_a - i), run_b = b.substr(j, end_b - j);
        const int order = digit_a ? compare_digits(run_a, run_b) : compare_bytes(run_a, run_b);
        if (order != 0) return order;
        i = end_a;
        j = end_b;
    }
    return (i < a.size()) - (j < b.size());
}

}  // namespace bomwatch::sbom::version_detail
