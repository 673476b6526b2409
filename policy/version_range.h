// Version ranges in each ecosystem's own syntax (npm "^18.2.0", pypi ">=2,<3", Maven "[1.0,2.0)",
// ...), for the policy file's `expected` entries, and OSV's range events.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sbom/version.h"

namespace bomwatch::policy {

// One comparison of a vers-style constraint: "<", "<=", "=", "!=", ">=", ">", or "*" (any).
struct VersionConstraint {
    enum class Op : unsigned char { Any, Less, LessEqual, Equal, NotEqual, GreaterEqual, Greater };
    Op op = Op::Any;
    std::string version;
};

namespace range_detail {

// One comparison of a parsed range; `verbatim` marks PEP 440's "===" (string equality, no order).
struct Term {
    VersionConstraint constraint;
    bool verbatim = false;
};

// Ecosystem rules that contains() applies on top of the version order.
enum class Rules : unsigned char {
    Order,       // the order alone: vers URIs and every syntax without rules of its own
    NodeSemver,  // npm, cargo: a pre-release matches only a set naming a pre-release of its x.y.z
    Pep440,      // pypi: "<V" skips V's pre-releases, ">V" its post and local releases, "==V" ignores +local
};

}  // namespace range_detail

// A set of versions: a union of intervals, each an intersection of constraints, compared with the
// ecosystem's version order (sbom/version.h).
class VersionRange {
public:
    // Parses `text` in the native range syntax of the ecosystem of purl type `purl_type`, or a
    // "vers:" URI (https://github.com/package-url/purl-spec/blob/main/VERSION-RANGE-SPEC.rst) in
    // any ecosystem. Throws std::invalid_argument with a one-line message naming the problem.
    // Native syntaxes: npm and cargo (node-semver; cargo's bare "1.2" is "^1.2"), composer, pypi
    // (PEP 440 specifiers), gem, nuget and maven (intervals; Maven's bare "1.0" is exactly 1.0),
    // and comparison lists (">= 1.2, << 2.0 | = 3") for deb, rpm, apk, alpm, golang and any other
    // type. With an empty `purl_type` a vers URI's own scheme decides; a vers scheme that orders
    // versions differently from `purl_type` is an error.
    static VersionRange parse(std::string_view purl_type, std::string_view text);

    bool contains(std::string_view version) const;

    // The range as a normalised vers URI ("vers:npm/>=18.2.0|<19.0.0-0"): for messages and tests.
    // Sorted, merged, one constraint per version, "vers:none/*" when nothing matches; the rules
    // beyond the order (range_detail::Rules) have no vers spelling and are left out.
    std::string to_vers() const;
    const std::string& text() const { return text_; }  // as written
    sbom::VersionScheme scheme() const { return scheme_; }

private:
    std::string text_;
    std::string purl_type_;
    sbom::VersionScheme scheme_ = sbom::VersionScheme::Generic;
    range_detail::Rules rules_ = range_detail::Rules::Order;
    std::vector<std::vector<range_detail::Term>> alternatives_;  // OR of ANDs; empty: no version
};

}  // namespace bomwatch::policy
