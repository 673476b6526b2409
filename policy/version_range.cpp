// Version ranges: one small parser per native syntax, each producing an OR of ANDs of comparisons
// that contains() checks with sbom::compare_versions (the one version order of the project).
//
// Choices worth knowing:
// - npm and cargo desugar as node-semver does ("^1.2" is ">=1.2.0 <2.0.0-0") and keep its
//   pre-release rule; cargo's bare "1.2" is "^1.2". composer's "1.2" is exactly 1.2.0 and its
//   "~1.2" is ">=1.2.0 <2.0.0-0", as Composer documents.
// - Maven's bare "1.0" is a soft requirement ("prefer 1.0, take anything"); here it means exactly
//   1.0, because a policy entry that allowed every version would silently cover everything.
// - NuGet's bare "1.0" is ">=1.0", as NuGet documents; "1.2.*" floats within 1.2.
// - Debian's obsolete "<" and ">" (which meant <= and >=) are refused instead of guessed.
// - vers URIs follow the spec: sorted, a repeated version is an error, redundant constraints are
//   simplified; a list of only "!=" constraints means every version but those.
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

namespace bomwatch::policy {

using range_detail::Rules;
using range_detail::Term;
using sbom::compare_versions;
using sbom::VersionScheme;
using Op = VersionConstraint::Op;
using Conjunction = std::vector<Term>;
using Disjunction = std::vector<Conjunction>;

namespace {

constexpr std::size_t kMaxTextLength = 4096;
constexpr std::size_t kMaxAlternatives = 256;  // pypi's "!=1.2.*" clauses multiply alternatives
constexpr std::size_t kMaxNumberDigits = 15;   // a number we add one to stays far from overflow

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }
bool is_zero(std::string_view digits) { return std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; }); }
bool has_any(std::string_view s, std::string_view chars) { return s.find_first_of(chars) != std::string_view::npos; }

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

// For an error message: one line, control bytes escaped, long text cut.
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

std::string quote(std::string_view text) { return "\"" + printable(text) + "\""; }

// Raises the one error parse() promises: `npm range "^1.x.y.z": "1.x.y.z" has more than 3 numbers`.
class Failure {
public:
    Failure(std::string_view syntax, std::string_view text) : syntax_(printable(syntax)), text_(text) {}
    [[noreturn]] void operator()(const std::string& problem) const {
        throw std::invalid_argument(syntax_ + " range " + quote(text_) + ": " + problem);
    }

private:
    std::string syntax_;
    std::string_view text_;
};

Term term(Op op, std::string version = {}) { return Term{VersionConstraint{op, std::move(version)}, false}; }
bool is_lower_bound(Op op) { return op == Op::Greater || op == Op::GreaterEqual; }
bool is_upper_bound(Op op) { return op == Op::Less || op == Op::LessEqual; }

// Sorts by version with a bottom-up merge sort: O(n log n) comparisons, stable, and safe for the
// two orders that are not total (Maven, Alpm), where std::sort's contract would break.
template <class T, class VersionOf>
void sort_by_version(std::vector<T>& items, VersionScheme scheme, VersionOf version_of) {
    std::vector<T> merged(items.size());
    for (std::size_t width = 1; width < items.size(); width *= 2) {
        for (std::size_t low = 0; low < items.size(); low += 2 * width) {
            const std::size_t middle = std::min(low + width, items.size()), high = std::min(low + 2 * width, items.size());
            std::size_t left = low, right = middle, out = low;
            while (left < middle && right < high)
                merged[out++] = std::move(compare_versions(scheme, version_of(items[right]), version_of(items[left])) < 0
                                              ? items[right++] : items[left++]);
            while (left < middle) merged[out++] = std::move(items[left++]);
            while (right < high) merged[out++] = std::move(items[right++]);
        }
        items.swap(merged);
    }
}

// Pieces of `s` between separators; empty pieces are kept so callers can refuse them.
std::vector<std::string_view> split(std::string_view s, std::string_view separator) {
    std::vector<std::string_view> pieces;
    for (std::size_t at = s.find(separator); at != std::string_view::npos; at = s.find(separator)) {
        pieces.push_back(s.substr(0, at));
        s.remove_prefix(at + separator.size());
    }
    pieces.push_back(s);
    return pieces;
}

// Alternatives separated by "||" (and a single "|" when `single_pipe`), each trimmed, none empty.
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

// Comparisons separated by spaces (and commas when `commas`); a bare operator is joined to the
// version after it, so "< 2.0" is one comparison.
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

// Splits a leading operator from `token` (the first listed match wins, so list longer ones first).
template <std::size_t N>
std::pair<std::string_view, std::string_view> split_operator(std::string_view token,
                                                             const std::string_view (&operators)[N]) {
    for (const std::string_view op : operators)
        if (token.substr(0, op.size()) == op) return {op, trim(token.substr(op.size()))};
    return {{}, token};
}

