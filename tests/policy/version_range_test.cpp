// Version ranges: the shared univers data (native range to vers, and containment), hand-written
// cases for every syntax, error messages, and robustness against any input.
#include "policy/version_range.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using bomwatch::policy::VersionRange;
using nlohmann::json;

const std::filesystem::path kVersionTestDir = std::filesystem::path(BOMWATCH_SHARED_DIR) / "version-tests";

json load(const std::string& file_name) {
    std::ifstream in(kVersionTestDir / file_name);
    if (!in) {
        ADD_FAILURE() << "cannot open " << (kVersionTestDir / file_name);
        return json::array();
    }
    return json::parse(in);
}

// The message parse() throws, or "" when it does not throw.
std::string parse_error(std::string_view type, std::string_view text) {
    try {
        (void)VersionRange::parse(type, text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return {};
}

// ------------------------------------------------------------------------------------------------
// Sample versions for comparing two ranges as sets: every x.y.z either text names, and its
// neighbours one step up and down at each position.

std::vector<std::string> sample_versions(const std::vector<std::string>& texts) {
    static const std::regex kVersion(R"((\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.]+)?)");
    std::set<std::string> samples{"0.0.0", "0.0.1", "1000.0.0"};
    for (const std::string& text : texts) {
        for (auto it = std::sregex_iterator(text.begin(), text.end(), kVersion); it != std::sregex_iterator(); ++it) {
            const auto number = [&](int group) { return (*it)[group].matched ? std::stol((*it)[group].str()) : 0L; };
            const long major = number(1), minor = number(2), patch = number(3);
            const auto add = [&](long a, long b, long c) {
                if (a >= 0 && b >= 0 && c >= 0)
                    samples.insert(std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c));
            };
            if ((*it)[4].matched && (*it)[3].matched) samples.insert((*it)[0].str());  // a pre-release as written
            for (const long step : {-1L, 0L, 1L}) {
                add(major, minor, patch + step);
                add(major, minor + step, 0);
                add(major, minor + step, patch);
                add(major + step, 0, 0);
            }
        }
    }
    return {samples.begin(), samples.end()};
}

// The samples on which two ranges disagree, as text ("" when they agree on all).
std::string disagreements(const VersionRange& a, const VersionRange& b, const std::vector<std::string>& samples) {
    std::string out;
    for (const std::string& v : samples)
        if (a.contains(v) != b.contains(v)) out += " " + v + (a.contains(v) ? " (only in the first)" : " (only in the second)");
    return out;
}

// ------------------------------------------------------------------------------------------------
// univers' native-to-vers data. A case passes when to_vers() is the expected text, or else when
// the expected vers (read with our vers parser) and the native range agree on every sample.

struct Skip {
    std::string_view native;
    std::string_view reason;
};

// Where univers' expected vers contradicts node-semver (and the rest of its own data).
constexpr Skip kNpmSkips[] = {
    {"1.1.2 1.2.2", "space is AND in node-semver (as elsewhere in this data): no version is both; univers ORs"},
    {"2.1 || 2.6", "a partial \"2.1\" is \"2.1.x\" in node-semver (as \"1.2.x\" is in this data); univers pins 2.1.0"},
    {"<= 1.0", "node-semver reads \"<=1.0\" as <1.1.0-0 (1.0.5 is in); univers writes <=1.0.0"},
    {"<=2.1 >=1.1", "node-semver reads \"<=2.1\" as <2.2.0-0 (2.1.5 is in); univers writes <=2.1.0"},
    {">= 1.x", "node-semver reads \">=1.x\" as >=1.0.0 (3.0.0 is in); univers adds <2.0.0"},
    {">= 2.2.x", "node-semver reads \">=2.2.x\" as >=2.2.0 (3.0.0 is in); univers adds <2.3.0"},
    {">=5.0.3 >=4.2.1", "space is AND in node-semver: >=5.0.3; univers' \">=4.2.1|>=5.0.3\" is >=4.2.1 by the vers spec"},
    {"2.0.x || 2.1.x", "expected vers repeats 2.1.0, which the vers spec forbids"},
    {">= 5.2.1 <= 6.0.0 || >=6.0.0 <= 6.0.2", "expected vers repeats 6.0.0, which the vers spec forbids"},
    {">= 0.2.0 <= 0.9.6 || ~0.8.0-pre", "expected vers repeats 0.8.0, which the vers spec forbids"},
    {"^2.0.18 || ^3.0.16 || ^3.1.6 || ^4.0.8 || ^5.0.0-beta.5",
     "expected vers repeats 4.0.0, which the vers spec forbids (and drops 3.0.16 to 3.1.5)"},
};

struct FromNativeResult {
    std::size_t exact = 0, as_sets = 0, skipped = 0;
    std::set<std::string_view> skips_used;
};

FromNativeResult check_from_native(const std::string& file_name, std::string_view type, const std::vector<Skip>& skips) {
    FromNativeResult result;
    const json data = load(file_name);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::string native = data[i].at("input").at("native_range").get<std::string>();
        const std::string expected = data[i].at("expected_output").get<std::string>();
        EXPECT_EQ(data[i].at("input").at("scheme").get<std::string>(), type) << file_name << " case " << i;
        SCOPED_TRACE(file_name + " case " + std::to_string(i) + ": \"" + native + "\" -> " + expected);
        const auto skip = std::find_if(skips.begin(), skips.end(), [&](const Skip& s) { return s.native == native; });

        std::string problem;
        try {
            const VersionRange range = VersionRange::parse(type, native);
            const std::string vers = range.to_vers();
            // Whatever the data says, our own vers must denote our own range.
            const std::string round_trip =
                disagreements(range, VersionRange::parse(type, vers), sample_versions({native, vers}));
            EXPECT_EQ(round_trip, "") << "to_vers() = " << vers << " is not the parsed range";
            if (vers == expected) {
                ++result.exact;
            } else {
                // Samples from what the data wrote: our "<2.0.0-0" bounds and its "<2.0.0" differ only
                // on x.y.z-0 pre-releases, which npm's pre-release rule keeps out of both.
                const std::string differ =
                    disagreements(range, VersionRange::parse(type, expected), sample_versions({native, expected}));
                if (differ.empty()) ++result.as_sets;
                else problem = "to_vers() = " + vers + "; differs from the expected on" + differ;
            }
        } catch (const std::invalid_argument& e) {
            problem = e.what();
        }
        if (skip != skips.end()) {
            EXPECT_NE(problem, "") << "skipped case passes now; drop it from the skip list (" << skip->reason << ")";
            ++result.skipped;
            result.skips_used.insert(skip->native);
        } else {
            EXPECT_EQ(problem, "");
        }
    }
    EXPECT_EQ(result.exact + result.as_sets + result.skipped, data.size());
    std::cout << file_name << ": " << data.size() << " cases, " << result.exact << " exact, " << result.as_sets
              << " equal as sets, " << result.skipped << " skipped\n";
    return result;
}

