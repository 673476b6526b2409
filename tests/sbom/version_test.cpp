// Version order per ecosystem: the shared univers test data, each ecosystem's documented examples,
// version steps, and robustness (any bytes, huge numbers, a total order).
#include "sbom/version.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using bomwatch::sbom::compare_versions;
using bomwatch::sbom::shared_release_prefix;
using bomwatch::sbom::version_scheme_for;
using bomwatch::sbom::version_step;
using bomwatch::sbom::VersionScheme;
using bomwatch::sbom::VersionStep;
using nlohmann::json;

const std::filesystem::path kVersionTestDir = std::filesystem::path(BOMWATCH_SHARED_DIR) / "version-tests";

std::string quoted_list(const std::vector<std::string>& versions) {
    std::string out = "[";
    for (const std::string& v : versions) out += (out.size() > 1 ? ", \"" : "\"") + v + "\"";
    return out + "]";
}

// ------------------------------------------------------------------------------------------------
// The univers data: "comparison" cases list versions in their expected sorted order, "equality"
// cases say whether two versions are equal.

struct DataCase {
    std::size_t index = 0;
    std::string description;
    std::string type;  // "comparison" or "equality"
    std::vector<std::string> versions;
    json expected;
};

std::vector<DataCase> load_cases(const std::string& file_name) {
    std::ifstream in(kVersionTestDir / file_name);
    if (!in) {
        ADD_FAILURE() << "cannot open " << (kVersionTestDir / file_name);
        return {};
    }
    const json data = json::parse(in);
    std::vector<DataCase> cases;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const json& item = data[i];
        DataCase c;
        c.index = i;
        c.description = item.at("description").get<std::string>();
        c.type = item.at("test_type").get<std::string>();
        c.versions = item.at("input").at("versions").get<std::vector<std::string>>();
        c.expected = item.at("expected_output");
        cases.push_back(std::move(c));
    }
    return cases;
}

// A case left out on purpose, named by its type and input versions, with the reason in one line.
struct SkippedCase {
    std::string_view type;
    std::vector<std::string> versions;
    std::string_view reason;
};

// Empty when the case passes, else what went wrong.
std::string check_case(VersionScheme scheme, const DataCase& c) {
    std::ostringstream problem;
    if (c.type == "comparison") {
        const auto expected = c.expected.get<std::vector<std::string>>();
        for (std::size_t k = 0; k + 1 < expected.size(); ++k) {
            const int forward = compare_versions(scheme, expected[k], expected[k + 1]);
            const int backward = compare_versions(scheme, expected[k + 1], expected[k]);
            if (forward >= 0 || backward <= 0) {
                problem << "expected sorted " << quoted_list(expected) << " but compare(\"" << expected[k] << "\", \""
                        << expected[k + 1] << "\") = " << forward << " and the reverse = " << backward;
                return problem.str();
            }
        }
    } else if (c.type == "equality") {
        const bool expect_equal = c.expected.get<bool>();
        const int forward = compare_versions(scheme, c.versions.at(0), c.versions.at(1));
        const int backward = compare_versions(scheme, c.versions.at(1), c.versions.at(0));
        const bool consistent = (forward == 0) == (backward == 0) && (forward > 0) == (backward < 0);
        if (!consistent || (forward == 0) != expect_equal) {
            problem << "expected " << (expect_equal ? "equal" : "not equal") << " but compare = " << forward
                    << " and the reverse = " << backward;
            return problem.str();
        }
    } else {
        return "unknown test_type " + c.type;
    }
    return {};
}

struct DataSummary {
    std::size_t total = 0;
    std::size_t passed = 0;
    std::size_t skipped = 0;
};

// Runs every case of a file; a failing case outside `skips` fails the test, and so does a skip
// entry that matches nothing or whose case now passes (the list must stay minimal).
DataSummary run_data_file(const std::string& file_name, VersionScheme scheme, const std::vector<SkippedCase>& skips) {
    DataSummary summary;
    std::vector<bool> skip_used(skips.size(), false);
    for (const DataCase& c : load_cases(file_name)) {
        ++summary.total;
        const std::string problem = check_case(scheme, c);
        const auto skip = std::find_if(skips.begin(), skips.end(), [&](const SkippedCase& s) {
            return s.type == c.type && s.versions == c.versions;
        });
        if (skip != skips.end()) {
            ++summary.skipped;
            skip_used[static_cast<std::size_t>(skip - skips.begin())] = true;
            EXPECT_FALSE(problem.empty()) << file_name << " case #" << c.index << " " << quoted_list(c.versions)
                                          << " is in the skip list (" << skip->reason << ") but now passes";
            continue;
        }
        if (problem.empty()) {
            ++summary.passed;
        } else {
            ADD_FAILURE() << file_name << " case #" << c.index << " (" << c.description << ", " << c.type
                          << "): input " << quoted_list(c.versions) << ": " << problem;
        }
    }
    for (std::size_t i = 0; i < skips.size(); ++i)
        EXPECT_TRUE(skip_used[i]) << file_name << ": skip entry " << quoted_list(skips[i].versions)
                                  << " matches no case";
    std::cout << "[ data     ] " << file_name << ": " << summary.passed << " of " << summary.total << " passed, "
              << summary.skipped << " skipped\n";
    return summary;
}

// The data follows Maven 3.8's ComparableVersion; Maven 3.9.0 changed these on purpose (MNG-7644).
TEST(VersionData, Maven) {
    constexpr std::string_view kMng7644 = "Maven 3.9 (MNG-7644) reads \".a\" as \"-a\": 2.0.a == 2.0.0.a == 2-a < 2-1";
    const std::vector<SkippedCase> skips = {
        {"comparison", {"2-1", "2.0.a"}, kMng7644},
        {"comparison", {"2-1", "2.0.0.a"}, kMng7644},
        {"comparison", {"2.0.0.a", "2.0.a"}, kMng7644},
    };
    const DataSummary s = run_data_file("maven_version_cmp.json", VersionScheme::Maven, skips);
    EXPECT_GT(s.total, 900u);
}

