// Version ranges: RubyGems requirements, NuGet and Maven intervals, and the comparison lists of
// distros, Go and the rest.
//
// Choices worth knowing:
// - Maven's bare "1.0" is a soft requirement ("prefer 1.0, take anything"); here it means exactly
//   1.0, because a policy entry that allowed every version would silently cover everything.
// - NuGet's bare "1.0" is ">=1.0", as NuGet documents; "1.2.*" floats within 1.2.
// - Debian's obsolete "<" and ">" (which meant <= and >=) are refused instead of guessed.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/version_range_detail.h"

namespace bomwatch::policy::range_detail {
namespace {

bool is_gem_version(std::string_view v) {
    return !v.empty() && is_digit(v.front()) &&
           std::all_of(v.begin(), v.end(), [](char c) { return is_alnum(c) || c == '.' || c == '-'; });
}

// RubyGems' Version#bump: drop text segments and the last number, then move the new last up.
std::string gem_bump(std::string_view version, const Failure& fail) {
    std::vector<std::string> numbers;
    for (std::size_t i = 0; i < version.size() && is_digit(version[i]);) {
        const std::size_t end = std::min(version.size(), version.find_first_not_of("0123456789", i));
        if (end - i > kMaxNumberDigits) fail(quote(version) + " has a number too long to compare");
        numbers.emplace_back(version.substr(i, end - i));
        i = end < version.size() && version[end] == '.' ? end + 1 : version.size();
    }
    if (numbers.size() > 1) numbers.pop_back();
    numbers.back() = std::to_string(std::stoull(numbers.back()) + 1);
    std::string out;
    for (const std::string& n : numbers) out += (out.empty() ? "" : ".") + n;
    return out;
}

// One interval "[1.0,2.0)", "(,1.0]", "[1.0]" given its brackets and the text between them.
Conjunction parse_interval(char open, std::string_view inside, char close, VersionScheme scheme, const Failure& fail) {
    const std::string interval = open + std::string(inside) + close;
    const auto valid = [](std::string_view v) { return !has_any(v, "[](), \t"); };
    const std::size_t comma = inside.find(',');
    if (comma == std::string_view::npos) {
        const std::string_view version = trim(inside);
        if (open != '[' || close != ']' || version.empty() || !valid(version))
            fail(quote(interval) + ": a single version is written \"[1.0]\"");
        return {term(Op::Equal, std::string(version))};
    }
    const std::string_view low = trim(inside.substr(0, comma)), high = trim(inside.substr(comma + 1));
    if ((low.empty() && high.empty()) || !valid(low) || !valid(high))
        fail(quote(interval) + " is not an interval such as \"[1.0,2.0)\"");
    Conjunction terms;
    if (!low.empty()) terms.push_back(term(open == '[' ? Op::GreaterEqual : Op::Greater, std::string(low)));
    if (!high.empty()) terms.push_back(term(close == ']' ? Op::LessEqual : Op::Less, std::string(high)));
    if (!low.empty() && !high.empty()) {
        const int order = compare_versions(scheme, low, high);
        if (order > 0 || (order == 0 && (open != '[' || close != ']'))) fail(quote(interval) + " contains no version");
    }
    return terms;
}

}  // namespace

Disjunction parse_gem(std::string_view text, const Failure& fail) {
    static constexpr std::string_view kOperators[] = {"~>", ">=", "<=", "!=", ">", "<", "="};
    Conjunction terms;
    for (std::string_view requirement : split(text, ",")) {
        requirement = trim(requirement);
        const auto [op, version] = split_operator(requirement, kOperators);
        if (!is_gem_version(version)) fail(quote(requirement) + " is not a RubyGems requirement");
        if (op != "~>") {
            terms.push_back(term(op_named(op), std::string(version)));
            continue;
        }
        terms.push_back(term(Op::GreaterEqual, std::string(version)));
        terms.push_back(term(Op::Less, gem_bump(version, fail)));
    }
    return {terms};
}

Disjunction parse_intervals(std::string_view text, bool several, VersionScheme scheme, BareVersion bare,
                            const Failure& fail) {
    if (text.front() != '[' && text.front() != '(') return {bare(text, fail)};
    Disjunction out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t close_at = text.find_first_of("])", i + 1);
        if (text[i] != '[' && text[i] != '(') fail("expected \"[\" or \"(\" at " + quote(text.substr(i)));
        if (close_at == std::string_view::npos) fail("an interval is not closed with \"]\" or \")\"");
        out.push_back(parse_interval(text[i], text.substr(i + 1, close_at - i - 1), text[close_at], scheme, fail));
        i = close_at + 1;
        while (i < text.size() && is_space(text[i])) ++i;
        if (i == text.size()) break;
        if (!several || text[i] != ',') fail("unexpected " + quote(text.substr(i)) + " after an interval");
        ++i;
        while (i < text.size() && is_space(text[i])) ++i;
        if (i == text.size()) fail("a comma with no interval after it");
    }
    return out;
}

Conjunction maven_bare(std::string_view version, const Failure& fail) {
    if (has_any(version, "[](), \t")) fail(quote(version) + " is neither a version nor an interval");
    return {term(Op::Equal, std::string(version))};  // a soft requirement, taken as exactly this version
}

Conjunction nuget_bare(std::string_view version, const Failure& fail) {
    if (has_any(version, "[](), \t")) fail(quote(version) + " is neither a version nor an interval");
    if (version == "*") return {term(Op::Any)};
    if (version.size() < 3 || version.substr(version.size() - 2) != ".*") {
        if (has_any(version, "*")) fail(quote(version) + ": only a whole last number may float (\"1.2.*\")");
        return {term(Op::GreaterEqual, std::string(version))};
    }
    const SemverSyntax syntax{4, true, false, false};
    const Partial partial = parse_partial(version, syntax, fail);
    return {term(Op::GreaterEqual, partial.lowest()), term(Op::Less, partial.next_at(partial.numbers.size() - 1) + "-0")};
}

// "<< 2.0, >= 1.2 | = 3.0": deb, rpm, apk, alpm, golang and any other type.
Disjunction parse_comparisons(std::string_view type, std::string_view text, const Failure& fail) {
    static constexpr std::string_view kOperators[] = {">=", "<=", ">>", "<<", "==", "!=", ">", "<", "="};
    Disjunction out;
    for (const std::string_view alternative : alternatives_of(text, true, fail)) {
        Conjunction terms;
        for (const std::string& token : comparison_tokens(alternative, true, fail)) {
            const auto [op, version] = split_operator(token, kOperators);
            if (type == "deb" && (op == "<" || op == ">"))
                fail("Debian's \"" + std::string(op) + "\" is ambiguous (it once meant \"" + std::string(op) +
                     "=\"): write \"" + std::string(op) + std::string(op) + "\" or \"" + std::string(op) + "=\"");
            if (version == "*" && op.empty()) {
                terms.push_back(term(Op::Any));
                continue;
            }
            if (version.empty() || has_any(version, "<>=!*|,"))
                fail(quote(token) + " is not a comparison such as \">= 1.2\"");
            std::string written;
            if (type == "golang" && is_digit(version.front())) written += 'v';  // Go versions start with v
            written += version;
            terms.push_back(term(op_named(op), std::move(written)));
        }
        out.push_back(std::move(terms));
    }
    return out;
}

}  // namespace bomwatch::policy::range_detail