TEST(VersionRangeData, NpmFromNative) {
    const FromNativeResult result = check_from_native("npm_range_from_native.json", "npm", {std::begin(kNpmSkips), std::end(kNpmSkips)});
    EXPECT_EQ(result.skips_used.size(), std::size(kNpmSkips)) << "a skip names no case of the data";
    EXPECT_GT(result.exact, 800u);  // most of the data is plain comparators, which must come out as written
}

TEST(VersionRangeData, PypiNugetGemFromNative) {
    EXPECT_EQ(check_from_native("pypi_range_from_native.json", "pypi", {}).exact, 3u);
    EXPECT_EQ(check_from_native("nuget_range_from_native.json", "nuget", {}).exact, 1u);
    EXPECT_EQ(check_from_native("gem_range_from_native.json", "gem", {}).exact, 1u);
}

TEST(VersionRangeData, Containment) {
    for (const std::string file_name : {"npm_range_containment.json", "pypi_range_containment.json"}) {
        const json data = load(file_name);
        EXPECT_FALSE(data.empty()) << file_name;
        for (const json& item : data) {
            const std::string vers = item.at("input").at("vers").get<std::string>();
            const std::string version = item.at("input").at("version").get<std::string>();
            // No purl type: the vers URI's own scheme decides.
            EXPECT_EQ(VersionRange::parse("", vers).contains(version), item.at("expected_output").get<bool>())
                << file_name << ": " << vers << " contains " << version;
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Hand-written cases: a range, the versions it must contain and those it must not, and its vers.

struct Case {
    std::string_view type;
    std::string_view range;
    std::vector<std::string_view> in;
    std::vector<std::string_view> out;
    std::string_view vers;  // expected to_vers(), or empty to leave unchecked
};

void check_cases(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.type) + " range \"" + std::string(c.range) + "\"");
        try {
            const VersionRange range = VersionRange::parse(c.type, c.range);
            EXPECT_EQ(range.text(), c.range);
            for (const std::string_view v : c.in) EXPECT_TRUE(range.contains(v)) << v << " should be in";
            for (const std::string_view v : c.out) EXPECT_FALSE(range.contains(v)) << v << " should be out";
            if (!c.vers.empty()) {
                EXPECT_EQ(range.to_vers(), c.vers);
            }
        } catch (const std::invalid_argument& e) {
            ADD_FAILURE() << "threw: " << e.what();
        }
    }
}