TEST(VersionData, Nuget) {
    const DataSummary s = run_data_file("nuget_version_cmp.json", VersionScheme::Nuget, {});
    EXPECT_GT(s.total, 30u);
}

TEST(VersionData, Debian) {
    const DataSummary s = run_data_file("deb_version_python_pkg_test.json", VersionScheme::Debian, {});
    EXPECT_GT(s.total, 15u);
}

TEST(VersionData, Alpine) {
    const DataSummary s = run_data_file("alpine_version_cmp.json", VersionScheme::Alpine, {});
    EXPECT_GT(s.total, 700u);
}

// pacman's vercmp, with no skips: its trailing-letter rule (1.5b < 1.5) and its optional pkgrel
// ("1.5" == "1.5-1") are the order itself, not deviations from it.
TEST(VersionData, Alpm) {
    ASSERT_EQ(version_scheme_for("alpm"), VersionScheme::Alpm);
    const DataSummary s = run_data_file("alpm_version_cmp.json", VersionScheme::Alpm, {});
    EXPECT_GT(s.total, 40u);
}

// ------------------------------------------------------------------------------------------------
// Helpers for the documented examples.

// Each version is strictly lower than the next, in both directions and transitively.
void expect_ascending(VersionScheme scheme, std::initializer_list<std::string_view> versions) {
    const std::vector<std::string_view> list(versions);
    for (std::size_t i = 0; i < list.size(); ++i) {
        for (std::size_t j = i + 1; j < list.size(); ++j) {
            EXPECT_LT(compare_versions(scheme, list[i], list[j]), 0) << "\"" << list[i] << "\" < \"" << list[j] << "\"";
            EXPECT_GT(compare_versions(scheme, list[j], list[i]), 0) << "\"" << list[j] << "\" > \"" << list[i] << "\"";
        }
    }
}

void expect_equal(VersionScheme scheme, std::string_view a, std::string_view b) {
    EXPECT_EQ(compare_versions(scheme, a, b), 0) << "\"" << a << "\" == \"" << b << "\"";
    EXPECT_EQ(compare_versions(scheme, b, a), 0) << "\"" << b << "\" == \"" << a << "\"";
}

// ------------------------------------------------------------------------------------------------
// Semver, Go, NuGet.

TEST(SemverOrder, SemverOrgPrecedenceChain) {
    expect_ascending(VersionScheme::Semver, {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                             "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"});
    expect_ascending(VersionScheme::Semver, {"1.0.0", "2.0.0", "2.1.0", "2.1.1"});
}

TEST(SemverOrder, IdentifierRules) {
    expect_ascending(VersionScheme::Semver, {"1.0.0-2", "1.0.0-10", "1.0.0-a", "1.0.0-a.1", "1.0.0-b"});
    expect_ascending(VersionScheme::Semver, {"1.0.0-RC.1", "1.0.0-beta"});  // ASCII: upper case first
    expect_ascending(VersionScheme::Semver, {"1.9.0", "1.10.0", "1.11.0"});
    expect_equal(VersionScheme::Semver, "1.0.0-alpha.01", "1.0.0-alpha.1");  // numeric by value
}

TEST(SemverOrder, BuildMetadataIgnored) {
    expect_equal(VersionScheme::Semver, "1.0.0+20130313144700", "1.0.0");
    expect_equal(VersionScheme::Semver, "1.0.0-beta+exp.sha.5114f85", "1.0.0-beta");
    expect_equal(VersionScheme::Semver, "1.0.0+a", "1.0.0+b");
}

TEST(SemverOrder, Lenient) {
    expect_equal(VersionScheme::Semver, "1.2", "1.2.0");
    expect_equal(VersionScheme::Semver, "1", "1.0.0");
    expect_equal(VersionScheme::Semver, "v1.2.3", "1.2.3");
    expect_equal(VersionScheme::Semver, "=1.2.3", "1.2.3");
    expect_equal(VersionScheme::Semver, " 1.2.3 ", "1.2.3");
    expect_equal(VersionScheme::Semver, "1.2.3beta", "1.2.3-beta");
    expect_ascending(VersionScheme::Semver, {"1.2-rc.1", "1.2", "1.2.1"});
    expect_ascending(VersionScheme::Semver, {"1.2.3", "1.2.3.1", "1.2.4"});  // composer-style fourth number
}

TEST(SemverOrder, NotSemverFallsBackToGenericBeforeValid) {
    // Invalid text sorts before every valid version, and among itself in the generic order.
    expect_ascending(VersionScheme::Semver, {"dev-master", "latest", "0.0.1"});
    expect_ascending(VersionScheme::Semver, {"1.0.0-", "1.0.0-rc..1", "0.0.0-a"});
    expect_ascending(VersionScheme::Semver, {"release-2", "release-10"});
    EXPECT_EQ(compare_versions(VersionScheme::Semver, "x", "x"), 0);
}

TEST(GolangOrder, PseudoVersions) {
    // Go module reference: a pseudo-version sorts after its base and before the next release.
    expect_ascending(VersionScheme::Golang, {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-0123456789ab",
                                             "v0.0.0", "v0.1.0"});
    expect_ascending(VersionScheme::Golang, {"v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5",
                                             "v1.2.4-0.20201231235959-0123456789ab", "v1.2.4-alpha", "v1.2.4"});
    expect_ascending(VersionScheme::Golang, {"v1.2.3-pre", "v1.2.3-pre.0.20191109021931-daa7c04131f5",
                                             "v1.2.3-pre.1", "v1.2.3"});
}

