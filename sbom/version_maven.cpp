// Maven ComparableVersion as in Maven 3.9: 3.8's algorithm plus MNG-7644 (a qualifier after a dot
// goes into a nested list like one after a hyphen, so 1.0.0.RC1 < 1.0.0-RC2). Its item tree only
// ever nests as the last element of a list, so it is kept flat: a Sublist item means "the rest
// belongs to a nested list". Maven's order is not transitive on odd mixes of ".x" and "-x"
// (0sp < 0.cr.foo < 0 < 0sp); this reproduces Maven rather than inventing an order it lacks.
// The one allocation per version is the item list.
#include "sbom/version_detail.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string_view>
#include <vector>

namespace bomwatch::sbom::version_detail {
namespace {

struct MavenItem {
    enum class Kind : std::uint8_t { Number, Qualifier, Sublist };
    Kind kind;
    int rank = 0;      // qualifiers: alpha, beta, milestone, rc, snapshot, "" (release), sp, other
    string_view text;  // numbers: digits; unknown qualifiers: the text (compared lower-cased)
};

constexpr int kMavenReleaseRank = 5;
constexpr int kMavenUnknownRank = 7;

MavenItem maven_qualifier(string_view text, bool followed_by_digit) {
    if (followed_by_digit && text.size() == 1) {  // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
        switch (to_lower(text[0])) {
            case 'a': return {MavenItem::Kind::Qualifier, 0, {}};
            case 'b': return {MavenItem::Kind::Qualifier, 1, {}};
            case 'm': return {MavenItem::Kind::Qualifier, 2, {}};
            default: break;
        }
    }
    // clang-format off
    static constexpr std::array<Spelling, 11> kQualifiers{{
        {"alpha", 0}, {"beta", 1}, {"milestone", 2}, {"rc", 3}, {"cr", 3}, {"snapshot", 4},
        {"ga", 5}, {"final", 5}, {"release", 5}, {"", 5}, {"sp", 6}}};
    // clang-format on
    for (const Spelling& q : kQualifiers)
        if (equals_ignore_case(text, q.text)) return {MavenItem::Kind::Qualifier, q.kind, {}};
    return {MavenItem::Kind::Qualifier, kMavenUnknownRank, text};
}

MavenItem maven_number(string_view digits) {
    while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
    return {MavenItem::Kind::Number, 0, digits};
}

bool maven_is_null(const MavenItem& item) {
    return (item.kind == MavenItem::Kind::Number && item.text.empty()) ||
           (item.kind == MavenItem::Kind::Qualifier && item.rank == kMavenReleaseRank);
}

std::vector<MavenItem> parse_maven(string_view version) {
    std::vector<MavenItem> items;
    items.reserve(8);
    const auto sublist = MavenItem{MavenItem::Kind::Sublist, 0, {}};
    auto parse_item = [](bool digits, string_view text) {
        return digits ? maven_number(text) : maven_qualifier(text, false);
    };
    // The list being filled is the innermost one: everything after the last Sublist marker.
    auto in_empty_list = [&items] { return items.empty() || items.back().kind == MavenItem::Kind::Sublist; };
    bool in_digits = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < version.size(); ++i) {
        const char c = version[i];
        if (c == '.' || c == '-') {
            items.push_back(i == start ? maven_number({}) : parse_item(in_digits, version.substr(start, i - start)));
            start = i + 1;
            if (c == '-') items.push_back(sublist);
        } else if (is_digit(c)) {
            if (!in_digits && i > start) {
                // "rc1": the qualifier, then the number in a sublist; ".rc1" nests like "-rc1" (MNG-7644)
                if (!in_empty_list()) items.push_back(sublist);
                items.push_back(maven_qualifier(version.substr(start, i - start), true));
                start = i;
                items.push_back(sublist);
            }
            in_digits = true;
        } else {
            if (in_digits && i > start) {  // "1rc": the number, then the qualifier in a sublist
                items.push_back(maven_number(version.substr(start, i - start)));
                start = i;
                items.push_back(sublist);
            }
            in_digits = false;
        }
    }
    if (version.size() > start) {
        if (!in_digits && !in_empty_list()) items.push_back(sublist);  // a trailing ".x" as "-x" (MNG-7644)
        items.push_back(parse_item(in_digits, version.substr(start)));
    }

    // ListItem.normalize, innermost list first: drop trailing nulls (0, "", empty lists); a
    // non-empty nested list is stepped over, so nulls before it go too ("1.0-1" == "1-1").
    for (std::size_t i = items.size(); i-- > 0;) {
        const MavenItem& item = items[i];
        if (item.kind == MavenItem::Kind::Sublist) {
            if (i + 1 == items.size()) items.pop_back();  // an empty nested list is null
            continue;
        }
        if (maven_is_null(item)) {
            items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        // A non-null item ends this list's normalisation; carry on with the enclosing list.
        while (i > 0 && items[i - 1].kind != MavenItem::Kind::Sublist) --i;
    }
    return items;
}

// Item.compareTo(null): how an item compares with a missing one.
int maven_compare_to_missing(const MavenItem& item) {
    switch (item.kind) {
        case MavenItem::Kind::Number: return item.text.empty() ? 0 : 1;
        case MavenItem::Kind::Qualifier: return sign(item.rank - kMavenReleaseRank);
        case MavenItem::Kind::Sublist: return 0;  // a list compares its own items, which follow
    }
    return 0;
}

int maven_compare_items(const MavenItem& a, const MavenItem& b) {
    using Kind = MavenItem::Kind;
    if (a.kind == Kind::Number && b.kind == Kind::Number) return compare_digits(a.text, b.text);
    if (a.kind == Kind::Qualifier && b.kind == Kind::Qualifier) {
        if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
        return a.rank == kMavenUnknownRank ? compare_folded<to_lower>(a.text, b.text) : 0;
    }
    // Number > Sublist > Qualifier: "1.1 > 1-1 > 1-sp" and "1-1 > 1.any qualifier".
    auto weight = [](Kind k) { return k == Kind::Number ? 2 : k == Kind::Sublist ? 1 : 0; };
    return sign(weight(a.kind) - weight(b.kind));
}

int compare_maven_items(const std::vector<MavenItem>& a, const std::vector<MavenItem>& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (const int order = maven_compare_items(a[i], b[j])) return order;
        ++i;
        ++j;  // equal Sublists: both step into their nested lists, the last items of both parents
    }
    // One side ran out: the rest of the other, nested lists included, compares with "missing"
    // item by item (MNG-6964).
    for (; i < a.size(); ++i)
        if (const int order = maven_compare_to_missing(a[i])) return order;
    for (; j < b.size(); ++j)
        if (const int order = maven_compare_to_missing(b[j])) return -order;
    return 0;
}

}  // namespace

int compare_maven(string_view a, string_view b) {
    try {
        return compare_maven_items(parse_maven(a), parse_maven(b));
    } catch (const std::bad_alloc&) {
        return compare_generic(a, b);  // out of memory on absurd input: stay total, never throw
    }
}

}  // namespace bomwatch::sbom::version_detail