TEST(VersionRange, Npm) {
    check_cases({
        {"npm", "^18.2.0", {"18.2.0", "18.99.1"}, {"18.1.9", "19.0.0", "19.0.0-rc.1", "18.3.0-beta"}, "vers:npm/>=18.2.0|<19.0.0-0"},
        {"npm", "^0.2.3", {"0.2.3", "0.2.9"}, {"0.3.0", "0.2.2"}, "vers:npm/>=0.2.3|<0.3.0-0"},
        {"npm", "^0.0.3", {"0.0.3"}, {"0.0.4", "0.0.2"}, "vers:npm/>=0.0.3|<0.0.4-0"},
        {"npm", "^0.0", {"0.0.0", "0.0.9"}, {"0.1.0"}, "vers:npm/>=0.0.0|<0.1.0-0"},
        {"npm", "^1.x", {"1.0.0", "1.9.9"}, {"2.0.0", "0.9.0"}, "vers:npm/>=1.0.0|<2.0.0-0"},
        {"npm", "^1.2.3-beta.2", {"1.2.3-beta.2", "1.2.3-beta.10", "1.2.3", "1.9.0"}, {"1.2.3-beta.1", "1.2.4-beta.3"}, ""},
        {"npm", "~1.2.3", {"1.2.3", "1.2.99"}, {"1.3.0", "1.2.2"}, "vers:npm/>=1.2.3|<1.3.0-0"},
        {"npm", "~1", {"1.0.0", "1.9.0"}, {"2.0.0"}, "vers:npm/>=1.0.0|<2.0.0-0"},
        {"npm", "~> 1.2", {"1.2.0", "1.2.7"}, {"1.3.0"}, "vers:npm/>=1.2.0|<1.3.0-0"},
        {"npm", "1.2.x", {"1.2.0", "1.2.9"}, {"1.3.0", "1.1.9"}, "vers:npm/>=1.2.0|<1.3.0-0"},
        {"npm", "1.X || 3.*", {"1.0.0", "3.4.5"}, {"2.0.0", "4.0.0"}, "vers:npm/>=1.0.0|<2.0.0-0|>=3.0.0|<4.0.0-0"},
        {"npm", "*", {"0.0.0", "99.0.0"}, {"1.0.0-alpha"}, "vers:npm/*"},
        {"npm", "x", {"1.2.3"}, {}, "vers:npm/*"},
        {"npm", ">1.2", {"1.3.0"}, {"1.2.9"}, "vers:npm/>=1.3.0"},
        {"npm", "<=1.2", {"1.2.9"}, {"1.3.0"}, "vers:npm/<1.3.0-0"},
        {"npm", "1.2.3 - 2.3.4", {"1.2.3", "2.3.4"}, {"2.3.5", "1.2.2"}, "vers:npm/>=1.2.3|<=2.3.4"},
        {"npm", "1.2 - 2.3", {"1.2.0", "2.3.9"}, {"2.4.0", "1.1.9"}, "vers:npm/>=1.2.0|<2.4.0-0"},
        {"npm", ">=1.0.0 <2.0.0 || >=3.0.0", {"1.5.0", "3.0.0"}, {"2.5.0", "0.9.0"}, "vers:npm/>=1.0.0|<2.0.0|>=3.0.0"},
        {"npm", "=v1.2.3", {"1.2.3", "v1.2.3"}, {"1.2.4"}, "vers:npm/1.2.3"},
        {"npm", "1.2.3+build.5", {"1.2.3"}, {"1.2.4"}, "vers:npm/1.2.3"},
        {"npm", ">* || <*", {}, {"0.0.0", "1.0.0"}, "vers:npm/<0.0.0-0"},
        {"npm", ">=1.2.3-rc.1 <1.2.3", {"1.2.3-rc.2"}, {"1.2.3", "1.2.2-rc.5"}, ""},
        {"npm", "1.0.0 2.0.0", {}, {"1.0.0", "2.0.0"}, "vers:none/*"},
    });
}