Op op_named(std::string_view op) {
    if (op == "<" || op == "<<") return Op::Less;
    if (op == "<=") return Op::LessEqual;
    if (op == ">" || op == ">>") return Op::Greater;
    if (op == ">=") return Op::GreaterEqual;
    if (op == "!=" || op == "<>") return Op::NotEqual;
    return Op::Equal;  // "", "=", "=="
}

// ------------------------------------------------------------------------------------------------
// node-semver and its relatives (npm, cargo, composer).

struct SemverSyntax {
    std::size_t max_numbers;   // 3, or 4 for composer's "1.0.0.0"
    bool missing_is_wildcard;  // npm, cargo: "1.2" is "1.2.x"; composer: "1.2" is "1.2.0"
    bool bare_is_caret;        // cargo
    bool composer_tilde;       // composer: "~1.2" allows 1.x from 1.2 on
};

// "1.2.3-beta", "1.2", "1.x", "*": the numbers given before any wildcard, and a pre-release.
struct Partial {
    std::vector<std::string> numbers;
    bool wildcard = false;
    std::string prerelease;

    std::size_t width() const { return std::max<std::size_t>(3, numbers.size()); }
    // The lowest version with these numbers: missing ones are zero.
    std::string lowest() const {
        std::string out;
        for (std::size_t i = 0; i < width(); ++i) out += (i ? "." : "") + (i < numbers.size() ? numbers[i] : "0");
        return prerelease.empty() ? out : out + "-" + prerelease;
    }
    // The first version after every one whose number at `index` is this one: (1.2.3, 1) gives 1.3.0.
    std::string next_at(std::size_t index) const {
        std::string out;
        for (std::size_t i = 0; i < width(); ++i) {
            const std::string number = i < index ? numbers[i] : i == index ? std::to_string(std::stoull(numbers[i]) + 1) : "0";
            out += (i ? "." : "") + number;
        }
        return out;
    }
};

bool is_identifier_text(std::string_view s) {  // semver pre-release / build: [0-9A-Za-z.-]+
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '.' || c == '-'; });
}

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

// ------------------------------------------------------------------------------------------------
// PEP 440 (pypi).

// What contains() needs to know about a PEP 440 version beyond its order.
struct Pep440Shape {
    std::string base;           // epoch and release: "1!2.0"
    std::string_view public_part;  // without "+local"
    bool prerelease = false;    // a, b, rc or dev
    bool postrelease = false;
    bool local = false;
};

Pep440Shape pep440_shape(std::string_view version) {
    Pep440Shape shape;
    const std::size_t plus = version.find('+');
    shape.local = plus != std::string_view::npos;
    shape.public_part = trim(version.substr(0, plus));
    std::string s = lowercase(shape.public_part);
    if (!s.empty() && s.front() == 'v') s.erase(0, 1);
    std::size_t i = s.find('!') == std::string::npos ? 0 : s.find('!') + 1;
    while (i < s.size() && (is_digit(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])))) ++i;
    shape.base = s.substr(0, i);
    for (std::size_t at = i; at < s.size();) {
        std::size_t end = at;
        while (end < s.size() && s[end] >= 'a' && s[end] <= 'z') ++end;
        const std::string_view word = std::string_view(s).substr(at, end - at);
        if (word == "dev" || word == "a" || word == "alpha" || word == "b" || word == "beta" || word == "c" ||
            word == "rc" || word == "pre" || word == "preview")
            shape.prerelease = true;
        const bool implicit_post = at == i && s[at] == '-' && at + 1 < s.size() && is_digit(s[at + 1]);  // "1.0-1"
        if (word == "post" || word == "rev" || word == "r" || implicit_post) shape.postrelease = true;
        at = std::max(end, at + 1);
    }
    return shape;
}

// "1!2.3.4" with `keep` release numbers, the last of them moved up, as the first dev release:
// "1!2.4.dev0". For "~=" and "==V.*".
std::string pep440_next_prefix(std::string_view version, std::size_t keep) {
    const std::size_t bang = version.find('!');
    const std::size_t start = bang == std::string_view::npos ? 0 : bang + 1;
    std::vector<std::string_view> numbers = split(version.substr(start), ".");
    numbers.resize(keep);
    std::string out(version.substr(0, start));
    for (std::size_t i = 0; i < keep; ++i) {
        const std::string number(numbers[i]);
        out += (i ? "." : "") + (i + 1 < keep ? number : std::to_string(std::stoull(number) + 1));
    }
    return out + ".dev0";
}