TEST(GolangOrder, IncompatibleAndShorthands) {
    expect_equal(VersionScheme::Golang, "v2.0.0+incompatible", "v2.0.0");
    expect_ascending(VersionScheme::Golang, {"v1.9.9", "v2.0.0+incompatible", "v2.0.1+incompatible"});
    expect_equal(VersionScheme::Golang, "v1", "v1.0.0");
    expect_equal(VersionScheme::Golang, "v1.2", "v1.2.0");
    expect_ascending(VersionScheme::Golang, {"v1.2.3.4", "v0.0.1"});  // four numbers: not a Go version
}

TEST(NugetOrder, FourPartsAndCase) {
    expect_equal(VersionScheme::Nuget, "1.0.0.0", "1.0.0");
    expect_equal(VersionScheme::Nuget, "1.0", "1.0.0.0");
    expect_equal(VersionScheme::Nuget, "1.0.0-BETA", "1.0.0-beta");
    expect_equal(VersionScheme::Nuget, "1.0.0+meta", "1.0.0");
    expect_ascending(VersionScheme::Nuget, {"1.0.0-alpha", "1.0.0-Beta", "1.0.0-beta.2", "1.0.0-beta.10", "1.0.0",
                                            "1.0.0.1-alpha", "1.0.0.1", "1.0.1"});
    expect_ascending(VersionScheme::Nuget, {"1.0.0.0.1", "0.0.1"});  // five numbers: not a NuGet version
}

// ------------------------------------------------------------------------------------------------
// PEP 440.