TEST(VersionRange, CargoAndComposer) {
    check_cases({
        {"cargo", "1.2", {"1.2.0", "1.9.0"}, {"2.0.0", "1.1.0"}, "vers:cargo/>=1.2.0|<2.0.0-0"},
        {"cargo", "0.3.1", {"0.3.1", "0.3.9"}, {"0.4.0"}, "vers:cargo/>=0.3.1|<0.4.0-0"},
        {"cargo", "=1.2.3", {"1.2.3"}, {"1.2.4"}, "vers:cargo/1.2.3"},
        {"cargo", ">= 1.2, < 1.5", {"1.2.0", "1.4.9"}, {"1.5.0", "1.1.0"}, "vers:cargo/>=1.2.0|<1.5.0-0"},
        {"cargo", "~1.2", {"1.2.0", "1.2.9"}, {"1.3.0"}, ""},
        {"cargo", "1.*", {"1.0.0", "1.5.0"}, {"2.0.0"}, ""},
        {"cargo", "*", {"3.0.0"}, {}, "vers:cargo/*"},
        {"composer", "^1.2.3", {"1.2.3", "1.9.0"}, {"2.0.0"}, "vers:composer/>=1.2.3|<2.0.0-0"},
        {"composer", "~1.2", {"1.2.0", "1.9.0"}, {"2.0.0", "1.1.0"}, "vers:composer/>=1.2.0|<2.0.0-0"},
        {"composer", "~1.2.3", {"1.2.3", "1.2.9"}, {"1.3.0"}, "vers:composer/>=1.2.3|<1.3.0-0"},
        {"composer", "1.2", {"1.2.0"}, {"1.2.1"}, "vers:composer/1.2.0"},
        {"composer", "1.0.*", {"1.0.0", "1.0.9"}, {"1.1.0"}, "vers:composer/>=1.0.0|<1.1.0-0"},
        {"composer", ">=1.0 <1.1 || >=1.2", {"1.0.5", "1.2.0"}, {"1.1.0"}, "vers:composer/>=1.0.0|<1.1.0|>=1.2.0"},
        {"composer", ">=1.0,<2.0|^3.0", {"1.5.0", "3.1.0"}, {"2.0.0"}, ""},
        {"composer", "!=1.0.1, >=1.0", {"1.0.0", "1.0.2"}, {"1.0.1", "0.9.0"}, "vers:composer/>=1.0.0|!=1.0.1"},
        {"composer", "^1.0@beta", {"1.5.0"}, {"2.0.0"}, ""},
        {"composer", "1.0 - 2.0", {"1.0.0", "2.0.9"}, {"2.1.0"}, "vers:composer/>=1.0.0|<2.1.0-0"},
        {"composer", "v1.2.3.4", {"1.2.3.4"}, {"1.2.3.5"}, "vers:composer/1.2.3.4"},
    });
}

