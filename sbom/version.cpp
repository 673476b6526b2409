// Version order per ecosystem: the public functions, and the anatomy of a version (epoch and
// release numbers) that steps and nearness are read from.
//
// Each scheme, in its own version_<scheme>.cpp, ports the ecosystem's own algorithm (npm/semver.org,
// golang.org/x/mod/semver, NuGet.Versioning, packaging (PEP 440), Maven ComparableVersion, dpkg
// verrevcmp, rpmvercmp, pacman's vercmp, apk-tools) onto string_views: no regex, no locale, at
// most one small allocation per version (Maven), and numbers compared as digit strings so no
// length overflows. version_detail.h declares what the files share.
//
// Text that a scheme cannot parse is ordered by the generic order among itself and sorts before
// every valid version (as Go's semver does), so mixing the two never makes a cycle. Every order
// here is a total order except Maven's and Alpm's, which are not transitive on some inputs in
// Maven and pacman themselves (see version_maven.cpp and version_rpm.cpp).
#include "sbom/version.h"

#include "sbom/version_detail.h"

#include <array>
#include <cstddef>
#include <string_view>

namespace bomwatch::sbom {

using namespace version_detail;

namespace {

// ---------------------------------------------------------------------------------------------
// Steps and nearness: the anatomy shared by every scheme.

struct Anatomy {
    bool valid = false;
    string_view epoch;    // digits, empty = 0
    string_view release;  // "1.2.3"
    bool implicit_zeros = false;
    bool later_numbers_as_text = false;  // apk: ".01" is a fraction, not 1
};

string_view generic_release(string_view s) {
    s = trim(s);
    if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
    return leading_release(s);
}

Anatomy anatomy_of(VersionScheme scheme, string_view text) {
    Anatomy anatomy;
    switch (scheme) {
        case VersionScheme::Semver:
        case VersionScheme::Golang:
        case VersionScheme::Nuget:
            if (const auto parts = parse_semver_like(text, max_numbers_for(scheme))) {
                anatomy = {true, {}, parts->release, true, false};
            }
            break;
        case VersionScheme::Pep440:
            if (const auto parts = parse_pep440(text)) anatomy = {true, parts->epoch, parts->release, true, false};
            break;
        case VersionScheme::Maven: anatomy = {true, {}, leading_release(text), true, false}; break;
        case VersionScheme::Debian:
            if (const auto parts = parse_debian(text)) {
                anatomy = {true, parts->epoch, leading_release(parts->upstream), false, false};
            }
            break;
        case VersionScheme::Rpm:
        case VersionScheme::Alpm: {  // the same [epoch:]version[-release] split
            const RpmParts parts = parse_rpm(text);
            anatomy = {true, parts.epoch, leading_release(parts.version), false, false};
            break;
        }
        case VersionScheme::Alpine:
            if (apk_valid(text)) anatomy = {true, {}, leading_release(text), false, true};
            break;
        case VersionScheme::Generic: anatomy = {true, {}, generic_release(text), false, false}; break;
    }
    return anatomy;
}

VersionStep step_at(int index) {
    return index == 0 ? VersionStep::Major : index == 1 ? VersionStep::Minor : VersionStep::Patch;
}

// The part of an apk version before its "-rN" revision, and the letter right after its numbers.
string_view apk_without_revision(string_view s) {
    const std::size_t at = s.rfind("-r");
    return at == string_view::npos ? s : s.substr(0, at);
}

char apk_letter(string_view s) {
    const string_view release = leading_release(s);
    return release.size() < s.size() && is_lower(s[release.size()]) ? s[release.size()] : '\0';
}

// The step once epoch and release numbers are known to be equal and the versions differ.
VersionStep step_after_release(VersionScheme scheme, string_view a, string_view b) {
    switch (scheme) {
        case VersionScheme::Semver:
        case VersionScheme::Golang:
        case VersionScheme::Nuget:
        case VersionScheme::Maven:
            return VersionStep::Prerelease;  // all that is left: pre-release identifiers, qualifiers
        case VersionScheme::Pep440: {
            // Equal public versions differ only in their local part, which is like build metadata.
            const auto pa = parse_pep440(a), pb = parse_pep440(b);
            return compare_pep440_public(*pa, *pb) != 0 ? VersionStep::Prerelease : VersionStep::Other;
        }
        case VersionScheme::Debian: {
            const auto pa = parse_debian(a), pb = parse_debian(b);
            return debian_verrevcmp(pa->upstream, pb->upstream) != 0 ? VersionStep::Prerelease : VersionStep::Patch;
        }
        case VersionScheme::Rpm:
            return rpmvercmp(parse_rpm(a).version, parse_rpm(b).version) != 0 ? VersionStep::Prerelease
                                                                              : VersionStep::Patch;
        case VersionScheme::Alpm:  // as rpm, by pacman's vercmp: 1.5b -> 1.5 is a pre-release step
            return alpm_rpmvercmp(parse_rpm(a).version, parse_rpm(b).version) != 0 ? VersionStep::Prerelease
                                                                                   : VersionStep::Patch;
        case VersionScheme::Alpine: {
            if (apk_letter(a) != apk_letter(b)) return VersionStep::Patch;  // 1.0.2k -> 1.0.2l
            const string_view main_a = apk_without_revision(a), main_b = apk_without_revision(b);
            return compare_apk_valid(main_a, main_b) != 0 ? VersionStep::Prerelease : VersionStep::Patch;
        }
        case VersionScheme::Generic: return VersionStep::Other;  // no way to tell what the rest means
    }
    return VersionStep::Other;
}

}  // namespace

VersionScheme version_scheme_for(std::string_view purl_type) {
    struct Mapping {
        string_view type;
        VersionScheme scheme;
    };
    // gem (RubyGems' own order) and others without a scheme of their own use Generic.
    // clang-format off
    static constexpr std::array<Mapping, 14> kMappings{{
        {"npm", VersionScheme::Semver}, {"cargo", VersionScheme::Semver}, {"hex", VersionScheme::Semver},
        {"pub", VersionScheme::Semver}, {"composer", VersionScheme::Semver}, {"swift", VersionScheme::Semver},
        {"golang", VersionScheme::Golang}, {"nuget", VersionScheme::Nuget}, {"pypi", VersionScheme::Pep440},
        {"maven", VersionScheme::Maven}, {"deb", VersionScheme::Debian}, {"rpm", VersionScheme::Rpm},
        {"apk", VersionScheme::Alpine}, {"alpm", VersionScheme::Alpm},
    }};
    // clang-format on
    for (const Mapping& mapping : kMappings)
        if (equals_ignore_case(purl_type, mapping.type)) return mapping.scheme;
    return VersionScheme::Generic;
}

int compare_versions(VersionScheme scheme, std::string_view a, std::string_view b) {
    if (a == b) return 0;
    switch (scheme) {
        case VersionScheme::Semver:
        case VersionScheme::Golang:
        case VersionScheme::Nuget: return compare_semver_text(scheme, a, b);
        case VersionScheme::Pep440: return compare_pep440(a, b);
        case VersionScheme::Maven: return compare_maven(a, b);
        case VersionScheme::Debian: return compare_debian(a, b);
        case VersionScheme::Rpm: return compare_rpm(a, b);
        case VersionScheme::Alpm: return compare_alpm(a, b);
        case VersionScheme::Alpine: return compare_alpine(a, b);
        case VersionScheme::Generic: return compare_generic(a, b);
    }
    return compare_generic(a, b);
}

VersionStep version_step(VersionScheme scheme, std::string_view a, std::string_view b) {
    if (compare_versions(scheme, a, b) == 0) return VersionStep::Other;
    const Anatomy aa = anatomy_of(scheme, a), ab = anatomy_of(scheme, b);
    if (!aa.valid || !ab.valid) return VersionStep::Other;
    if (compare_digits(aa.epoch, ab.epoch) != 0) return VersionStep::Major;
    if (aa.release.empty() || ab.release.empty()) return VersionStep::Other;
    const ReleaseDiff diff = diff_release(aa.release, ab.release, aa.implicit_zeros, aa.later_numbers_as_text);
    if (diff.differs) return step_at(diff.shared);
    return step_after_release(scheme, a, b);
}

int shared_release_prefix(VersionScheme scheme, std::string_view a, std::string_view b) {
    Anatomy aa = anatomy_of(scheme, a), ab = anatomy_of(scheme, b);
    if (!aa.valid || !ab.valid) {
        aa = anatomy_of(VersionScheme::Generic, a);
        ab = anatomy_of(VersionScheme::Generic, b);
    }
    if (compare_digits(aa.epoch, ab.epoch) != 0) return 0;
    return diff_release(aa.release, ab.release, aa.implicit_zeros, aa.later_numbers_as_text).shared;
}

namespace {

// "20240101000000-abcdef123456" at the end of a Go pre-release: a pseudo-version's timestamp and
// commit (after "0.", "pre.0." or nothing, depending on the base version).
bool is_go_pseudo(string_view prerelease) {
    if (prerelease.size() < 27) return false;
    const string_view tail = prerelease.substr(prerelease.size() - 27);
    if (tail[14] != '-' || !all_digits(tail.substr(0, 14))) return false;
    return std::all_of(tail.begin() + 15, tail.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// A Maven qualifier that marks a pre-release: alpha, beta, milestone, rc, cr, snapshot, preview,
// ea, and the short a1/b2/m3 forms.
bool is_maven_prerelease_token(string_view token) {
    static constexpr std::array<string_view, 8> kWords{"alpha", "beta", "milestone", "rc", "cr", "snapshot", "preview", "ea"};
    for (string_view word : kWords) {
        if (token.size() < word.size() || !equals_ignore_case(token.substr(0, word.size()), word)) continue;
        const string_view number = token.substr(word.size());
        if (number.empty() || all_digits(number)) return true;
    }
    return token.size() >= 2 && (to_lower(token[0]) == 'a' || to_lower(token[0]) == 'b' || to_lower(token[0]) == 'm') &&
           all_digits(token.substr(1));
}

}  // namespace

bool is_prerelease(VersionScheme scheme, std::string_view version) {
    switch (scheme) {
        case VersionScheme::Semver:
        case VersionScheme::Nuget: {
            const auto parts = parse_semver_like(version, max_numbers_for(scheme));
            return parts && parts->has_prerelease;
        }
        case VersionScheme::Golang: {
            const auto parts = parse_semver_like(version, max_numbers_for(scheme));
            return parts && parts->has_prerelease && !is_go_pseudo(parts->prerelease);
        }
        case VersionScheme::Pep440: {
            const auto parts = parse_pep440(version);
            return parts && (parts->pre_kind != 0 || parts->has_dev);
        }
        case VersionScheme::Maven: {
            // Tokens as Maven splits them: at '.', '-' and '_', and where letters follow digits
            // ("1.0RC1" has "RC1"); letters followed by digits stay one token ("beta2").
            std::size_t start = 0;
            for (std::size_t i = 0; i <= version.size(); ++i) {
                const bool separator = i < version.size() && (version[i] == '.' || version[i] == '-' || version[i] == '_');
                const bool letters_after_digits = i < version.size() && i > start && is_alpha(version[i]) && is_digit(version[i - 1]);
                if (i < version.size() && !separator && !letters_after_digits) continue;
                if (i > start && is_maven_prerelease_token(version.substr(start, i - start))) return true;
                start = separator ? i + 1 : i;
            }
            return false;
        }
        case VersionScheme::Debian:
        case VersionScheme::Rpm:
        case VersionScheme::Alpm: return version.find('~') != string_view::npos;
        case VersionScheme::Alpine:
            for (string_view suffix : {"_alpha", "_beta", "_pre", "_rc"})
                if (version.find(suffix) != string_view::npos) return true;
            return false;
        case VersionScheme::Generic: return false;
    }
    return false;
}

}  // namespace bomwatch::sbom
