// Internal to the version*.cpp files: the helpers they share and each scheme's parse and compare
// entry points. Not part of the sbom_core interface; include sbom/version.h instead.
//
// All of it works on string_views into the caller's text: ASCII only (version grammars are ASCII
// and locale must not change the order), no regex, and numbers compared as digit strings so no
// length overflows.
#pragma once

#include "sbom/version.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bomwatch::sbom::version_detail {

using std::string_view;

// ---------------------------------------------------------------------------------------------
// Characters and text (version_generic.cpp).

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_alpha(char c) { return is_lower(c) || is_upper(c); }
constexpr bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char to_upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr int sign(int v) { return (v > 0) - (v < 0); }

inline int compare_bytes(string_view a, string_view b) { return sign(a.compare(b)); }

// Byte order after folding case one way; which way matters for '_' and friends (.NET folds up).
template <char (*Fold)(char)>
int compare_folded(string_view a, string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto ca = static_cast<unsigned char>(Fold(a[i]));
        const auto cb = static_cast<unsigned char>(Fold(b[i]));
        if (ca != cb) return ca < cb ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool equals_ignore_case(string_view a, string_view b);

// Compares two runs of decimal digits by value; an empty run is zero. No conversion, so any length.
int compare_digits(string_view a, string_view b);

bool all_digits(string_view s);
string_view trim(string_view s);
std::size_t skip_digits(string_view s, std::size_t pos);

// The run "digits(.digits)*" starting at pos (empty when s[pos] is not a digit).
string_view leading_release(string_view s, std::size_t pos = 0);

// The pieces of "a.b.c" one by one; an empty text has none, "a." ends with an empty piece.
class Pieces {
public:
    explicit Pieces(string_view text, char separator = '.')
        : rest_(text), left_(!text.empty()), separator_(separator) {}

    bool next(string_view& piece) {
        if (!left_) return false;
        const std::size_t at = rest_.find(separator_);
        piece = rest_.substr(0, at);
        left_ = at != string_view::npos;
        if (left_) rest_.remove_prefix(at + 1);
        return true;
    }

private:
    string_view rest_;
    bool left_;
    char separator_;
};

// Where two dotted release-number lists first differ. With implicit zeros a missing number is 0
// ("1.2" == "1.2.0"); without, a missing number differs from any present one.
struct ReleaseDiff {
    int shared = 0;  // leading numbers that are equal
    bool differs = false;
    int order = 0;  // sign of the first difference
};

ReleaseDiff diff_release(string_view a, string_view b, bool implicit_zeros, bool later_numbers_as_text = false);

// A spelling of a label and what it means to its scheme (PEP 440 pre/post/dev, Maven qualifiers).
struct Spelling {
    string_view text;
    int kind;
};

// ---------------------------------------------------------------------------------------------
// Generic order (version_generic.cpp): runs of digits and of other bytes, a total order.

int compare_generic(string_view a, string_view b);

// Orders two parse results: both valid by the scheme, both invalid by the generic order, and an
// invalid one before a valid one.
template <class Parsed, class Compare>
int compare_parsed(const std::optional<Parsed>& pa, const std::optional<Parsed>& pb, string_view a, string_view b,
                   Compare compare) {
    if (pa && pb) return compare(*pa, *pb);
    if (!pa && !pb) return compare_generic(a, b);
    return pa ? 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// Semver, Go, NuGet (version_semver.cpp).

struct SemverParts {
    string_view release;     // "1.2.3"
    string_view prerelease;  // "rc.1" (empty: a release)
    bool has_prerelease = false;
};

// How many release numbers the scheme allows: 3 for Go, 4 for NuGet, no limit for the others.
int max_numbers_for(VersionScheme scheme);
std::optional<SemverParts> parse_semver_like(string_view text, int max_numbers);
int compare_semver_text(VersionScheme scheme, string_view a, string_view b);

// ---------------------------------------------------------------------------------------------
// PEP 440 (version_pep440.cpp).

struct Pep440Parts {
    string_view epoch;       // digits, empty = 0
    string_view release;     // "1.2.3"
    int pre_kind = 0;        // 0 none, 1 a, 2 b, 3 rc
    string_view pre_number;  // empty = 0
    bool has_post = false;
    string_view post_number;
    bool has_dev = false;
    string_view dev_number;
    bool has_local = false;
    string_view local;  // segments separated by '.', '-' or '_'
};

std::optional<Pep440Parts> parse_pep440(string_view text);
// The order without the local part ("+..."), which is like build metadata.
int compare_pep440_public(const Pep440Parts& a, const Pep440Parts& b);
int compare_pep440(string_view a, string_view b);

// ---------------------------------------------------------------------------------------------
// Maven (version_maven.cpp).

int compare_maven(string_view a, string_view b);

// ---------------------------------------------------------------------------------------------
// Debian (version_debian.cpp).

struct DebianParts {
    string_view epoch;
    string_view upstream;
    string_view revision;
};

std::optional<DebianParts> parse_debian(string_view text);
int debian_verrevcmp(string_view a, string_view b);
int compare_debian(string_view a, string_view b);

// ---------------------------------------------------------------------------------------------
// RPM and Arch Linux's alpm (version_rpm.cpp): both [epoch:]version[-release].

struct RpmParts {
    string_view epoch;  // digits, empty = 0
    string_view version;
    string_view release;
    bool has_release = false;
};

RpmParts parse_rpm(string_view text);
int rpmvercmp(string_view a, string_view b);
int compare_rpm(string_view a, string_view b);
// pacman's own fork of rpmvercmp, for one version or release part.
int alpm_rpmvercmp(string_view a, string_view b);
int compare_alpm(string_view a, string_view b);

// ---------------------------------------------------------------------------------------------
// Alpine (version_alpine.cpp).

bool apk_valid(string_view s);
int compare_apk_valid(string_view a, string_view b);  // both apk_valid
int compare_alpine(string_view a, string_view b);

}  // namespace bomwatch::sbom::version_detail