TEST(Pep440Order, SummaryOfPermittedSuffixesAndRelativeOrdering) {
    expect_ascending(VersionScheme::Pep440,
                     {"1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
                      "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                      "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1"});
}

TEST(Pep440Order, Normalisation) {
    expect_equal(VersionScheme::Pep440, "1.0", "1.0.0");
    expect_equal(VersionScheme::Pep440, "v1.0", "1.0");
    expect_equal(VersionScheme::Pep440, " 1.0\n", "1.0");
    expect_equal(VersionScheme::Pep440, "1.0ALPHA1", "1.0a1");
    expect_equal(VersionScheme::Pep440, "1.0-beta-2", "1.0b2");
    expect_equal(VersionScheme::Pep440, "1.0.c1", "1.0rc1");
    expect_equal(VersionScheme::Pep440, "1.0pre1", "1.0rc1");
    expect_equal(VersionScheme::Pep440, "1.0preview_1", "1.0rc1");
    expect_equal(VersionScheme::Pep440, "1.0a", "1.0a0");
    expect_equal(VersionScheme::Pep440, "1.0-1", "1.0.post1");
    expect_equal(VersionScheme::Pep440, "1.0-r4", "1.0.post4");
    expect_equal(VersionScheme::Pep440, "1.0rev4", "1.0.post4");
    expect_equal(VersionScheme::Pep440, "1.0.post", "1.0.post0");
    expect_equal(VersionScheme::Pep440, "1.0-dev", "1.0.dev0");
    expect_equal(VersionScheme::Pep440, "1.0+Ubuntu-1", "1.0+ubuntu.1");
    expect_equal(VersionScheme::Pep440, "1.0+01", "1.0+1");
}

TEST(Pep440Order, EpochsLocalsAndDevReleases) {
    expect_ascending(VersionScheme::Pep440, {"2.0", "2013.10", "1!1.0", "1!1.1", "2!0.1"});
    expect_ascending(VersionScheme::Pep440, {"1.0", "1.0+abc", "1.0+abc.1", "1.0+1", "1.0+2.a"});
    expect_ascending(VersionScheme::Pep440, {"1.0a1.dev1", "1.0a1", "1.0a1.post1.dev1", "1.0a1.post1", "1.0a2"});
    expect_ascending(VersionScheme::Pep440, {"1.0.post1.dev1", "1.0.post1", "1.0.post2"});
    expect_ascending(VersionScheme::Pep440, {"not a version", "0.0.0.dev0"});
}

// ------------------------------------------------------------------------------------------------
// Maven.

TEST(MavenOrder, QualifiersAndEquivalences) {
    expect_ascending(VersionScheme::Maven, {"1-alpha", "1-beta", "1-milestone", "1-rc", "1-SNAPSHOT", "1", "1-sp",
                                            "1-abc", "1-1"});
    expect_equal(VersionScheme::Maven, "1.0", "1");
    expect_equal(VersionScheme::Maven, "1", "1.0.0");
    expect_equal(VersionScheme::Maven, "1-ga", "1");
    expect_equal(VersionScheme::Maven, "1.0-final", "1");
    expect_equal(VersionScheme::Maven, "1.0.RELEASE", "1");
    expect_equal(VersionScheme::Maven, "1-cr", "1-rc");
    expect_equal(VersionScheme::Maven, "1-a1", "1-alpha-1");
    expect_equal(VersionScheme::Maven, "1b2", "1-beta-2");
    expect_equal(VersionScheme::Maven, "1M3", "1-milestone-3");
    expect_equal(VersionScheme::Maven, "1.0-RC1", "1.0-rc1");
    expect_equal(VersionScheme::Maven, "1.0-1", "1-1");  // trailing zeros go before a nested list
}

TEST(MavenOrder, Releases) {
    expect_ascending(VersionScheme::Maven, {"1.0-alpha-1", "1.0-alpha-2", "1.0-beta-1", "1.0-SNAPSHOT", "1.0",
                                            "1.0-sp-1", "1.0-1", "1.0.1", "1.1", "1.10", "2"});
    expect_ascending(VersionScheme::Maven, {"5.3.9.Final", "5.3.10.Final"});
    expect_ascending(VersionScheme::Maven, {"2.0.0-M1", "2.0.0-RC1", "2.0.0"});
    // MNG-7644 (Maven 3.9): a qualifier after a dot is nested like one after a hyphen.
    expect_ascending(VersionScheme::Maven, {"1.0.0.RC1", "1.0.0-RC2", "1.0.0.RC3", "1.0.0"});
    expect_ascending(VersionScheme::Maven, {"4.3-beta", "4.3", "4.3.SP1", "4.3.1"});
    expect_equal(VersionScheme::Maven, "2.0.a", "2.0.0.a");
    expect_equal(VersionScheme::Maven, "2.0.a", "2-a");
    expect_ascending(VersionScheme::Maven, {"1.99999999999999999999", "1.100000000000000000000"});
}

// Maven's order is not transitive when ".qualifier" and "-qualifier" mix oddly; this reproduces
// Maven (3.9) rather than inventing an order Maven does not have. Sorting such text needs care.
TEST(MavenOrder, ReproducesMavensOwnCycles) {
    EXPECT_LT(compare_versions(VersionScheme::Maven, "1.sp-1m", "1-SNAPSHOT-SNAPSHOT"), 0);  // sp < a nested list
    EXPECT_LT(compare_versions(VersionScheme::Maven, "1-SNAPSHOT-SNAPSHOT", "1"), 0);
    EXPECT_LT(compare_versions(VersionScheme::Maven, "1", "1.sp-1m"), 0);  // sp > release
    EXPECT_LT(compare_versions(VersionScheme::Maven, "0sp", "0.cr.foo"), 0);
    EXPECT_LT(compare_versions(VersionScheme::Maven, "0.cr.foo", "0"), 0);
    EXPECT_LT(compare_versions(VersionScheme::Maven, "0", "0sp"), 0);
}

// ------------------------------------------------------------------------------------------------
// Debian, RPM, Alpine.

TEST(DebianOrder, PolicyExamples) {
    // Debian policy 5.6.12: "~~, ~~a, ~, the empty part, a".
    expect_ascending(VersionScheme::Debian, {"1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a"});
    expect_ascending(VersionScheme::Debian, {"1.0~rc1", "1.0", "1.0+dfsg", "1.0.1"});
    expect_ascending(VersionScheme::Debian, {"1.0a", "1.0+"});  // letters before non-letters
    expect_ascending(VersionScheme::Debian, {"2.0", "1:0.1", "2:0.0.1"});
    expect_ascending(VersionScheme::Debian, {"1.0-1", "1.0-1ubuntu1", "1.0-2", "1.0-10"});
    expect_ascending(VersionScheme::Debian, {"2.36.1-8", "2.36.1-8+deb11u1", "2.36.1-8+deb12u1"});
    expect_equal(VersionScheme::Debian, "0:1.0", "1.0");
    expect_equal(VersionScheme::Debian, "1.0", "1.0-0");
    expect_equal(VersionScheme::Debian, "1.01", "1.1");
}

TEST(DebianOrder, InvalidVersionsComeFirst) {
    expect_ascending(VersionScheme::Debian, {"", "a:1.0", "0.1"});
    expect_ascending(VersionScheme::Debian, {"1.0-", "0.0.1"});  // empty revision is a dpkg error
}

TEST(RpmOrder, TildeAndCaret) {
    expect_ascending(VersionScheme::Rpm, {"1.0~rc1", "1.0", "1.0^git1", "1.0.1"});
    expect_ascending(VersionScheme::Rpm, {"1.0~rc1", "1.0~rc1^git1", "1.0~rc2", "1.0"});
    expect_ascending(VersionScheme::Rpm, {"1.0", "1.0a", "1.0.1"});  // leftover characters win
    expect_ascending(VersionScheme::Rpm, {"2.0", "1:1.0", "2:0.1"});
    expect_ascending(VersionScheme::Rpm, {"1.0", "1.0-1", "1.0-2.fc38", "1.0-10.fc38", "1.1-1"});
    expect_equal(VersionScheme::Rpm, "1.0", "1_0");
    expect_equal(VersionScheme::Rpm, "0:1.0-1", "1.0-1");
}

TEST(AlpmOrder, PacmanRules) {
    // Where pacman differs from rpm: a leftover letter run is older than nothing, anything else
    // left over newer; '~' and '^' are plain separators.
    expect_ascending(VersionScheme::Alpm, {"1.0a", "1.0alpha", "1.0b", "1.0beta", "1.0rc", "1.0", "1.0.a",
                                           "1.0.1", "1.0.1.1", "1.1"});
    expect_ascending(VersionScheme::Alpm, {"1.5b-2", "1.5-1", "1.5.1-1"});
    expect_ascending(VersionScheme::Alpm, {"1.0", "1.0~1", "1.0.2"});  // rpm: 1.0~1 < 1.0
    expect_equal(VersionScheme::Alpm, "1.0~1", "1.0.1");
    expect_equal(VersionScheme::Alpm, "1.0^git1", "1.0.git1");
    // Separator runs of different lengths: the shorter is older; the same length, any characters.
    expect_ascending(VersionScheme::Alpm, {"1.0", "1..0"});
    expect_equal(VersionScheme::Alpm, "1.0", "1_0");
    expect_equal(VersionScheme::Alpm, "1.0+1", "1.0.1");
    // Epochs default to 0 and come first; releases compare as versions do.
    expect_ascending(VersionScheme::Alpm, {"2.0-1", "1:1.0-1", "2:0.1-1"});
    expect_equal(VersionScheme::Alpm, "0:1.0-1", "1.0-1");
    expect_equal(VersionScheme::Alpm, ":1.0", "1.0");  // an empty epoch is 0
    expect_ascending(VersionScheme::Alpm, {"1.0-1", "1.0-1.1", "1.0-2", "1.0-10"});
    expect_ascending(VersionScheme::Alpm, {"1.0-", "1.0-1"});  // an empty pkgrel is still one
    // Numbers of any length compare by value.
    expect_ascending(VersionScheme::Alpm, {"1.99999999999999999999", "1.100000000000000000000"});
    expect_equal(VersionScheme::Alpm, "1.001", "1.1");
}

// pacman compares the pkgrel only when both sides have one. Equality is then not transitive; the
// answers stay deterministic (a function of the two texts, antisymmetric) and match pacman's.
TEST(AlpmOrder, ReleaseOnlyWhenBothHaveOne) {
    expect_equal(VersionScheme::Alpm, "1.5", "1.5-1");
    expect_equal(VersionScheme::Alpm, "1.5", "1.5-2");
    expect_ascending(VersionScheme::Alpm, {"1.5-1", "1.5-2"});
    expect_equal(VersionScheme::Alpm, "1:1.5", "1:1.5-3");
    expect_ascending(VersionScheme::Alpm, {"1.5", "1:1.5-1"});  // the epoch still counts
    expect_ascending(VersionScheme::Alpm, {"1.4-9", "1.5", "1.6-1"});
    EXPECT_EQ(compare_versions(VersionScheme::Rpm, "1.5", "1.5-1"), -1);  // rpm's order is total
}

// pacman's own rpmvercmp has cycles on odd separator runs; this reproduces pacman.
TEST(AlpmOrder, ReproducesPacmansOwnCycles) {
    EXPECT_LT(compare_versions(VersionScheme::Alpm, "1.", "1.1"), 0);    // a leftover digit is newer
    EXPECT_LT(compare_versions(VersionScheme::Alpm, "1.1", "1..a"), 0);  // the shorter separator run
    EXPECT_LT(compare_versions(VersionScheme::Alpm, "1..a", "1."), 0);   // a leftover letter is older
}

TEST(AlpineOrder, ApkToolsRules) {
    expect_ascending(VersionScheme::Alpine, {"1.0_alpha", "1.0_alpha2", "1.0_beta", "1.0_pre1", "1.0_rc1", "1.0",
                                             "1.0-r1", "1.0-r2", "1.0_cvs", "1.0_svn", "1.0_git", "1.0_hg",
                                             "1.0_p1", "1.0_p2", "1.0a", "1.0b", "1.0.1"});
    expect_ascending(VersionScheme::Alpine, {"1.2", "1.10"});
    expect_ascending(VersionScheme::Alpine, {"1.02", "1.1"});  // a leading zero reads as a fraction
    expect_ascending(VersionScheme::Alpine, {"1.0.0_pre20191002222144", "1.0.0_pre20210530193627"});
    expect_ascending(VersionScheme::Alpine, {"1.0-X", "0.1"});  // invalid before valid
}

TEST(GenericOrder, RunsOfDigitsAndText) {
    expect_ascending(VersionScheme::Generic, {"", "1", "1.0", "1.0.1", "1.1", "1.10", "2", "10"});
    expect_ascending(VersionScheme::Generic, {"alpha", "beta", "1"});  // text before numbers
    expect_ascending(VersionScheme::Generic, {"1.0", "1.a"});           // "." is a prefix of ".a"
    expect_ascending(VersionScheme::Generic, {"r9", "r10"});
    expect_equal(VersionScheme::Generic, "1.01", "1.1");
}

// ------------------------------------------------------------------------------------------------
// Scheme per purl type.

TEST(VersionSchemeFor, PurlTypes) {
    EXPECT_EQ(version_scheme_for("npm"), VersionScheme::Semver);
    EXPECT_EQ(version_scheme_for("cargo"), VersionScheme::Semver);
    EXPECT_EQ(version_scheme_for("hex"), VersionScheme::Semver);
    EXPECT_EQ(version_scheme_for("pub"), VersionScheme::Semver);
    EXPECT_EQ(version_scheme_for("composer"), VersionScheme::Semver);
    EXPECT_EQ(version_scheme_for("swift"), VersionScheme::Semver);
    EXPECT_EQ(version_scheme_for("golang"), VersionScheme::Golang);
    EXPECT_EQ(version_scheme_for("nuget"), VersionScheme::Nuget);
    EXPECT_EQ(version_scheme_for("pypi"), VersionScheme::Pep440);
    EXPECT_EQ(version_scheme_for("maven"), VersionScheme::Maven);
    EXPECT_EQ(version_scheme_for("deb"), VersionScheme::Debian);
    EXPECT_EQ(version_scheme_for("rpm"), VersionScheme::Rpm);
    EXPECT_EQ(version_scheme_for("apk"), VersionScheme::Alpine);
    EXPECT_EQ(version_scheme_for("alpm"), VersionScheme::Alpm);
    EXPECT_EQ(version_scheme_for("MAVEN"), VersionScheme::Maven);  // purl types are case-insensitive
    EXPECT_EQ(version_scheme_for("gem"), VersionScheme::Generic);
    EXPECT_EQ(version_scheme_for("conan"), VersionScheme::Generic);
    EXPECT_EQ(version_scheme_for("github"), VersionScheme::Generic);
    EXPECT_EQ(version_scheme_for(""), VersionScheme::Generic);
}

// ------------------------------------------------------------------------------------------------
// Steps and nearness.

struct StepCase {
    VersionScheme scheme;
    std::string_view a, b;
    VersionStep step;
};

TEST(VersionStep, PerScheme) {
    using enum VersionStep;
    const StepCase cases[] = {
        {VersionScheme::Semver, "1.2.3", "2.0.0", Major},
        {VersionScheme::Semver, "1.2.3", "1.3.0", Minor},
        {VersionScheme::Semver, "1.2.3", "1.2.4", Patch},
        {VersionScheme::Semver, "0.1.0", "0.2.0", Minor},  // 0.x: still named by position
        {VersionScheme::Semver, "1.0.0-rc.1", "1.0.0", Prerelease},
        {VersionScheme::Semver, "1.0.0-alpha", "1.0.0-beta", Prerelease},
        {VersionScheme::Semver, "1.0.0+build.1", "1.0.0+build.2", Other},
        {VersionScheme::Semver, "1.2", "1.2.0", Other},
        {VersionScheme::Semver, "1.2.3", "1.2.3.1", Patch},
        {VersionScheme::Semver, "latest", "1.2.3", Other},
        {VersionScheme::Golang, "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", Patch},
        {VersionScheme::Golang, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-0123456789ab", Prerelease},
        {VersionScheme::Golang, "v2.0.0", "v2.0.0+incompatible", Other},
        {VersionScheme::Nuget, "1.0.0.1", "1.0.0.2", Patch},
        {VersionScheme::Nuget, "1.0.0-beta", "1.0.0-BETA", Other},
        {VersionScheme::Nuget, "1.0.0-beta", "1.0.0", Prerelease},
        {VersionScheme::Pep440, "1.0", "2.0", Major},
        {VersionScheme::Pep440, "1.0", "1.1", Minor},
        {VersionScheme::Pep440, "1.0", "1.0.1", Patch},
        {VersionScheme::Pep440, "1.0rc1", "1.0", Prerelease},
        {VersionScheme::Pep440, "1.0", "1.0.post1", Prerelease},
        {VersionScheme::Pep440, "1.0.dev1", "1.0", Prerelease},
        {VersionScheme::Pep440, "1.0+cpu", "1.0+cu118", Other},
        {VersionScheme::Pep440, "2.0", "1!1.0", Major},
        {VersionScheme::Maven, "1.0.0", "1.1.0", Minor},
        {VersionScheme::Maven, "5.3.9.Final", "5.3.10.Final", Patch},
        {VersionScheme::Maven, "1.0-SNAPSHOT", "1.0", Prerelease},
        {VersionScheme::Maven, "1.0", "1", Other},
        {VersionScheme::Debian, "1.2.3-1", "1.2.3-2", Patch},  // revision only
        {VersionScheme::Debian, "1.2.3-1", "1.2.4-1", Patch},
        {VersionScheme::Debian, "1.2.3-1", "1.3.0-1", Minor},
        {VersionScheme::Debian, "1.2.3~rc1-1", "1.2.3-1", Prerelease},
        {VersionScheme::Debian, "1.2.3-1", "1:1.2.3-1", Major},
        {VersionScheme::Debian, "1.0", "1.0-0", Other},
        {VersionScheme::Rpm, "7.76.1-14.el9", "7.76.1-26.el9", Patch},  // release only
        {VersionScheme::Rpm, "7.76.1-14.el9", "8.0.0-1.el9", Major},
        {VersionScheme::Rpm, "1.0~rc1-1", "1.0-1", Prerelease},
        {VersionScheme::Alpm, "6.8.1.arch1-1", "6.8.1.arch1-2", Patch},  // pkgrel only
        {VersionScheme::Alpm, "6.8.1.arch1-1", "6.8.2.arch1-1", Patch},
        {VersionScheme::Alpm, "6.8.9.arch1-1", "6.9.arch1-1", Minor},
        {VersionScheme::Alpm, "1:2.0-1", "2.0-1", Major},
        {VersionScheme::Alpm, "1.5b-1", "1.5-1", Prerelease},
        {VersionScheme::Alpm, "1.5", "1.5-1", Other},  // equal to pacman
        {VersionScheme::Alpine, "1.2.3-r0", "1.2.3-r1", Patch},
        {VersionScheme::Alpine, "1.2.3-r0", "1.2.4-r0", Patch},
        {VersionScheme::Alpine, "1.2.3-r0", "2.0.0-r0", Major},
        {VersionScheme::Alpine, "1.2.3_rc1-r0", "1.2.3-r0", Prerelease},
        {VersionScheme::Alpine, "1.0.2k-r0", "1.0.2l-r0", Patch},
        {VersionScheme::Generic, "1.2", "1.3", Minor},
        {VersionScheme::Generic, "1.2-beta", "1.2-gamma", Other},
        {VersionScheme::Generic, "abc", "abd", Other},
    };
    for (const StepCase& c : cases) {
        EXPECT_EQ(version_step(c.scheme, c.a, c.b), c.step) << "\"" << c.a << "\" -> \"" << c.b << "\"";
        EXPECT_EQ(version_step(c.scheme, c.b, c.a), c.step) << "\"" << c.b << "\" -> \"" << c.a << "\"";
    }
}

TEST(SharedReleasePrefix, CountsLeadingNumbers) {
    EXPECT_EQ(shared_release_prefix(VersionScheme::Semver, "1.2.3", "1.2.4"), 2);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Semver, "1.2.3", "1.3.0"), 1);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Semver, "1.2.3", "2.2.3"), 0);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Semver, "1.2.3", "1.2.3-rc.1"), 3);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Semver, "1.2", "1.2.0"), 3);  // implicit zero
    EXPECT_EQ(shared_release_prefix(VersionScheme::Maven, "2.13.4", "2.13.4.2"), 3);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Debian, "1.2.3-1", "1.2.3-2"), 3);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Debian, "1.2", "1.2.0"), 2);  // no implicit zeros in dpkg
    EXPECT_EQ(shared_release_prefix(VersionScheme::Debian, "1:1.2", "1.2"), 0);  // different epochs
    EXPECT_EQ(shared_release_prefix(VersionScheme::Rpm, "1.2.3-1.el9", "1.2.9-1.el9"), 2);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Alpm, "1.2.3-1", "1.2.9-1"), 2);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Alpm, "1:1.2.3-1", "1.2.3-1"), 0);  // different epochs
    EXPECT_EQ(shared_release_prefix(VersionScheme::Alpm, "1.2", "1.2.0-1"), 2);  // no implicit zeros
    EXPECT_EQ(shared_release_prefix(VersionScheme::Pep440, "1!2.0", "1!2.1"), 1);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Golang, "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5"), 2);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Generic, "abc", "abd"), 0);
    EXPECT_EQ(shared_release_prefix(VersionScheme::Semver, "1.2.x", "1.2.y"), 2);  // invalid: generic numbers
    // Nearer means higher: 1.2.3 pairs with 1.2.4 rather than with 1.3.0.
    EXPECT_GT(shared_release_prefix(VersionScheme::Semver, "1.2.3", "1.2.4"),
              shared_release_prefix(VersionScheme::Semver, "1.2.3", "1.3.0"));
}

