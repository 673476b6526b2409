// Tests for sbom/purl: the official purl test suite (every case of every file, each its own test),
// then hand-written cases for what the rest of bomwatch relies on.
#include "sbom/purl.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using bomwatch::sbom::build_purl;
using bomwatch::sbom::parse_purl;
using bomwatch::sbom::Purl;
using nlohmann::json;
using Qualifiers = std::vector<std::pair<std::string, std::string>>;

// ---------------------------------------------------------------------------------------------
// The official suite

const std::filesystem::path kSuiteDir = std::filesystem::path(BOMWATCH_SHARED_DIR) / "purl-tests";

// Cases that cannot pass, each with the reason (all in types/). The suite test fails on any other
// failing case, and also when a case listed here starts passing (so the list cannot go stale).
struct KnownFailure {
    std::string_view file;
    std::string_view test_type;
    std::string_view input;
    std::string_view reason;
};

constexpr std::string_view kMixedCaseKeyReason =
    "contradicts maven-test.json, whose required parse of '?repositorY_url=' succeeds with the key "
    "lower-cased (as purl.h promises); the same input's 'validate' case in this file also lower-cases";

constexpr KnownFailure kKnownFailures[] = {
    {"gem-test.json", "parse", "pkg:gem/jruby-launcher@1.1.2?Platform=java", kMixedCaseKeyReason},
    {"rpm-test.json", "parse", "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25", kMixedCaseKeyReason},
};

std::vector<std::filesystem::path> suite_files() {
    std::vector<std::filesystem::path> files{kSuiteDir / "spec" / "specification-test.json"};
    std::vector<std::filesystem::path> types;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(kSuiteDir / "types", ec)) {
        if (entry.path().extension() == ".json") types.push_back(entry.path());
    }
    std::sort(types.begin(), types.end());
    files.insert(files.end(), types.begin(), types.end());
    return files;
}

// The "tests" array of one suite file; fails the calling test when it cannot be read.
json load_cases(const std::filesystem::path& path) {
    std::error_code ec;  // a missing file reads as empty and is reported below
    std::ifstream in(path, std::ios::binary);
    std::string text(std::filesystem::file_size(path, ec), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!in || document.is_discarded() || !document.contains("tests") || !document["tests"].is_array()) {
        ADD_FAILURE() << "cannot read a \"tests\" array from " << path;
        return json::array();
    }
    return std::move(document["tests"]);
}

const KnownFailure* find_known_failure(std::string_view file, const json& test) {
    for (const KnownFailure& known : kKnownFailures) {
        if (known.file == file && test.value("test_type", "") == known.test_type && test["input"].is_string() &&
            test["input"].get<std::string>() == known.input) {
            return &known;
        }
    }
    return nullptr;
}

// A JSON component that may be null or missing, as a string ("" when absent).
std::string component(const json& object, const char* key) {
    return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : std::string{};
}

Qualifiers qualifiers_of(const json& object) {
    Qualifiers qualifiers;
    if (object.contains("qualifiers") && object["qualifiers"].is_object()) {
        for (const auto& [key, value] : object["qualifiers"].items()) {
            qualifiers.emplace_back(key, value.get<std::string>());
        }
    }
    return qualifiers;
}

std::string describe(const Qualifiers& qualifiers) {
    std::string text = "{";
    for (const auto& [key, value] : qualifiers) text += key + "=" + value + ";";
    return text + "}";
}

// Each run_* returns "" when the case passes, else what went wrong.
std::string run_parse(const json& test) {
    std::string error;
    const auto purl = parse_purl(test["input"].get<std::string>(), &error);
    if (test.value("expected_failure", false)) {
        if (purl) return "expected a parse failure, got " + purl->to_string();
        return error.empty() ? "failed without a reason" : "";
    }
    if (!purl) return "parse failed: " + error;

    const json& expected = test["expected_output"];
    std::string mismatches;
    const auto check = [&](const char* what, const std::string& actual, const std::string& wanted) {
        if (actual != wanted) mismatches += std::string(what) + " is '" + actual + "', expected '" + wanted + "'; ";
    };
    check("type", purl->type, component(expected, "type"));
    check("namespace", purl->namespace_, component(expected, "namespace"));
    check("name", purl->name, component(expected, "name"));
    check("version", purl->version, component(expected, "version"));
    check("qualifiers", describe(purl->qualifiers), describe(qualifiers_of(expected)));
    check("subpath", purl->subpath, component(expected, "subpath"));
    return mismatches;
}

