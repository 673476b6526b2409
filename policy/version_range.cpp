// Version ranges: one small parser per native syntax, each producing an OR of ANDs of comparisons
// that contains() checks with sbom::compare_versions (the one version order of the project).
//
// The pieces: this file has the shared text helpers, parse() and the matching; each syntax family
// has a file of its own (version_range_semver.cpp: npm, cargo, composer; version_range_pep440.cpp;
// version_range_intervals.cpp: gem, nuget, maven and comparison lists; version_range_vers.cpp: vers
// URIs in and out), each opening with the choices it makes. version_range_detail.h joins them.
// Input is bounded (kMaxTextLength), nothing recurses, and every loop walks a finite list.
#include "policy/version_range.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/version_range_detail.h"

namespace bomwatch::policy {

namespace range_detail {

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), to_lower);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string printable(std::string_view text) {
    constexpr std::size_t kShown = 80;
    std::string out;
    for (const char c : text.substr(0, kShown)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7f) {
            out += c;
            continue;
        }
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
        out += escaped;
    }
    return text.size() > kShown ? out + "..." : out;
}

std::string quote(std::string_view text) {
    // Piece by piece: GCC 12 gives a false -Wrestrict for "literal" + std::string at -O3.
    std::string out(1, '"');
    out += printable(text);
    out += '"';
    return out;
}

std::vector<std::string_view> split(std::string_view s, std::string_view separator) {
    std::vector<std::string_view> pieces;
    for (std::size_t at = s.find(separator); at != std::string_view::npos; at = s.find(separator)) {
        pieces.push_back(s.substr(0, at));
        s.remove_prefix(at + separator.size());
    }
    pieces.push_back(s);
    return pieces;
}

std::vector<std::string_view> alternatives_of(std::string_view text, bool single_pipe, const Failure& fail) {
    std::vector<std::string_view> out;
    for (std::string_view piece : split(text, "||")) {
        for (std::string_view part : single_pipe ? split(piece, "|") : std::vector{piece}) {
            part = trim(part);
            if (part.empty()) fail("an empty alternative around \"|\"");
            out.push_back(part);
        }
    }
    return out;
}

std::vector<std::string> comparison_tokens(std::string_view s, bool commas, const Failure& fail) {
    std::vector<std::string> tokens;
    bool operator_pending = false;
    std::size_t i = 0;
    while (i < s.size()) {
        if (is_space(s[i]) || (commas && s[i] == ',')) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < s.size() && !is_space(s[end]) && !(commas && s[end] == ',')) ++end;
        const std::string_view token = s.substr(i, end - i);
        if (operator_pending) tokens.back() += token;
        else tokens.emplace_back(token);
        operator_pending = token.find_first_not_of("<>=!~^") == std::string_view::npos;
        i = end;
    }
    if (operator_pending) fail("operator " + quote(tokens.back()) + " has no version after it");
    return tokens;
}

Op op_named(std::string_view op) {
    if (op == "<" || op == "<<") return Op::Less;
    if (op == "<=") return Op::LessEqual;
    if (op == ">" || op == ">>") return Op::Greater;
    if (op == ">=") return Op::GreaterEqual;
    if (op == "!=" || op == "<>") return Op::NotEqual;
    return Op::Equal;  // "", "=", "=="
}

bool order_satisfies(int order, Op op) {
    switch (op) {
        case Op::Any: return true;
        case Op::Less: return order < 0;
        case Op::LessEqual: return order <= 0;
        case Op::Equal: return order == 0;
        case Op::NotEqual: return order != 0;
        case Op::GreaterEqual: return order >= 0;
        case Op::Greater: return order > 0;
    }
    return false;
}

}  // namespace range_detail

using namespace range_detail;