TEST(VersionRange, PypiPep440) {
    check_cases({
        {"pypi", ">=2,<3", {"2", "2.9.1", "2.0.post1"}, {"3.0", "1.9", "3.0rc1"}, "vers:pypi/>=2|<3"},
        {"pypi", "~=2.2", {"2.2", "2.9"}, {"3.0", "2.1", "3.0.dev1"}, "vers:pypi/>=2.2|<3.dev0"},
        {"pypi", "~= 1.4.5", {"1.4.5", "1.4.9"}, {"1.5.0", "1.4.4"}, "vers:pypi/>=1.4.5|<1.5.dev0"},
        {"pypi", "==1.2.*", {"1.2", "1.2.0", "1.2.5", "1.2.post1", "1.2rc1"}, {"1.3", "1.1.9", "1.3.dev0"}, ""},
        {"pypi", "!=1.2.*, >=1", {"1.1", "1.3"}, {"1.2", "1.2.3", "0.9"}, ""},
        {"pypi", "==1.0", {"1.0", "1.0.0", "1.0+local.1"}, {"1.0.1", "1.0.post1"}, "vers:pypi/1.0"},
        {"pypi", "==1.0+local.1", {"1.0+local.1"}, {"1.0", "1.0+local.2"}, ""},
        {"pypi", "!=1.5", {"1.4", "1.6"}, {"1.5", "1.5.0", "1.5+x"}, "vers:pypi/!=1.5"},
        {"pypi", "<2.0", {"1.9", "1.9.post1", "1.9+local"}, {"2.0", "2.0rc1", "2.0.dev1", "2.0a0.dev0", "2.0+local"}, "vers:pypi/<2.0"},
        {"pypi", "<2.0rc2", {"2.0rc1"}, {"2.0rc2", "2.0"}, ""},
        {"pypi", ">1.7", {"1.7.1", "1.8"}, {"1.7", "1.7.post2", "1.7+abc"}, "vers:pypi/>1.7"},
        {"pypi", ">1.7.post2", {"1.7.post3", "1.8"}, {"1.7.post2"}, ""},
        {"pypi", "<=2.0, >=1.0", {"2.0+local", "1.0"}, {"2.0.post1", "0.9"}, ""},
        {"pypi", "===1.0-FOO", {"1.0-foo", "1.0-FOO"}, {"1.0", "1.0-foo2"}, ""},
        {"pypi", ">=1!2.0", {"1!2.0", "1!3.0"}, {"5.0", "1!1.0"}, ""},
        {"pypi", "~=1!2.2", {"1!2.5"}, {"1!3.0", "2.5"}, "vers:pypi/>=1%212.2|<1%213.dev0"},
    });
}

TEST(VersionRange, GemNugetMaven) {
    check_cases({
        {"gem", "~> 2.0.8", {"2.0.8", "2.0.99"}, {"2.1", "2.0.7"}, "vers:gem/>=2.0.8|<2.1"},
        {"gem", "~>3", {"3.0", "3.9"}, {"4.0", "2.9"}, "vers:gem/>=3|<4"},
        {"gem", ">= 1.2, < 2.0, != 1.5.0", {"1.2", "1.9.9"}, {"1.5.0", "2.0", "1.1"}, "vers:gem/>=1.2|!=1.5.0|<2.0"},
        {"gem", "= 1.0.3", {"1.0.3"}, {"1.0.4"}, "vers:gem/1.0.3"},
        {"gem", "1.0.3", {"1.0.3"}, {"1.0.4"}, "vers:gem/1.0.3"},
        {"nuget", "[1.0,2.0)", {"1.0", "1.9.9"}, {"2.0", "0.9"}, "vers:nuget/>=1.0|<2.0"},
        {"nuget", "(,1.0]", {"0.1", "1.0"}, {"1.0.1"}, "vers:nuget/<=1.0"},
        {"nuget", "(1.0,)", {"1.0.1", "9.0"}, {"1.0"}, "vers:nuget/>1.0"},
        {"nuget", "[1.0]", {"1.0", "1.0.0"}, {"1.0.1"}, "vers:nuget/1.0"},
        {"nuget", "1.0", {"1.0", "5.0"}, {"0.9"}, "vers:nuget/>=1.0"},
        {"nuget", "1.2.*", {"1.2.0", "1.2.7"}, {"1.3.0", "1.1.0"}, ""},
        {"nuget", "*", {"1.0"}, {}, "vers:nuget/*"},
        {"maven", "[1.0,2.0)", {"1.0", "1.5", "1.9.9"}, {"2.0", "0.9"}, "vers:maven/>=1.0|<2.0"},
        {"maven", "[1.0]", {"1.0", "1"}, {"1.0.1"}, "vers:maven/1.0"},
        {"maven", "1.0", {"1.0"}, {"1.1", "0.9"}, "vers:maven/1.0"},
        {"maven", "[1.0,2.0), [3.0,)", {"1.5", "3.0", "4.0"}, {"2.0", "2.5"}, "vers:maven/>=1.0|<2.0|>=3.0"},
        {"maven", "(,1.0],[1.2,)", {"1.0", "1.2"}, {"1.1"}, "vers:maven/<=1.0|>=1.2"},
        {"maven", "(1.0,1.2)", {"1.1"}, {"1.0", "1.2"}, "vers:maven/>1.0|<1.2"},
    });
}