std::string run_build(const json& test) {
    const json& input = test["input"];
    std::string error;
    const auto purl = build_purl(component(input, "type"), component(input, "namespace"), component(input, "name"),
                                 component(input, "version"), qualifiers_of(input), component(input, "subpath"),
                                 &error);
    if (test.value("expected_failure", false)) {
        if (purl) return "expected a build failure, got " + purl->to_string();
        return error.empty() ? "failed without a reason" : "";
    }
    if (!purl) return "build failed: " + error;
    const std::string wanted = test["expected_output"].get<std::string>();
    return purl->to_string() == wanted ? "" : "built '" + purl->to_string() + "', expected '" + wanted + "'";
}

// "validate": the canonical form of the input string.
std::string run_validate(const json& test) {
    std::string error;
    const auto purl = parse_purl(test["input"].get<std::string>(), &error);
    if (test.value("expected_failure", false)) return purl ? "expected a failure, got " + purl->to_string() : "";
    if (!purl) return "parse failed: " + error;
    const std::string wanted = test["expected_output"].get<std::string>();
    if (purl->to_string() == wanted) return "";
    return "canonical form is '" + purl->to_string() + "', expected '" + wanted + "'";
}

std::string run_case(const json& test) {
    const std::string type = test.value("test_type", "");
    if (type == "parse") return run_parse(test);
    if (type == "build") return run_build(test);
    if (type == "validate" || type == "roundtrip") return run_validate(test);
    return "unknown test_type '" + type + "'";
}

// One test per suite file (one process each under ctest, which keeps the suite quick), reporting
// every failing case separately with its description and input.
class PurlSuite : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(PurlSuite, EveryCasePasses) {
    const std::string file = GetParam().filename().string();
    const json cases = load_cases(GetParam());
    EXPECT_FALSE(cases.empty()) << file << " has no cases";

    std::size_t passed = 0;
    std::size_t known_failures = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const json& test = cases[i];
        const std::string where = file + " #" + std::to_string(i) + " [" + test.value("test_type", "?") + "] " +
                                  test.value("description", "") + " | input: " + test["input"].dump();
        const std::string failure = run_case(test);
        if (const KnownFailure* known = find_known_failure(file, test)) {
            if (failure.empty()) {
                ADD_FAILURE() << where << "\n  passes now: remove it from kKnownFailures";
            } else {
                ++known_failures;
                std::cout << "[  KNOWN   ] " << where << "\n             " << failure << "\n             reason: "
                          << known->reason << "\n";
            }
        } else if (failure.empty()) {
            ++passed;
        } else {
            ADD_FAILURE() << where << "\n  " << failure;
        }
    }
    std::cout << "[  SUITE   ] " << file << ": " << cases.size() << " cases, " << passed << " passed, "
              << known_failures << " known failures\n";
    RecordProperty("cases", static_cast<int>(cases.size()));
    RecordProperty("passed", static_cast<int>(passed));
    RecordProperty("known_failures", static_cast<int>(known_failures));
}

