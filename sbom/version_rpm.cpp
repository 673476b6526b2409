// RPM and Arch Linux (alpm): both [epoch:]version[-release], rpm with rpmvercmp and pacman with
// its own fork of an older rpmvercmp.
#include "sbom/version_detail.h"

#include <cstddef>
#include <string_view>

namespace bomwatch::sbom::version_detail {

// ---------------------------------------------------------------------------------------------
// RPM: rpmvercmp with '~' (before everything) and '^' (after the base version, before anything
// longer).

// rpm's parseEVR: leading digits then ':' is an epoch; the release follows the last '-'.
RpmParts parse_rpm(string_view text) {
    RpmParts parts;
    const std::size_t digits_end = skip_digits(text, 0);
    if (digits_end < text.size() && text[digits_end] == ':') {
        parts.epoch = text.substr(0, digits_end);
        text.remove_prefix(digits_end + 1);
    }
    if (const std::size_t hyphen = text.rfind('-'); hyphen != string_view::npos) {
        parts.release = text.substr(hyphen + 1);
        parts.has_release = true;
        text = text.substr(0, hyphen);
    }
    parts.version = text;
    return parts;
}

int rpmvercmp(string_view a, string_view b) {
    if (a == b) return 0;
    std::size_t i = 0, j = 0;
    auto separator = [](char c) { return !is_alnum(c) && c != '~' && c != '^'; };
    while (i < a.size() || j < b.size()) {
        while (i < a.size() && separator(a[i])) ++i;
        while (j < b.size() && separator(b[j])) ++j;
        const bool end_a = i >= a.size(), end_b = j >= b.size();
        const char ca = end_a ? '\0' : a[i], cb = end_b ? '\0' : b[j];
        if (ca == '~' || cb == '~') {
            if (ca != '~') return 1;
            if (cb != '~') return -1;
            ++i;
            ++j;
            continue;
        }
        if (ca == '^' || cb == '^') {
            if (end_a) return -1;
            if (end_b) return 1;
            if (ca != '^') return 1;
            if (cb != '^') return -1;
            ++i;
            ++j;
            continue;
        }
        if (end_a || end_b) break;

        const bool numeric = is_digit(ca);
        auto same_class = [numeric](char c) { return numeric ? is_digit(c) : is_alpha(c); };
        const std::size_t start_a = i, start_b = j;
        while (i < a.size() && same_class(a[i])) ++i;
        while (j < b.size() && same_class(b[j])) ++j;
        // Segments of different types: the numeric one is newer.
        if (j == start_b) return numeric ? 1 : -1;
        const string_view seg_a = a.substr(start_a, i - start_a), seg_b = b.substr(start_b, j - start_b);
        if (const int order = numeric ? compare_digits(seg_a, seg_b) : compare_bytes(seg_a, seg_b)) return order;
    }
    const bool end_a = i >= a.size(), end_b = j >= b.size();
    if (end_a && end_b) return 0;
    return end_a ? -1 : 1;  // whichever still has characters left wins
}

// As rpm's version objects order EVRs (rpm.ver in rpm 4.18): a missing release sorts before any
// release. (Dependency matching instead skips the release when one side has none, so "1.0"
// matches every "1.0-N"; that is a match rule, not an order: it is not transitive.)
int compare_rpm(string_view a, string_view b) {
    const RpmParts pa = parse_rpm(a), pb = parse_rpm(b);
    if (const int order = compare_digits(pa.epoch, pb.epoch)) return order;
    if (const int order = rpmvercmp(pa.version, pb.version)) return order;
    if (pa.has_release != pb.has_release) return pa.has_release ? 1 : -1;
    return rpmvercmp(pa.release, pb.release);
}

// ---------------------------------------------------------------------------------------------
// Arch Linux: pacman's alpm_pkg_vercmp (lib/libalpm/version.c). Its parseEVR splits like rpm's
// (the epoch defaults to 0), but its rpmvercmp is a fork of an older rpm's and differs from the
// one above in what it does with
// - '~' and '^': nothing special, they are separators like '.';
// - separators: where the runs of separators before two segments differ in length, the shorter
//   run is older ("1.0" < "1..0"; rpm: equal);
// - what is left once one side runs out: a letter is older than nothing (1.5b < 1.5,
//   1.0rc < 1.0), anything else newer (1.5 < 1.5.1, and 1.5 < 1.5.a, whose leftover starts with
//   the '.'); rpm: whatever is left wins;
// - the release (pkgrel): compared only when both sides have one, so "1.5" == "1.5-1".
//
// That makes it no total order, and this keeps pacman's answers rather than inventing an order
// pacman lacks:
// - "1.5" equals both "1.5-1" and "1.5-2", which differ: equality is not transitive. Among
//   versions that all have a release (every built package) or all lack one, the rule is harmless.
// - on odd separators pacman's rpmvercmp has cycles of its own: "1." < "1.1" < "1..a" < "1.".
//   Versions with single separators between segments order totally (not proven: checked on all
//   short ones over a small alphabet, and on random ones in version_test).
// compare_versions stays deterministic all the same: its answer depends on the two texts alone,
// never on what else is compared or in which order; it is antisymmetric (compare(b, a) has the
// opposite sign of compare(a, b)) and zero for identical text. What it cannot promise is one
// sorted order for a set holding such versions, so sorting needs a fixed starting order and an
// algorithm that tolerates this (diff sorts the versions of a package by insertion, from text
// order), not std::sort.

// pacman's rpmvercmp on one part (version or release). Character classes are ASCII, as in the C
// locale; a NUL byte, which ends a C string, is just another separator here.
int alpm_rpmvercmp(string_view a, string_view b) {
    if (a == b) return 0;
    std::size_t one = 0, two = 0;    // where the next segment (or its separators) starts
    std::size_t end1 = 0, end2 = 0;  // where the previous segment ended
    while (one < a.size() && two < b.size()) {
        while (one < a.size() && !is_alnum(a[one])) ++one;
        while (two < b.size() && !is_alnum(b[two])) ++two;
        if (one >= a.size() || two >= b.size()) break;
        // Separator runs of different lengths end the comparison: the shorter run is older.
        if (one - end1 != two - end2) return one - end1 < two - end2 ? -1 : 1;

        const bool numeric = is_digit(a[one]);
        auto same_class = [numeric](char c) { return numeric ? is_digit(c) : is_alpha(c); };
        end1 = one;
        end2 = two;
        while (end1 < a.size() && same_class(a[end1])) ++end1;
        while (end2 < b.size() && same_class(b[end2])) ++end2;
        // Segments of different types: the numeric one is newer.
        if (end2 == two) return numeric ? 1 : -1;
        const string_view seg_a = a.substr(one, end1 - one), seg_b = b.substr(two, end2 - two);
        if (const int order = numeric ? compare_digits(seg_a, seg_b) : compare_bytes(seg_a, seg_b)) return order;
        one = end1;
        two = end2;
    }
    // One side ran out (the other possibly at separators it has not skipped). Equal segments
    // apart from separator characters (runs of one length) are equal versions: "1.0" == "1_0".
    const bool end_a = one >= a.size(), end_b = two >= b.size();
    if (end_a && end_b) return 0;
    // "We never want a remaining alpha string to beat an empty string": a leftover letter is
    // older, any other leftover newer.
    if ((end_a && !is_alpha(b[two])) || (!end_a && is_alpha(a[one]))) return -1;
    return 1;
}

int compare_alpm(string_view a, string_view b) {
    const RpmParts pa = parse_rpm(a), pb = parse_rpm(b);
    if (const int order = compare_digits(pa.epoch, pb.epoch)) return order;  // digits: as rpmvercmp
    if (const int order = alpm_rpmvercmp(pa.version, pb.version)) return order;
    if (!pa.has_release || !pb.has_release) return 0;
    return alpm_rpmvercmp(pa.release, pb.release);
}

}  // namespace bomwatch::sbom::version_detail