TEST(VersionRange, DistrosGolangAndGeneric) {
    check_cases({
        {"deb", ">= 1.2, << 2.0", {"1.2", "1.9-3", "1.2+b1"}, {"2.0", "1.1", "1:0.1", "1.2~rc1"}, ""},
        {"deb", ">> 1.0-1 | = 0.5", {"1.0-2", "0.5"}, {"1.0-1", "0.6"}, "vers:deb/0.5|>1.0-1"},
        {"deb", "<= 2:1.0", {"1:9.9", "2:1.0"}, {"2:1.0-1"}, ""},
        {"rpm", ">= 1.2-3 < 2.0", {"1.2-3", "1.9"}, {"1.2-2", "2.0"}, "vers:rpm/>=1.2-3|<2.0"},
        {"apk", ">=1.2.3-r1", {"1.2.3-r1", "1.2.4"}, {"1.2.3-r0"}, "vers:apk/>=1.2.3-r1"},
        {"alpm", "<< 2.0 || >= 3.0", {"1.9", "3.0"}, {"2.0", "2.5"}, "vers:alpm/<2.0|>=3.0"},
        {"golang", ">=v1.2.0, <v1.3.0", {"v1.2.0", "v1.2.9"}, {"v1.3.0", "v1.1.0"}, "vers:golang/>=v1.2.0|<v1.3.0"},
        {"golang", ">= 1.2.0", {"v1.2.0"}, {"v1.1.0"}, "vers:golang/>=v1.2.0"},
        {"generic", "!= 1.5 , *", {"1.4", "1.6"}, {"1.5"}, "vers:generic/!=1.5"},
        {"conan", "1.2 | 1.4", {"1.2", "1.4"}, {"1.3"}, "vers:conan/1.2|1.4"},
        {"", ">2", {"3"}, {"1"}, "vers:generic/>2"},
    });
}

TEST(VersionRange, Vers) {
    check_cases({
        {"npm", "vers:npm/>=1.0.0|<2.0.0", {"1.0.0", "1.9.9", "1.5.0-beta"}, {"2.0.0", "0.9.0"}, "vers:npm/>=1.0.0|<2.0.0"},
        {"npm", "vers:npm/<2.0.0|>=1.0.0", {"1.5.0"}, {"2.0.0"}, "vers:npm/>=1.0.0|<2.0.0"},
        {"pypi", "vers:pypi/*", {"0", "1.0"}, {}, "vers:pypi/*"},
        {"npm", "VERS:NPM / 1.2.3 | >= 2.0.0 | < 5.0.0", {"1.2.3", "2.0.0"}, {"1.2.4", "5.0.0"}, "vers:npm/1.2.3|>=2.0.0|<5.0.0"},
        {"pypi", "vers:pypi/!=1.5", {"1.4", "2"}, {"1.5"}, "vers:pypi/!=1.5"},
        {"pypi", "vers:pypi/>=1.0|!=1.5|<2.0", {"1.4"}, {"1.5", "2.0"}, "vers:pypi/>=1.0|!=1.5|<2.0"},
        {"npm", "vers:npm/<1.0.0|<2.0.0", {"1.5.0"}, {"2.0.0"}, "vers:npm/<2.0.0"},
        {"npm", "vers:npm/>1.0.0|>2.0.0", {"1.5.0"}, {"1.0.0"}, "vers:npm/>1.0.0"},
        {"npm", "vers:npm/1.0.0|<2.0.0", {"0.1.0", "1.0.0"}, {"2.0.0"}, "vers:npm/<2.0.0"},
        // The spec simplifies "<2|<3" to "<3" first, so this is (1, 3), not (1, 2) or below 3.
        {"npm", "vers:npm/>1.0.0|<2.0.0|<3.0.0", {"2.5.0"}, {"0.5.0", "1.0.0", "3.0.0"}, "vers:npm/>1.0.0|<3.0.0"},
        {"npm", "vers:npm/|1.0.0||2.0.0|", {"1.0.0", "2.0.0"}, {"1.5.0"}, "vers:npm/1.0.0|2.0.0"},
        {"npm", "vers:npm/1.0.0%2Bbuild", {"1.0.0+build"}, {}, ""},
        {"cargo", "vers:npm/^1", {}, {}, ""},  // "^" is not a vers comparator: a version that sorts nowhere
        {"npm", "vers:none/*", {}, {"1.0.0"}, "vers:none/*"},
        {"npm", "vers:all/*", {"1.0.0"}, {}, "vers:all/*"},
        {"", "vers:deb/>=1:1.0|<1:2", {"1:1.0", "1:1.9"}, {"1.0", "1:2"}, "vers:deb/>=1:1.0|<1:2"},
    });
}