std::string file_test_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
    std::string name = info.param.stem().string();  // "maven-test"
    const auto not_alphanumeric = [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); };
    std::replace_if(name.begin(), name.end(), not_alphanumeric, '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(Official, PurlSuite, ::testing::ValuesIn(suite_files()), file_test_name);

TEST(PurlSuiteFiles, AllFilesArePresentAndEveryKnownFailureExists) {
    const auto files = suite_files();
    ASSERT_TRUE(std::filesystem::exists(files.front())) << files.front();
    EXPECT_GT(files.size(), 40u) << "expected the spec file and the ~42 type files in " << kSuiteDir;
    for (const KnownFailure& known : kKnownFailures) {
        const json cases = load_cases(kSuiteDir / "types" / std::string(known.file));
        const bool exists = std::any_of(cases.begin(), cases.end(), [&](const json& test) {
            return find_known_failure(known.file, test) == &known;
        });
        EXPECT_TRUE(exists) << "kKnownFailures lists a case the suite no longer has: " << known.input;
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written cases

Purl parsed(std::string_view text) {
    std::string error;
    auto purl = parse_purl(text, &error);
    EXPECT_TRUE(purl.has_value()) << text << ": " << error;
    return purl.value_or(Purl{});
}

TEST(Purl, NpmScopeIsTheNamespace) {
    const Purl purl = parsed("pkg:npm/%40angular/core@1.0.0");
    EXPECT_EQ(purl.type, "npm");
    EXPECT_EQ(purl.namespace_, "@angular");
    EXPECT_EQ(purl.name, "core");
    EXPECT_EQ(purl.version, "1.0.0");
    EXPECT_EQ(purl.to_string(), "pkg:npm/%40angular/core@1.0.0");
}

TEST(Purl, NpmUnencodedScopeIsNotAVersion) {
    const Purl without_version = parsed("pkg:npm/@angular/core");
    EXPECT_EQ(without_version.namespace_, "@angular");
    EXPECT_EQ(without_version.name, "core");
    EXPECT_EQ(without_version.version, "");

    const Purl with_version = parsed("pkg:npm/@angular/core@16.2.0");
    EXPECT_EQ(with_version.namespace_, "@angular");
    EXPECT_EQ(with_version.name, "core");
    EXPECT_EQ(with_version.version, "16.2.0");
    EXPECT_EQ(with_version.to_string(), "pkg:npm/%40angular/core@16.2.0");
}

TEST(Purl, QualifiersAreSortedWithLowerCaseKeysAndNoEmptyValues) {
    const Purl purl = parsed("pkg:deb/debian/curl@7.50.3-1?Distro=jessie&ARCH=i386&empty=&&");
    const Qualifiers expected{{"arch", "i386"}, {"distro", "jessie"}};
    EXPECT_EQ(purl.qualifiers, expected);
    EXPECT_EQ(purl.qualifier("arch"), "i386");
    EXPECT_EQ(purl.qualifier("distro"), "jessie");
    EXPECT_EQ(purl.qualifier("empty"), std::nullopt);
    EXPECT_EQ(purl.qualifier("missing"), std::nullopt);
    EXPECT_EQ(purl.to_string(), "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie");
}

TEST(Purl, ComponentsArePercentDecoded) {
    const Purl purl =
        parsed("pkg:maven/my%2Egroup/my%20artifact@1.0%2Bbuild.5?url=https%3A%2F%2Fexample.com%2Fa%20b#src/main/x%2Ec");
    EXPECT_EQ(purl.namespace_, "my.group");
    EXPECT_EQ(purl.name, "my artifact");
    EXPECT_EQ(purl.version, "1.0+build.5");
    EXPECT_EQ(purl.qualifier("url"), "https://example.com/a b");
    EXPECT_EQ(purl.subpath, "src/main/x.c");
    EXPECT_EQ(purl.to_string(),
              "pkg:maven/my.group/my%20artifact@1.0%2Bbuild.5?url=https:%2F%2Fexample.com%2Fa%20b#src/main/x.c");
}

TEST(Purl, PlusIsNotASpace) {
    EXPECT_EQ(parsed("pkg:generic/a+b@1+2").name, "a+b");
    EXPECT_EQ(parsed("pkg:generic/a+b@1+2").version, "1+2");
    EXPECT_EQ(parsed("pkg:generic/a+b@1+2").to_string(), "pkg:generic/a%2Bb@1%2B2");
}

TEST(Purl, PypiNamesAreNormalised) {
    EXPECT_EQ(parsed("pkg:pypi/Django_Package@1.0").name, "django-package");
    // PEP 503, as the pypi type definition says: each run of '-', '_', '.' becomes one '-'.
    EXPECT_EQ(parsed("pkg:PyPI/zope.interface@5.0").name, "zope-interface");
    EXPECT_EQ(parsed("pkg:pypi/a__b-._c").name, "a-b-c");
    EXPECT_EQ(parsed("pkg:pypi/Django_Package@1.0").to_string(), "pkg:pypi/django-package@1.0");
}

TEST(Purl, MavenKeepsTheCaseOfNamespaceAndName) {
    const Purl purl = parsed("pkg:Maven/org.Apache.Commons/Commons-IO@2.11.0?Type=jar");
    EXPECT_EQ(purl.type, "maven");
    EXPECT_EQ(purl.namespace_, "org.Apache.Commons");
    EXPECT_EQ(purl.name, "Commons-IO");
    EXPECT_EQ(purl.to_string(), "pkg:maven/org.Apache.Commons/Commons-IO@2.11.0?type=jar");
}

TEST(Purl, CaseInsensitiveTypesAreLowerCased) {
    EXPECT_EQ(parsed("pkg:github/Package-URL/Purl-Spec@v1.0").to_string(), "pkg:github/package-url/purl-spec@v1.0");
    EXPECT_EQ(parsed("pkg:composer/Laravel/Framework").to_string(), "pkg:composer/laravel/framework");
    // The version keeps its case even where the name does not.
    EXPECT_EQ(parsed("pkg:deb/Debian/LibC6@2.36-RC1").to_string(), "pkg:deb/debian/libc6@2.36-RC1");
}

TEST(Purl, ToStringRoundTrips) {
    const char* canonical[] = {
        "pkg:npm/%40angular/core@1.0.0",
        "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease",
        "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64",
        "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations",
        "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
        "pkg:git/codeberg.org/forgejo/forgejo@a72d2c07cfca03b55371089de6aa230d8c951fa0#options/locale_readme.md",
        "pkg:brew/postgresql%4012@12.17",
        "pkg:generic/%E2%9C%93@1.0",  // UTF-8 is percent-encoded byte by byte
    };
    for (const char* text : canonical) {
        const Purl purl = parsed(text);
        EXPECT_EQ(purl.to_string(), text);
        const Purl again = parsed(purl.to_string());
        EXPECT_EQ(again.to_string(), text);
        EXPECT_EQ(again.namespace_, purl.namespace_) << text;
        EXPECT_EQ(again.name, purl.name) << text;
        EXPECT_EQ(again.version, purl.version) << text;
        EXPECT_EQ(again.qualifiers, purl.qualifiers) << text;
        EXPECT_EQ(again.subpath, purl.subpath) << text;
    }
}

TEST(Purl, NonCanonicalInputIsCanonicalised) {
    EXPECT_EQ(parsed("PKG:///NPM/foo@1.0/").to_string(), "pkg:npm/foo@1.0");
    EXPECT_EQ(parsed("pkg:golang/x//y/z#/a/./b/../c//").to_string(), "pkg:golang/x/y/z#a/b/c");
    EXPECT_EQ(parsed("pkg:generic/name@1?b=2&a=1").to_string(), "pkg:generic/name@1?a=1&b=2");
}

TEST(Purl, ErrorsCarryAReason) {
    const struct {
        const char* input;
        const char* reason_contains;
    } cases[] = {
        {"npm/foo@1.0", "pkg:"},
        {"pkg%3Anpm/foo", "pkg:"},
        {"pkg:/foo", "name"},
        {"pkg:3com/foo", "type"},
        {"pkg:n_m/foo", "type"},
        {"pkg:maven/org.example/@1.0", "empty name"},
        {"pkg:npm/foo?in%20production=true", "qualifier key"},
        {"pkg:npm/foo?a=1&A=2", "duplicate qualifier key 'a'"},
        {"pkg:npm/foo%2", "percent-encoding"},
        {"pkg:npm/foo%zz", "percent-encoding"},
        {"pkg:swift/Alamofire@5.4.3", "namespace"},
        {"pkg:vcpkg/boost/asio@1.84.0", "namespace"},
        {"pkg:cpan/LWP::UserAgent@6.7.6", "::"},
        {"pkg:maven/org%2Fexample/lib", "namespace segment contains '/'"},
        {"pkg:npm/foo#src%2Fmain", "subpath segment contains '/'"},
    };
    for (const auto& c : cases) {
        std::string error;
        EXPECT_EQ(parse_purl(c.input, &error), std::nullopt) << c.input;
        EXPECT_NE(error.find(c.reason_contains), std::string::npos) << c.input << " gave reason '" << error << "'";
    }
    EXPECT_EQ(parse_purl("not a purl"), std::nullopt);  // no error out-parameter is fine
}

TEST(Purl, BuildCanonicalisesItsParts) {
    std::string error;
    const auto purl = build_purl("PyPI", "", "Foo_Bar", "1.0", {{"z", "last"}, {"A", "first"}, {"empty", ""}},
                                 "/src/./pkg/", &error);
    ASSERT_TRUE(purl.has_value()) << error;
    EXPECT_EQ(purl->type, "pypi");
    EXPECT_EQ(purl->name, "foo-bar");
    const Qualifiers expected{{"a", "first"}, {"z", "last"}};
    EXPECT_EQ(purl->qualifiers, expected);
    EXPECT_EQ(purl->subpath, "src/pkg");
    EXPECT_EQ(purl->to_string(), "pkg:pypi/foo-bar@1.0?a=first&z=last#src/pkg");

    EXPECT_EQ(build_purl("npm", "", "", "1.0", {}, "", &error), std::nullopt);
    EXPECT_EQ(error, "empty name");
    EXPECT_EQ(build_purl("", "", "x", "", {}, "", &error), std::nullopt);
    EXPECT_EQ(error, "missing type");
    EXPECT_EQ(build_purl("npm", "", "x", "", {{"in production", "yes"}}, "", &error), std::nullopt);
    EXPECT_NE(error.find("qualifier key"), std::string::npos) << error;
}

}  // namespace