namespace {

constexpr std::size_t kMaxTextLength = 4096;

// Matching: the order, and the rules of the ecosystem on top of it.
bool conjunction_contains(const Conjunction& terms, VersionScheme scheme, Rules rules, std::string_view version) {
    for (const Term& t : terms) {
        const VersionConstraint& c = t.constraint;
        if (c.op == Op::Any) continue;
        if (t.verbatim) {
            if (lowercase(trim(version)) != lowercase(c.version)) return false;
        } else if (rules == Rules::Pep440) {
            if (!pep440_satisfies(c, version)) return false;
        } else if (!order_satisfies(compare_versions(scheme, version, c.version), c.op)) {
            return false;
        }
    }
    if (rules != Rules::NodeSemver) return true;
    // node-semver: a pre-release is in only when the set names a pre-release of the same x.y.z.
    const auto [release, prerelease] = semver_release(version);
    if (!prerelease) return true;
    return std::any_of(terms.begin(), terms.end(), [&, release = release](const Term& t) {
        const auto [bound_release, bound_prerelease] = semver_release(t.constraint.version);
        return t.constraint.op != Op::Any && bound_prerelease && compare_versions(scheme, release, bound_release) == 0;
    });
}

}  // namespace

VersionRange VersionRange::parse(std::string_view purl_type, std::string_view text) {
    VersionRange range;
    range.text_ = std::string(text);
    range.purl_type_ = lowercase(trim(purl_type));
    const std::string_view body = trim(text);
    const bool is_vers = lowercase(body.substr(0, 5)) == "vers:";
    const Failure fail(is_vers ? "vers" : range.purl_type_.empty() ? "generic" : range.purl_type_, text);
    if (text.size() > kMaxTextLength) fail("longer than " + std::to_string(kMaxTextLength) + " characters");
    if (body.empty()) fail("no range given");

    if (is_vers) {
        std::string compact;  // spaces are not significant in vers
        for (const char c : body.substr(5))
            if (!is_space(c)) compact += c;
        const std::size_t slash = compact.find('/');
        if (slash == std::string::npos) fail("a vers URI needs \"<scheme>/\" after \"vers:\"");
        const std::string vers_scheme = lowercase(compact.substr(0, slash));
        const std::string_view constraints = std::string_view(compact).substr(slash + 1);
        if (vers_scheme.empty() || vers_scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.+-") != std::string::npos)
            fail("vers scheme " + quote(vers_scheme) + " is not a scheme name");
        const bool constant = vers_scheme == "all" || vers_scheme == "none";  // the spec's "every"/"no" version
        if (constant && constraints != "*") fail("vers:" + vers_scheme + " takes only \"*\"");
        const VersionScheme scheme = sbom::version_scheme_for(vers_scheme);
        if (!constant && !range.purl_type_.empty() && sbom::version_scheme_for(range.purl_type_) != scheme)
            fail("vers scheme " + quote(vers_scheme) + " does not order versions as purl type " + quote(range.purl_type_));
        range.purl_type_ = vers_scheme;
        range.scheme_ = scheme;
        if (vers_scheme != "none") range.alternatives_ = parse_vers_constraints(constraints, scheme, fail);
        return range;
    }

    const std::string& type = range.purl_type_;
    range.scheme_ = sbom::version_scheme_for(type);
    if (type == "npm" || type == "cargo" || type == "composer") {
        range.alternatives_ = parse_semver_family(type, body, fail);
        if (type != "composer") range.rules_ = Rules::NodeSemver;
    } else if (type == "pypi") {
        range.alternatives_ = parse_pep440(body, fail);
        range.rules_ = Rules::Pep440;
    } else if (type == "gem") {
        range.alternatives_ = parse_gem(body, fail);
    } else if (type == "nuget") {
        range.alternatives_ = parse_intervals(body, false, range.scheme_, nuget_bare, fail);
    } else if (type == "maven") {
        range.alternatives_ = parse_intervals(body, true, range.scheme_, maven_bare, fail);
    } else {
        range.alternatives_ = parse_comparisons(type, body, fail);
    }
    return range;
}

bool VersionRange::contains(std::string_view version) const {
    return std::any_of(alternatives_.begin(), alternatives_.end(), [&](const Conjunction& terms) {
        return conjunction_contains(terms, scheme_, rules_, version);
    });
}

}  // namespace bomwatch::policy
