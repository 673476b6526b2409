// Version ranges: vers URIs (https://github.com/package-url/purl-spec/blob/main/VERSION-RANGE-SPEC.rst),
// read (parse_vers_constraints) and written (VersionRange::to_vers).
//
// Choices worth knowing:
// - vers URIs follow the spec: sorted, a repeated version is an error, redundant constraints are
//   simplified; a list of only "!=" constraints means every version but those.
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/version_range_detail.h"

namespace bomwatch::policy {
namespace range_detail {
namespace {

std::string percent_decoded(std::string_view s, const Failure& fail) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const auto hex = [](char c) {
            const char l = to_lower(c);
            return is_digit(c) ? c - '0' : (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
        };
        if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) fail(quote(s) + " has a bad %-escape");
        out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
        i += 2;
    }
    return out;
}

}  // namespace

// The constraint list of a vers URI as an OR of ANDs, by the spec's containment algorithm.
Disjunction parse_vers_constraints(std::string_view constraints, VersionScheme scheme, const Failure& fail) {
    static constexpr std::string_view kOperators[] = {">=", "<=", "!=", "<", ">", "="};
    if (constraints == "*") return {{term(Op::Any)}};
    std::vector<Term> terms;
    for (const std::string_view piece : split(constraints, "|")) {
        if (piece.empty()) continue;  // leading, trailing and doubled pipes are ignored
        const auto [op, version] = split_operator(piece, kOperators);
        if (piece == "*") fail("\"*\" must stand alone");
        if (version.empty() || has_any(version, "<>=!*")) fail(quote(piece) + " is not a constraint such as \">=1.0\"");
        terms.push_back(term(op_named(op), percent_decoded(version, fail)));
    }
    if (terms.empty()) fail("no constraints after the scheme");
    sort_by_version(terms, scheme, [](const Term& t) -> std::string_view { return t.constraint.version; });
    for (std::size_t i = 1; i < terms.size(); ++i)
        if (compare_versions(scheme, terms[i - 1].constraint.version, terms[i].constraint.version) == 0)
            fail("version " + quote(terms[i].constraint.version) + " appears twice");

    // The spec's simplification: "<1|<2" is "<2", ">1|>2" is ">1", "=1|<2" is "<2", ">1|=2" is ">1".
    Conjunction unequal, kept;
    for (Term& t : terms) {
        const Op op = t.constraint.op;
        if (op == Op::NotEqual) {
            unequal.push_back(std::move(t));
            continue;
        }
        if (!kept.empty() && is_lower_bound(kept.back().constraint.op) && (op == Op::Equal || is_lower_bound(op))) continue;
        while (!kept.empty() && !is_lower_bound(kept.back().constraint.op) && is_upper_bound(op)) kept.pop_back();
        kept.push_back(std::move(t));
    }
    if (kept.empty()) return {unequal};
    // Now "=" stands alone, an upper bound can only open the list, and each lower bound pairs with
    // the upper bound after it.
    Disjunction out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (kept[i].constraint.op == Op::Equal) {
            out.push_back({kept[i]});
            continue;
        }
        Conjunction interval{kept[i]};
        if (is_lower_bound(kept[i].constraint.op) && i + 1 < kept.size() && is_upper_bound(kept[i + 1].constraint.op))
            interval.push_back(kept[++i]);
        interval.insert(interval.end(), unequal.begin(), unequal.end());
        out.push_back(std::move(interval));
    }
    return out;
}

}  // namespace range_detail

using namespace range_detail;

namespace {

std::string vers_escaped(std::string_view version) {
    std::string out;
    for (const char c : version) {
        if (std::string_view("<>=!*|%,").find(c) == std::string_view::npos && static_cast<unsigned char>(c) > 0x20) {
            out += c;
            continue;
        }
        char escaped[4];
        std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
        out += escaped;
    }
    return out;
}

}  // namespace