// ------------------------------------------------------------------------------------------------
// Errors: one line, naming the syntax, the text as written and the problem.

TEST(VersionRange, Errors) {
    struct Bad {
        std::string_view type, text, problem;
    };
    const std::vector<Bad> cases = {
        {"npm", "^1.2.x.y", "npm range \"^1.2.x.y\": \"1.2.x.y\" has more than 3 numbers"},
        {"npm", "", "no range given"},
        {"npm", "   ", "no range given"},
        {"npm", ">=1.0.0 ||", "empty alternative"},
        {"npm", "1.2-beta", "pre-release but not all three numbers"},
        {"npm", ">= ", "has no version"},
        {"npm", "1.0 - ", "hyphen range"},
        {"npm", "1.0 - 2.0 - 3.0", "hyphen range"},
        {"npm", "!=1.0.0", "not npm syntax"},
        {"npm", "1.a.0", "is not a version"},
        {"npm", "1.2.3 | 2.0.0", "\"|\" is not a version"},
        {"npm", "1.99999999999999999.0", "is not a version"},
        {"cargo", "1.2.3 - 2.0.0", "hyphen range"},
        {"pypi", "1.0", "needs an operator"},
        {"pypi", ">=1.0,", "empty specifier"},
        {"pypi", "~=1", "at least two release numbers"},
        {"pypi", ">=1.*", "only goes with == and !="},
        {"pypi", "==1.0rc1.*", "only release numbers"},
        {"pypi", "==", "no valid version"},
        {"gem", "~> ", "not a RubyGems requirement"},
        {"gem", ">= 1.0 || 2.0", "not a RubyGems requirement"},
        {"nuget", "[2.0,1.0]", "contains no version"},
        {"nuget", "(1.0)", "a single version is written"},
        {"nuget", "[1.0,2.0", "not closed"},
        {"nuget", "[1.0,2.0),[3.0,)", "after an interval"},
        {"nuget", "1.*.3", "only a whole last number may float"},
        {"maven", "[1.0,2.0),", "no interval after it"},
        {"maven", "[1.0,1.0)", "contains no version"},
        {"maven", "(,)", "not an interval"},
        {"maven", "1.0,2.0", "neither a version nor an interval"},
        {"deb", "< 2.0", "Debian's \"<\" is ambiguous"},
        {"rpm", ">= ", "has no version after it"},
        {"rpm", "1.0 ||| 2.0", "empty alternative"},
        {"golang", ">=v1 <=>v2", "not a comparison"},
        {"npm", "vers:npm", "needs \"<scheme>/\""},
        {"npm", "vers:npm/", "no constraints"},
        {"npm", "vers:npm/1.0.0|1.0.0", "version \"1.0.0\" appears twice"},
        {"pypi", "vers:pypi/1.0|>=1", "version \"1\" appears twice"},
        {"npm", "vers:npm/*|1.0.0", "\"*\" must stand alone"},
        {"npm", "vers:npm/>=<1.0", "not a constraint"},
        {"npm", "vers:npm/1.0%zz", "bad %-escape"},
        {"npm", "vers:pypi/>=1.0", "does not order versions as purl type \"npm\""},
        {"npm", "vers:none/1.0", "takes only \"*\""},
        {"npm", "vers:n@pm/1.0", "not a scheme name"},
    };
    for (const Bad& bad : cases) {
        const std::string message = parse_error(bad.type, bad.text);
        SCOPED_TRACE(std::string(bad.type) + " range \"" + std::string(bad.text) + "\": " + message);
        EXPECT_NE(message.find(bad.problem), std::string::npos) << "expected the message to say: " << bad.problem;
        EXPECT_EQ(message.find('\n'), std::string::npos);
        const bool is_vers = bad.text.find("vers:") != std::string_view::npos;
        EXPECT_EQ(message.rfind((is_vers ? std::string("vers") : std::string(bad.type)) + " range \"", 0), 0u);
    }
}