// ------------------------------------------------------------------------------------------------
// Robustness: any input, and a total order (a strict weak ordering, which sorting relies on).

constexpr VersionScheme kAllSchemes[] = {VersionScheme::Semver, VersionScheme::Golang, VersionScheme::Nuget,
                                         VersionScheme::Pep440, VersionScheme::Maven,  VersionScheme::Debian,
                                         VersionScheme::Rpm,    VersionScheme::Alpm,   VersionScheme::Alpine,
                                         VersionScheme::Generic};

std::vector<std::string> awkward_inputs() {
    const std::string hundred_nines(100, '9');
    const std::string hundred_digits = "1" + std::string(99, '0');
    std::vector<std::string> inputs = {
        "", " ", ".", "-", "+", "~", "^", ":", "!", "v", "=", "0", "00", "1..2", "1--2", "1-", "-1", ":1", "1:",
        "1!", "+1", "1+", "1.0+", "1.0-+", "1_", "_1", "-r", "1-r", "1.0_", "1.0_x", "1.0-r1-r2", "~~~", "^^^",
        "1~^~^", "v.v.v", "1.0a1b2c3", "SNAPSHOT", "-SNAPSHOT", "a1", "1.0~", "1.0~g", "1.0-r",
        hundred_nines, hundred_digits, hundred_nines + "." + hundred_nines, "1." + hundred_digits,
        "1.0-" + hundred_digits, "1.0-rc." + hundred_nines, hundred_digits + ":1.0", hundred_digits + "!1.0",
        "1.0_p" + hundred_nines, "1.0-r" + hundred_nines, "1.0~" + hundred_nines,
        std::string("1.0\0junk", 8), std::string("\0", 1), "\xff\xfe\x80", "1.0\xc3\xa9", "1.0-\x01\x02",
        "1.0_\xc3\xa9", "1.0~\xc3\xa9",
        std::string(5000, '.'), std::string(5000, '-'), std::string(5000, '1'), std::string(2000, 'a') + "1",
    };
    std::string pattern;
    for (int i = 0; i < 3000; ++i) pattern += "1-a.";
    inputs.push_back(pattern);
    return inputs;
}

