// Version ranges, node-semver and its relatives (npm, cargo, composer).
//
// Choices worth knowing:
// - npm and cargo desugar as node-semver does ("^1.2" is ">=1.2.0 <2.0.0-0") and keep its
//   pre-release rule; cargo's bare "1.2" is "^1.2". composer's "1.2" is exactly 1.2.0 and its
//   "~1.2" is ">=1.2.0 <2.0.0-0", as Composer documents.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/version_range_detail.h"

namespace bomwatch::policy::range_detail {
namespace {

bool is_identifier_text(std::string_view s) {  // semver pre-release / build: [0-9A-Za-z.-]+
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '.' || c == '-'; });
}

}  // namespace

Partial parse_partial(std::string_view text, const SemverSyntax& syntax, const Failure& fail) {
    Partial partial;
    std::string_view s = text;
    if (!s.empty() && (s.front() == 'v' || s.front() == 'V')) s.remove_prefix(1);
    if (const std::size_t plus = s.find('+'); plus != std::string_view::npos) {  // build metadata: ignored
        if (!is_identifier_text(s.substr(plus + 1))) fail(quote(text) + " has bad build metadata");
        s = s.substr(0, plus);
    }
    if (const std::size_t dash = s.find('-'); dash != std::string_view::npos) {
        partial.prerelease = s.substr(dash + 1);
        if (!is_identifier_text(partial.prerelease)) fail(quote(text) + " has a bad pre-release");
        s = s.substr(0, dash);
    }
    const std::vector<std::string_view> pieces = split(s, ".");
    if (pieces.size() > syntax.max_numbers)
        fail(quote(text) + " has more than " + std::to_string(syntax.max_numbers) + " numbers");
    for (const std::string_view piece : pieces) {
        const bool wildcard = piece == "x" || piece == "X" || piece == "*";
        if (!wildcard && (!all_digits(piece) || piece.size() > kMaxNumberDigits))
            fail(quote(text) + " is not a version (" + quote(piece) + " is not a number or x)");
        partial.wildcard = partial.wildcard || wildcard;
        if (!partial.wildcard) partial.numbers.emplace_back(piece);
    }
    const bool complete = !partial.wildcard && (partial.numbers.size() >= 3 || !syntax.missing_is_wildcard);
    if (!partial.prerelease.empty() && !complete) fail(quote(text) + " has a pre-release but not all three numbers");
    return partial;
}

namespace {

const Term kBelowEverything = term(Op::Less, "0.0.0-0");  // node-semver's spelling of "nothing"

// `op` applied to a partial version, as node-semver desugars it (">1.2" is ">=1.3.0").
Conjunction compare_partial(Op op, const Partial& p, const SemverSyntax& syntax, const Failure& fail) {
    const std::size_t given = p.numbers.size();
    if (given == 0) return {op == Op::Less || op == Op::Greater || op == Op::NotEqual ? kBelowEverything : term(Op::Any)};
    if (!p.wildcard && (given >= 3 || !syntax.missing_is_wildcard)) return {term(op, p.lowest())};
    const std::string next = p.next_at(given - 1);
    switch (op) {
        case Op::Greater: return {term(Op::GreaterEqual, next)};
        case Op::GreaterEqual: return {term(Op::GreaterEqual, p.lowest())};
        case Op::Less: return {term(Op::Less, p.lowest() + "-0")};
        case Op::LessEqual: return {term(Op::Less, next + "-0")};
        case Op::NotEqual: fail("\"!=\" with a wildcard version is not supported");
        default: return {term(Op::GreaterEqual, p.lowest()), term(Op::Less, next + "-0")};
    }
}

Conjunction tilde(const Partial& p, const SemverSyntax& syntax) {
    const std::size_t given = p.numbers.size();
    if (given == 0) return {term(Op::Any)};
    const std::size_t index = given == 1 ? 0 : syntax.composer_tilde ? given - 2 : 1;
    return {term(Op::GreaterEqual, p.lowest()), term(Op::Less, p.next_at(index) + "-0")};
}

Conjunction caret(const Partial& p) {
    const std::size_t given = p.numbers.size();
    if (given == 0) return {term(Op::Any)};
    std::size_t index = 0;  // the first number that is not zero moves up; all zero: the last given
    while (index + 1 < given && is_zero(p.numbers[index])) ++index;
    return {term(Op::GreaterEqual, p.lowest()), term(Op::Less, p.next_at(index) + "-0")};
}

Conjunction hyphen(const Partial& low, const Partial& high) {
    Conjunction out;
    if (!low.numbers.empty()) out.push_back(term(Op::GreaterEqual, low.lowest()));
    if (!high.wildcard && high.numbers.size() >= 3) out.push_back(term(Op::LessEqual, high.lowest()));
    else if (!high.numbers.empty()) out.push_back(term(Op::Less, high.next_at(high.numbers.size() - 1) + "-0"));
    if (out.empty()) out.push_back(term(Op::Any));
    return out;
}

Conjunction semver_comparison(std::string_view token, const SemverSyntax& syntax, std::string_view type,
                              const Failure& fail) {
    static constexpr std::string_view kOperators[] = {"~>", ">=", "<=", "==", "!=", "<>", ">", "<", "=", "~", "^"};
    auto [op, version] = split_operator(token, kOperators);
    const bool composer = type == "composer";
    if ((op == "~>" && type != "npm") || ((op == "==" || op == "!=" || op == "<>") && !composer))
        fail("operator " + quote(op) + " is not " + std::string(type) + " syntax");
    if (composer) version = version.substr(0, version.find('@'));  // "@beta": a stability flag, not a version
    if (version.empty()) fail(quote(token) + " has no version");
    if (composer && version.substr(0, 4) == "dev-") return {term(op_named(op), std::string(version))};  // a branch
    const Partial partial = parse_partial(version, syntax, fail);
    if (op == "~" || op == "~>") return tilde(partial, syntax);
    if (op == "^" || (op.empty() && syntax.bare_is_caret)) return caret(partial);
    return compare_partial(op_named(op), partial, syntax, fail);
}

}  // namespace

Disjunction parse_semver_family(std::string_view type, std::string_view text, const Failure& fail) {
    const SemverSyntax syntax = type == "composer" ? SemverSyntax{4, false, false, true}
                                : type == "cargo"  ? SemverSyntax{3, true, true, false}
                                                   : SemverSyntax{3, true, false, false};
    Disjunction out;
    for (const std::string_view alternative : alternatives_of(text, type == "composer", fail)) {
        const std::vector<std::string> tokens = comparison_tokens(alternative, type != "npm", fail);
        Conjunction terms;
        if (tokens.size() == 3 && tokens[1] == "-" && type != "cargo") {
            terms = hyphen(parse_partial(tokens[0], syntax, fail), parse_partial(tokens[2], syntax, fail));
        } else {
            for (const std::string& token : tokens) {
                if (token == "-") fail("a hyphen range needs exactly one version on each side of \" - \"");
                const Conjunction more = semver_comparison(token, syntax, type, fail);
                terms.insert(terms.end(), more.begin(), more.end());
            }
        }
        out.push_back(std::move(terms));
    }
    return out;
}

// Whether `version` is a semver pre-release, and its "x.y.z".
std::pair<std::string_view, bool> semver_release(std::string_view version) {
    version = trim(version);
    while (!version.empty() && (version.front() == 'v' || version.front() == '=')) version.remove_prefix(1);
    version = version.substr(0, version.find('+'));
    const std::size_t dash = version.find('-');
    return {version.substr(0, dash), dash != std::string_view::npos};
}

}  // namespace bomwatch::policy::range_detail