TEST(VersionRange, ErrorMessagesStayOneShortLine) {
    const std::string message = parse_error("npm", std::string(2000, '!') + "\n\x01");
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_LT(message.size(), 400u);
    EXPECT_NE(parse_error("npm", std::string(5000, '1')).find("longer than 4096"), std::string::npos);
    EXPECT_EQ(parse_error("n\npm", "<").find('\n'), std::string::npos);  // the purl type is escaped too
}

// ------------------------------------------------------------------------------------------------
// Robustness: any bytes give a range or an invalid_argument, quickly, and a range's own vers
// always reads back as the same set.

TEST(VersionRange, AnyInputParsesOrThrows) {
    const std::vector<std::string> types = {"npm", "cargo", "composer", "pypi", "gem", "nuget", "maven", "deb",
                                            "rpm", "apk", "alpm", "golang", "generic", ""};
    const std::string alphabet = "0123456789....xX*^~<>=!|,-+ ()[]vV@aer%";
    std::mt19937 random(20260401);
    std::size_t parsed = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string text;
        const std::size_t length = random() % 24;
        for (std::size_t k = 0; k < length; ++k) text += alphabet[random() % alphabet.size()];
        if (i % 7 == 0) text = "vers:" + types[random() % (types.size() - 2)] + "/" + text;
        const std::string& type = types[random() % types.size()];
        try {
            const VersionRange range = VersionRange::parse(type, text);
            ++parsed;
            const std::string vers = range.to_vers();
            const VersionRange again = VersionRange::parse(vers.rfind("vers:none/", 0) == 0 ? "" : type, vers);
            const std::vector<std::string> samples = sample_versions({text, vers});
            // npm's pre-release rule has no vers spelling: compare releases only there.
            std::vector<std::string> releases;
            for (const std::string& s : samples)
                if (s.find('-') == std::string::npos || (type != "npm" && type != "cargo")) releases.push_back(s);
            EXPECT_EQ(disagreements(range, again, releases), "") << type << " \"" << text << "\" -> " << vers;
        } catch (const std::invalid_argument&) {
        }
    }
    EXPECT_GT(parsed, 200u);  // the generator must reach the parsers, not only their first check
}

TEST(VersionRange, LargeInputsStayBounded) {
    std::string many;
    for (int i = 0; i < 300; ++i) many += (i ? " || " : "") + std::to_string(i) + ".0.0";
    EXPECT_TRUE(VersionRange::parse("npm", many).contains("299.0.0"));
    std::string vers = "vers:pypi/";
    for (int i = 0; i < 600; ++i) vers += std::to_string(i) + ".1|";
    const VersionRange range = VersionRange::parse("pypi", vers);
    EXPECT_TRUE(range.contains("599.1"));
    EXPECT_FALSE(range.contains("599.2"));
    std::string prefixes;
    for (int i = 0; i < 9; ++i) prefixes += (i ? "," : "") + std::string("!=") + std::to_string(i) + ".*";
    EXPECT_NE(parse_error("pypi", prefixes).find("too many"), std::string::npos);
    EXPECT_NE(parse_error("npm", std::string(4000, '(')).find("npm range"), std::string::npos);
}

}  // namespace