// Sorts with insertion sort (defined for any comparator), then checks that the order seen is a
// total preorder: within a run of equal neighbours all are equal, across runs all are ordered.
void expect_total_order(VersionScheme scheme, std::vector<std::string> versions, const std::string& what) {
    std::sort(versions.begin(), versions.end());
    versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
    for (std::size_t i = 1; i < versions.size(); ++i)
        for (std::size_t j = i; j > 0 && compare_versions(scheme, versions[j], versions[j - 1]) < 0; --j)
            std::swap(versions[j], versions[j - 1]);
    std::vector<std::size_t> run(versions.size(), 0);
    for (std::size_t i = 1; i < versions.size(); ++i)
        run[i] = run[i - 1] + (compare_versions(scheme, versions[i - 1], versions[i]) == 0 ? 0 : 1);
    int failures = 0;
    for (std::size_t i = 0; i < versions.size() && failures < 10; ++i) {
        EXPECT_EQ(compare_versions(scheme, versions[i], versions[i]), 0) << what << ": \"" << versions[i] << "\"";
        for (std::size_t j = i + 1; j < versions.size() && failures < 10; ++j) {
            const int forward = compare_versions(scheme, versions[i], versions[j]);
            const int backward = compare_versions(scheme, versions[j], versions[i]);
            const int expected = run[i] == run[j] ? 0 : -1;
            if ((forward < 0 ? -1 : forward > 0) != expected || (backward > 0 ? 1 : -(backward < 0)) != -expected) {
                ++failures;
                ADD_FAILURE() << what << " (scheme " << static_cast<int>(scheme) << "): \"" << versions[i] << "\" vs \""
                              << versions[j] << "\" = " << forward << " / " << backward
                              << ", which breaks the total order found by sorting";
            }
        }
    }
}