// Every version the range names cuts the version line into points and the gaps between them; each
// comparison is true or false on a whole point or gap, so the set is the runs of those that are in.
std::string VersionRange::to_vers() const {
    struct Mention {
        std::string_view version;
        std::size_t alternative, term;
    };
    std::vector<Mention> mentions;
    std::vector<std::vector<std::size_t>> point_of(alternatives_.size());  // [alternative][term]
    for (std::size_t a = 0; a < alternatives_.size(); ++a) {
        point_of[a].resize(alternatives_[a].size());
        for (std::size_t k = 0; k < alternatives_[a].size(); ++k)
            if (alternatives_[a][k].constraint.op != Op::Any) mentions.push_back({alternatives_[a][k].constraint.version, a, k});
    }
    sort_by_version(mentions, scheme_, [](const Mention& m) { return m.version; });
    std::vector<std::string_view> points;  // distinct and sorted
    for (const Mention& m : mentions) {
        if (points.empty() || compare_versions(scheme_, points.back(), m.version) != 0) points.push_back(m.version);
        point_of[m.alternative][m.term] = points.size() - 1;
    }
    // Region r: even r is the gap below points[r / 2] (or above the last), odd r is points[r / 2].
    // An alternative covers a run of regions less its "!=" points; `coverage` counts them, kept as
    // differences so that each alternative costs its terms, not the regions.
    const std::size_t regions = 2 * points.size() + 1;
    std::vector<long> coverage(regions + 1, 0);
    for (std::size_t a = 0; a < alternatives_.size(); ++a) {
        std::size_t low = 0, high = regions;  // the run [low, high)
        std::vector<std::size_t> holes;
        for (std::size_t k = 0; k < alternatives_[a].size(); ++k) {
            const std::size_t at = 2 * point_of[a][k] + 1;  // the region of the term's own version
            switch (alternatives_[a][k].constraint.op) {
                case Op::Any: break;
                case Op::Less: high = std::min(high, at); break;
                case Op::LessEqual: high = std::min(high, at + 1); break;
                case Op::Greater: low = std::max(low, at + 1); break;
                case Op::GreaterEqual: low = std::max(low, at); break;
                case Op::Equal: low = std::max(low, at), high = std::min(high, at + 1); break;
                case Op::NotEqual: holes.push_back(at); break;
            }
        }
        if (low >= high) continue;
        ++coverage[low], --coverage[high];
        std::sort(holes.begin(), holes.end());
        holes.erase(std::unique(holes.begin(), holes.end()), holes.end());
        for (const std::size_t hole : holes)
            if (hole >= low && hole < high) --coverage[hole], ++coverage[hole + 1];
    }
    std::vector<bool> in(regions, false);
    for (long running = 0, r = 0; r < static_cast<long>(regions); ++r) in[r] = (running += coverage[r]) > 0;

    std::vector<std::string> parts;
    const auto name = [&](std::size_t r) { return vers_escaped(points[r / 2]); };
    for (std::size_t r = 0; r < regions; ++r) {
        if (!in[r]) continue;
        const std::size_t start = r;
        std::vector<std::string> holes;  // points left out of a run whose gaps on both sides are in
        while (r + 1 < regions && (in[r + 1] || (r + 2 < regions && r % 2 == 0 && in[r + 2]))) {
            if (!in[r + 1]) holes.push_back("!=" + name(r + 1));
            r += r + 1 < regions && in[r + 1] ? 1 : 2;
        }
        if (start == r && r % 2 == 1) {  // a single version
            parts.push_back(name(r));
            continue;
        }
        if (start > 0) parts.push_back((start % 2 == 1 ? ">=" : ">") + name(start % 2 == 1 ? start : start - 1));
        parts.insert(parts.end(), holes.begin(), holes.end());
        if (r + 1 < regions) parts.push_back((r % 2 == 1 ? "<=" : "<") + name(r % 2 == 1 ? r : r + 1));
    }
    const std::string prefix = "vers:" + (purl_type_.empty() ? std::string("generic") : purl_type_) + "/";
    if (parts.empty()) return in.front() ? prefix + "*" : "vers:none/*";
    std::string out = prefix;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "|" : "") + parts[i];
    return out;
}

}  // namespace bomwatch::policy