// The release numbers of a version ("1!2.3rc1" has 2), or 0 when one is too long to move up.
std::size_t pep440_release_count(std::string_view version) {
    const std::size_t bang = version.find('!');
    std::string_view s = version.substr(bang == std::string_view::npos ? 0 : bang + 1);
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size() && is_digit(s[i]); ++count) {
        const std::size_t end = std::min(s.size(), s.find_first_not_of("0123456789", i));
        if (end - i > kMaxNumberDigits) return 0;
        i = end < s.size() && s[end] == '.' ? end + 1 : s.size();
    }
    return count;
}

Disjunction parse_pep440(std::string_view text, const Failure& fail) {
    static constexpr std::string_view kOperators[] = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
    Disjunction out{Conjunction{}};
    for (std::string_view clause : split(text, ",")) {
        clause = trim(clause);
        auto [op, version] = split_operator(clause, kOperators);
        if (clause.empty()) fail("an empty specifier between commas");
        if (op.empty()) fail(quote(clause) + " needs an operator (==, !=, <=, >=, <, >, ~= or ===)");
        if (version.empty() || has_any(version, " \t<>=~,|")) fail(quote(clause) + " has no valid version");
        const bool prefix = version.size() > 2 && version.substr(version.size() - 2) == ".*";
        const std::string_view release = prefix ? version.substr(0, version.size() - 2) : version;
        if (prefix && op != "==" && op != "!=") fail(quote(clause) + ": \".*\" only goes with == and !=");
        const std::size_t numbers = pep440_release_count(release);
        if (prefix && (numbers == 0 || release.find_first_not_of("0123456789.!") != std::string_view::npos))
            fail(quote(clause) + ": only release numbers may come before \".*\"");
        if (op != "===" && numbers == 0) fail(quote(clause) + " has no valid version");

        // Each clause is a small OR of ANDs; the running result is multiplied out with it.
        Disjunction choices;
        if (op == "===") choices = {{Term{VersionConstraint{Op::Equal, std::string(version)}, true}}};
        else if (op == "~=") {
            if (numbers < 2) fail(quote(clause) + ": \"~=\" needs at least two release numbers");
            const std::string next = pep440_next_prefix(version, numbers - 1);
            choices = {{term(Op::GreaterEqual, std::string(version)), term(Op::Less, next)}};
        } else if (prefix) {
            const std::string low = std::string(release) + ".dev0", high = pep440_next_prefix(release, numbers);
            choices = op == "==" ? Disjunction{{term(Op::GreaterEqual, low), term(Op::Less, high)}}
                                 : Disjunction{{term(Op::Less, low)}, {term(Op::GreaterEqual, high)}};
        } else choices = {{term(op_named(op), std::string(version))}};

        Disjunction product;
        for (const Conjunction& left : out)
            for (const Conjunction& right : choices) {
                product.push_back(left);
                product.back().insert(product.back().end(), right.begin(), right.end());
            }
        if (product.size() > kMaxAlternatives) fail("too many \"!= V.*\" clauses");
        out = std::move(product);
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// RubyGems, NuGet and Maven intervals, and the comparison lists of distros, Go and the rest.

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

// Maven's "[1.0,2.0),[3.0,)" (several intervals) or NuGet's single one; `bare` handles a version
// without brackets.
using BareVersion = Conjunction (*)(std::string_view, const Failure&);

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
            std::string written(version);
            if (type == "golang" && is_digit(written.front())) written.insert(0, "v");  // Go versions start with v
            terms.push_back(term(op_named(op), std::move(written)));
        }
        out.push_back(std::move(terms));
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// vers URIs.

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

// ------------------------------------------------------------------------------------------------
// Matching.

// Whether `version` is a semver pre-release, and its "x.y.z".
std::pair<std::string_view, bool> semver_release(std::string_view version) {
    version = trim(version);
    while (!version.empty() && (version.front() == 'v' || version.front() == '=')) version.remove_prefix(1);
    version = version.substr(0, version.find('+'));
    const std::size_t dash = version.find('-');
    return {version.substr(0, dash), dash != std::string_view::npos};
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

// PEP 440's exclusive comparisons and local versions, on top of the order.
bool pep440_satisfies(const VersionConstraint& c, std::string_view version) {
    const Pep440Shape candidate = pep440_shape(version), bound = pep440_shape(c.version);
    const auto same_base = [&] { return compare_versions(VersionScheme::Pep440, candidate.base, bound.base) == 0; };
    switch (c.op) {
        case Op::Less:
            return compare_versions(VersionScheme::Pep440, version, c.version) < 0 &&
                   !(candidate.prerelease && !bound.prerelease && same_base());
        case Op::Greater:
            return compare_versions(VersionScheme::Pep440, version, c.version) > 0 &&
                   !(candidate.postrelease && !bound.postrelease && same_base()) && !(candidate.local && same_base());
        default: {
            const std::string_view compared = bound.local ? version : candidate.public_part;
            return order_satisfies(compare_versions(VersionScheme::Pep440, compared, c.version), c.op);
        }
    }
}

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