TEST(VersionRobustness, AwkwardInputsNeverCrashAndCompareToThemselves) {
    const std::vector<std::string> inputs = awkward_inputs();
    for (const VersionScheme scheme : kAllSchemes) {
        for (const std::string& a : inputs) {
            EXPECT_EQ(compare_versions(scheme, a, std::string(a)), 0);
            for (const std::string& b : inputs) {
                const int forward = compare_versions(scheme, a, b);
                const int backward = compare_versions(scheme, b, a);
                EXPECT_EQ(forward < 0, backward > 0);
                (void)version_step(scheme, a, b);
                EXPECT_GE(shared_release_prefix(scheme, a, b), 0);
            }
        }
    }
}

TEST(VersionRobustness, HugeNumbersCompareByValue) {
    const std::string big = "1" + std::string(99, '0');        // 10^99
    const std::string bigger = "2" + std::string(99, '0');     // 2 * 10^99
    const std::string padded = std::string(50, '0') + big;      // same value, leading zeros
    for (const VersionScheme scheme : kAllSchemes) {
        EXPECT_LT(compare_versions(scheme, "1.2." + big, "1.2." + bigger), 0) << static_cast<int>(scheme);
        EXPECT_GT(compare_versions(scheme, big + ".0", "18446744073709551616.0"), 0) << static_cast<int>(scheme);
        EXPECT_LT(compare_versions(scheme, "18446744073709551615", "18446744073709551616"), 0)
            << static_cast<int>(scheme);
    }
    expect_equal(VersionScheme::Semver, "1.2." + big, "1.2." + padded);
    expect_equal(VersionScheme::Debian, "1.2." + big, "1.2." + padded);
    expect_equal(VersionScheme::Maven, "1.2." + big, "1.2." + padded);
    EXPECT_EQ(version_step(VersionScheme::Semver, "1.2." + big, "1.2." + bigger), VersionStep::Patch);
}

