// Version ranges, PEP 440 (pypi): specifiers, and the rules contains() applies beyond the order
// ("<V" skips V's pre-releases, ">V" its post and local releases, "==V" ignores +local).
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/version_range_detail.h"

namespace bomwatch::policy::range_detail {
namespace {

constexpr std::size_t kMaxAlternatives = 256;  // pypi's "!=1.2.*" clauses multiply alternatives

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

}  // namespace

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

}  // namespace bomwatch::policy::range_detail
