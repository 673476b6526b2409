// Semver 2.0.0 (npm, cargo, ...), Go modules and NuGet: release numbers, then dot-separated
// pre-release identifiers, build metadata ignored.
#include "sbom/version_detail.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bomwatch::sbom::version_detail {
namespace {

bool valid_identifiers(string_view list) {
    if (list.empty()) return false;
    Pieces pieces(list);
    string_view piece;
    while (pieces.next(piece)) {
        if (piece.empty()) return false;
        for (const char c : piece)
            if (!is_alnum(c) && c != '-') return false;
    }
    return true;
}

// Identifiers: numeric ones by value and below alphanumeric ones, which compare as text; a
// shorter list that is a prefix of the other is lower.
template <int (*CompareText)(string_view, string_view)>
int compare_prerelease(string_view a, string_view b) {
    Pieces pieces_a(a), pieces_b(b);
    string_view ida, idb;
    for (;;) {
        const bool has_a = pieces_a.next(ida);
        const bool has_b = pieces_b.next(idb);
        if (!has_a || !has_b) return has_a - has_b;
        const bool num_a = all_digits(ida), num_b = all_digits(idb);
        int order;
        if (num_a && num_b) {
            order = compare_digits(ida, idb);
        } else if (num_a != num_b) {
            order = num_a ? -1 : 1;
        } else {
            order = CompareText(ida, idb);
        }
        if (order != 0) return order;
    }
}

template <int (*CompareText)(string_view, string_view)>
int compare_semver_parts(const SemverParts& a, const SemverParts& b) {
    const ReleaseDiff diff = diff_release(a.release, b.release, true);
    if (diff.differs) return diff.order;
    if (a.has_prerelease != b.has_prerelease) return a.has_prerelease ? -1 : 1;
    if (!a.has_prerelease) return 0;
    return compare_prerelease<CompareText>(a.prerelease, b.prerelease);
}

constexpr int kUnlimitedNumbers = 1 << 30;

}  // namespace

// Lenient about a leading 'v' / '=' (npm loose), missing minor/patch, and (npm loose) a pre-release
// glued to the numbers ("1.2.3beta"). max_numbers bounds the release numbers: 3 for Go, 4 for NuGet.
std::optional<SemverParts> parse_semver_like(string_view text, int max_numbers) {
    text = trim(text);
    std::size_t pos = 0;
    while (pos < text.size() && (text[pos] == 'v' || text[pos] == 'V' || text[pos] == '=' || is_space(text[pos])))
        ++pos;
    SemverParts parts;
    parts.release = leading_release(text, pos);
    if (parts.release.empty()) return std::nullopt;
    if (std::count(parts.release.begin(), parts.release.end(), '.') >= max_numbers) return std::nullopt;
    pos += parts.release.size();

    const std::size_t plus = text.find('+', pos);
    const string_view build = plus == string_view::npos ? string_view{} : text.substr(plus + 1);
    const string_view middle = text.substr(pos, plus == string_view::npos ? string_view::npos : plus - pos);
    if (plus != string_view::npos && !valid_identifiers(build)) return std::nullopt;
    if (!middle.empty()) {
        if (middle.front() == '-') {
            parts.prerelease = middle.substr(1);
        } else if (is_alpha(middle.front())) {
            parts.prerelease = middle;
        } else {
            return std::nullopt;
        }
        if (!valid_identifiers(parts.prerelease)) return std::nullopt;
        parts.has_prerelease = true;
    }
    return parts;
}

int max_numbers_for(VersionScheme scheme) {
    switch (scheme) {
        case VersionScheme::Golang: return 3;  // vMAJOR[.MINOR[.PATCH]]
        case VersionScheme::Nuget: return 4;   // Major.Minor.Patch.Revision
        default: return kUnlimitedNumbers;     // lenient: composer's "1.2.3.4" orders sensibly
    }
}

// Go module pseudo-versions (v0.0.0-20191109021931-daa7c04131f5, vX.Y.Z-pre.0.ts-hash,
// vX.Y.(Z+1)-0.ts-hash) are semver pre-releases built so that semver precedence orders them
// correctly; "+incompatible" is build metadata. So Go uses the semver order as it is.
int compare_semver_text(VersionScheme scheme, string_view a, string_view b) {
    const int max_numbers = max_numbers_for(scheme);
    const auto pa = parse_semver_like(a, max_numbers);
    const auto pb = parse_semver_like(b, max_numbers);
    if (scheme == VersionScheme::Nuget) {
        // NuGet compares labels with StringComparer.OrdinalIgnoreCase, which folds to upper case.
        return compare_parsed(pa, pb, a, b, compare_semver_parts<compare_folded<to_upper>>);
    }
    return compare_parsed(pa, pb, a, b, compare_semver_parts<compare_bytes>);
}

}  // namespace bomwatch::sbom::version_detail