TEST(VersionRobustness, TotalOrderOnDataAndRandomText) {
    auto add_file = [&](const std::string& file) {
        std::vector<std::string> versions;
        for (const DataCase& c : load_cases(file))
            versions.insert(versions.end(), c.versions.begin(), c.versions.end());
        return versions;
    };
    const std::vector<std::pair<VersionScheme, std::string>> files = {
        {VersionScheme::Maven, "maven_version_cmp.json"},  {VersionScheme::Nuget, "nuget_version_cmp.json"},
        {VersionScheme::Debian, "deb_version_python_pkg_test.json"}, {VersionScheme::Alpine, "alpine_version_cmp.json"},
        {VersionScheme::Rpm, "alpm_version_cmp.json"},
    };
    for (const auto& [scheme, file] : files) expect_total_order(scheme, add_file(file), file);

    // Alpm is total among versions that all have a pkgrel or all lack one (see AlpmOrder).
    std::vector<std::string> with_release, without_release;
    for (std::string& v : add_file("alpm_version_cmp.json"))
        (v.find('-') != std::string::npos ? with_release : without_release).push_back(std::move(v));
    expect_total_order(VersionScheme::Alpm, with_release, "alpm data with a pkgrel");
    expect_total_order(VersionScheme::Alpm, without_release, "alpm data without a pkgrel");

    // Random text from version-ish characters, the same every run.
    std::mt19937 random(20240229);
    const std::string alphabet = "0123456789000111...---__~~^^+:!vrpabcemnsARC";
    std::vector<std::string> random_versions = awkward_inputs();
    random_versions.resize(20);  // the short ones
    for (int i = 0; i < 250; ++i) {
        std::string v;
        const int length = static_cast<int>(random() % 10);
        for (int k = 0; k < length; ++k) v += alphabet[random() % alphabet.size()];
        random_versions.push_back(v);
    }
    // Maven and Alpm are left out: Maven's own ComparableVersion and pacman's vercmp have cycles on
    // such text (see MavenOrder and AlpmOrder).
    for (const VersionScheme scheme : kAllSchemes)
        if (scheme != VersionScheme::Maven && scheme != VersionScheme::Alpm)
            expect_total_order(scheme, random_versions, "random text");

    // Alpm on random versions with single separators between their segments, as pacman's are:
    // all with a pkgrel, then all without.
    const std::string segment_chars = "0123456789001abrc";
    const std::string separators = "._+";
    auto random_part = [&] {
        std::string part;
        const int segments = 1 + static_cast<int>(random() % 4);
        for (int k = 0; k < segments; ++k) {
            if (k > 0) part += separators[random() % separators.size()];
            const int length = 1 + static_cast<int>(random() % 3);
            for (int c = 0; c < length; ++c) part += segment_chars[random() % segment_chars.size()];
        }
        return part;
    };
    std::vector<std::string> pkgrel_versions, plain_versions;
    for (int i = 0; i < 250; ++i) {
        const std::string epoch = random() % 5 == 0 ? std::to_string(random() % 3) + ":" : "";
        plain_versions.push_back(epoch + random_part());
        pkgrel_versions.push_back(plain_versions.back() + "-" + random_part());
    }
    expect_total_order(VersionScheme::Alpm, pkgrel_versions, "random alpm versions with a pkgrel");
    expect_total_order(VersionScheme::Alpm, plain_versions, "random alpm versions without a pkgrel");
}

}  // namespace

TEST(IsPrerelease, NamesEachEcosystemsPreReleasesAndNothingElse) {
    using bomwatch::sbom::is_prerelease;
    using S = bomwatch::sbom::VersionScheme;
    struct Case {
        S scheme;
        const char* version;
        bool prerelease;
    };
    const Case cases[] = {
        {S::Semver, "1.0.0-rc.1", true}, {S::Semver, "1.0.0", false}, {S::Semver, "1.0.0+build.5", false},
        {S::Nuget, "6.0.0-preview.7", true}, {S::Nuget, "6.0.0.1", false},
        {S::Golang, "v1.2.0-beta.1", true}, {S::Golang, "v1.2.0", false},
        {S::Golang, "v0.0.0-20240101000000-abcdef123456", false}, {S::Golang, "v1.2.4-0.20240101000000-abcdef123456", false},
        {S::Pep440, "2.0.0rc1", true}, {S::Pep440, "2.0b3", true}, {S::Pep440, "2.0.dev4", true}, {S::Pep440, "2.0.post1", false},
        {S::Maven, "2.0.0-beta1", true}, {S::Maven, "1.0-SNAPSHOT", true}, {S::Maven, "5.0.0.M2", true},
        {S::Maven, "1.0RC1", true}, {S::Maven, "3.2.1", false}, {S::Maven, "1.0.Final", false}, {S::Maven, "31.1-jre", false},
        {S::Debian, "2.0~rc1-1", true}, {S::Debian, "2.0-1+deb12u1", false},
        {S::Rpm, "1.0~beta-2.el9", true}, {S::Alpine, "1.2.3_rc2-r0", true}, {S::Alpine, "1.2.3-r0", false},
        {S::Generic, "1.0-beta", false},
    };
    for (const Case& c : cases) EXPECT_EQ(is_prerelease(c.scheme, c.version), c.prerelease) << c.version;
}
