// What the pieces of VersionRange share (version_range*.cpp): text helpers, the one parse error,
// the tokenisers, and each native syntax's parser. Internal to the policy library.
#pragma once

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/version_range.h"
#include "sbom/version.h"

namespace bomwatch::policy::range_detail {

using sbom::compare_versions;
using sbom::VersionScheme;
using Op = VersionConstraint::Op;
using Conjunction = std::vector<Term>;
using Disjunction = std::vector<Conjunction>;

inline constexpr std::size_t kMaxNumberDigits = 15;  // a number we add one to stays far from overflow

inline bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }
inline bool is_zero(std::string_view digits) { return std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; }); }
inline bool has_any(std::string_view s, std::string_view chars) { return s.find_first_of(chars) != std::string_view::npos; }

std::string lowercase(std::string_view s);
std::string_view trim(std::string_view s);
// For an error message: one line, control bytes escaped, long text cut.
std::string printable(std::string_view text);
std::string quote(std::string_view text);

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

inline Term term(Op op, std::string version = {}) { return Term{VersionConstraint{op, std::move(version)}, false}; }
inline bool is_lower_bound(Op op) { return op == Op::Greater || op == Op::GreaterEqual; }
inline bool is_upper_bound(Op op) { return op == Op::Less || op == Op::LessEqual; }

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
std::vector<std::string_view> split(std::string_view s, std::string_view separator);
// Alternatives separated by "||" (and a single "|" when `single_pipe`), each trimmed, none empty.
std::vector<std::string_view> alternatives_of(std::string_view text, bool single_pipe, const Failure& fail);
// Comparisons separated by spaces (and commas when `commas`); a bare operator is joined to the
// version after it, so "< 2.0" is one comparison.
std::vector<std::string> comparison_tokens(std::string_view s, bool commas, const Failure& fail);

// Splits a leading operator from `token` (the first listed match wins, so list longer ones first).
template <std::size_t N>
std::pair<std::string_view, std::string_view> split_operator(std::string_view token,
                                                             const std::string_view (&operators)[N]) {
    for (const std::string_view op : operators)
        if (token.substr(0, op.size()) == op) return {op, trim(token.substr(op.size()))};
    return {{}, token};
}

Op op_named(std::string_view op);  // "<", "<<", ">=", ...; "" and "=" are Equal
bool order_satisfies(int order, Op op);

// ---- node-semver and its relatives (version_range_semver.cpp); NuGet's "1.2.*" borrows them.

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

Partial parse_partial(std::string_view text, const SemverSyntax& syntax, const Failure& fail);
Disjunction parse_semver_family(std::string_view type, std::string_view text, const Failure& fail);
// Whether `version` is a semver pre-release, and its "x.y.z".
std::pair<std::string_view, bool> semver_release(std::string_view version);

// ---- PEP 440 (version_range_pep440.cpp).

Disjunction parse_pep440(std::string_view text, const Failure& fail);
// PEP 440's exclusive comparisons and local versions, on top of the order.
bool pep440_satisfies(const VersionConstraint& c, std::string_view version);

// ---- RubyGems, NuGet and Maven intervals, comparison lists (version_range_intervals.cpp).

Disjunction parse_gem(std::string_view text, const Failure& fail);
// Maven's "[1.0,2.0),[3.0,)" (several intervals) or NuGet's single one; `bare` handles a version
// without brackets.
using BareVersion = Conjunction (*)(std::string_view, const Failure&);
Disjunction parse_intervals(std::string_view text, bool several, VersionScheme scheme, BareVersion bare,
                            const Failure& fail);
Conjunction maven_bare(std::string_view version, const Failure& fail);
Conjunction nuget_bare(std::string_view version, const Failure& fail);
// "<< 2.0, >= 1.2 | = 3.0": deb, rpm, apk, alpm, golang and any other type.
Disjunction parse_comparisons(std::string_view type, std::string_view text, const Failure& fail);

// ---- vers URIs (version_range_vers.cpp).

// The constraint list of a vers URI as an OR of ANDs, by the spec's containment algorithm.
Disjunction parse_vers_constraints(std::string_view constraints, VersionScheme scheme, const Failure& fail);

}  // namespace bomwatch::policy::range_detail
