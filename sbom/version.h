// Version order per ecosystem: which of two versions is newer, and what kind of step lies between.
#pragma once

#include <cstdint>
#include <string_view>

namespace bomwatch::sbom {

enum class VersionScheme : std::uint8_t {
    Semver,   // npm, cargo, hex, pub, composer (semver 2.0.0 precedence, lenient about missing parts)
    Golang,   // golang modules: semver with a leading 'v', "+incompatible", pseudo-versions
    Nuget,    // NuGet: up to four numeric parts, case-insensitive pre-release labels
    Pep440,   // pypi
    Maven,    // Maven ComparableVersion
    Debian,   // deb: epoch:upstream-revision
    Rpm,      // rpm: epoch:version-release with rpmvercmp
    Alpm,     // Arch Linux (pacman's vercmp): rpm's layout, older rpmvercmp rules, pkgrel optional
    Alpine,   // apk
    Generic,  // anything else: numbers compared as numbers, text as text
};

// The scheme for a purl type ("npm", "pypi", "maven", "deb", ...); Generic for unknown types.
VersionScheme version_scheme_for(std::string_view purl_type);

// Orders a and b under `scheme`: negative when a < b, zero when equal in that ecosystem (for
// example Maven "1.0" and "1"), positive when a > b. Defined and deterministic for any input text,
// including text that is not a valid version of the scheme (it falls back to the generic order):
// the answer depends on a and b alone, swapping them flips its sign, and equal text gives zero.
// A total order for every scheme but two, which keep their ecosystem's answers: Maven (cycles on
// odd mixes of ".x" and "-x") and Alpm, where "1.5" equals both "1.5-1" and "1.5-2" because pacman
// compares the pkgrel only when both sides have one (and odd separator runs make cycles). Sort
// those with an algorithm that tolerates that (insertion sort from a fixed order), not std::sort.
int compare_versions(VersionScheme scheme, std::string_view a, std::string_view b);

enum class VersionStep : std::uint8_t {
    Major,       // first release number differs
    Minor,       // second differs
    Patch,       // a later release number differs (or a distro revision / rpm release)
    Prerelease,  // same release numbers, pre-release / dev / post part differs
    Other,       // anything else (build metadata only, unparseable versions, ...)
};

// The kind of step between two versions of one package, whatever their order. For semver-like
// "0.x" versions the step is still named by the position of the first differing number.
VersionStep version_step(VersionScheme scheme, std::string_view a, std::string_view b);

// Whether a version is a pre-release in its ecosystem: semver "-rc.1", PEP 440 a/b/rc/dev, Maven
// alpha/beta/milestone/rc/snapshot qualifiers, a Debian/RPM "~", apk "_alpha".."_rc". Go
// pseudo-versions (untagged commits, "v0.0.0-20240101000000-abcdef123456") are not: they are how
// Go names most untagged dependencies. False for text the scheme cannot read.
bool is_prerelease(VersionScheme scheme, std::string_view version);

// How near two versions are, for pairing the remaining versions of one package when several are
// present: the number of leading release numbers the two share (0 when the first differs). A
// higher value means nearer.
int shared_release_prefix(VersionScheme scheme, std::string_view a, std::string_view b);

}  // namespace bomwatch::sbom
