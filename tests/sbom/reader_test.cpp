// The readers: what they take from each format, and how they refuse what is not an SBOM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "sbom/read.h"
#include "tests/temp_file.h"
#include "tests/sbom/document_queries.h"
#include "tests/test_paths.h"

namespace bomwatch::sbom {
namespace {

using test::TempDir;
using testing::ElementsAre;
using testing::HasSubstr;

TEST(CycloneDxJson, TakesWhatTheDiffNeeds) {
    const Document doc = read_sbom(test::testdata("axios/after.cdx.json"));
    EXPECT_EQ(doc.format, Format::CycloneDxJson);
    EXPECT_EQ(doc.spec_version, "1.6");
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->purl, "pkg:npm/checkout-web@2.3.1");
    EXPECT_EQ(doc.components.size(), 19u);  // 18 packages and the root

    const Component& axios = find(doc, "pkg:npm/axios@1.14.1");
    EXPECT_EQ(axios.ecosystem, "npm");
    EXPECT_EQ(axios.name, "axios");
    EXPECT_EQ(axios.version, "1.14.1");
    EXPECT_EQ(axios.identity, "pkg:npm/axios");
    EXPECT_EQ(axios.license.text, "MIT");
    EXPECT_FALSE(axios.license.is_name);
    EXPECT_EQ(axios.download, "https://registry.npmjs.org/axios/-/axios-1.14.1.tgz");
    EXPECT_THAT(doc.locations_of(axios), ElementsAre("node_modules/axios"));
    ASSERT_EQ(axios.hashes_count, 1u);
    EXPECT_EQ(doc.hashes_of(axios)[0].algorithm, HashAlgorithm::SHA512);
    EXPECT_EQ(doc.hashes_of(axios)[0].hex().size(), 128u);

    const Component& runtime = find(doc, "pkg:npm/%40babel/runtime@7.24.0");
    EXPECT_EQ(runtime.namespace_, "@babel");
    EXPECT_EQ(display_name(runtime.ecosystem, runtime.namespace_, runtime.name), "@babel/runtime");

    EXPECT_TRUE(has_edge(doc, "pkg:npm/checkout-web@2.3.1", "pkg:npm/axios@1.14.1"));
    EXPECT_TRUE(has_edge(doc, "pkg:npm/axios@1.14.1", "pkg:npm/plain-crypto-js@4.2.1"));
    EXPECT_EQ(doc.edges.size(), 18u);
    EXPECT_EQ(doc.warning_count, 0u);
}

TEST(CycloneDxJson, FlattensNestedComponentsAndTakesDistributionHashes) {
    TempDir dir;
    const auto path = dir.write("nested.json", R"J({
      "bomFormat": "CycloneDX", "specVersion": "1.5",
      "metadata": {"component": {"type": "application", "name": "app", "version": "1", "bom-ref": "app",
                                 "components": [{"type": "library", "name": "inside-root", "version": "2"}]}},
      "components": [
        {"type": "library", "name": "outer", "version": "1.0.0", "bom-ref": "outer",
         "purl": "pkg:npm/outer@1.0.0",
         "externalReferences": [
           {"type": "distribution", "url": "https://registry.example/outer-1.0.0.tgz",
            "hashes": [{"alg": "SHA-512", "content": "AB12"}]},
           {"type": "website", "url": "https://outer.example", "hashes": [{"alg": "MD5", "content": "00ff00ff00ff00ff00ff00ff00ff00ff"}]},
           {"type": "vcs", "url": "git+https://github.com/example/outer.git"}],
         "hashes": [{"alg": "sha256", "content": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}],
         "components": [
           {"type": "library", "name": "inner", "version": "0.1.0", "bom-ref": "inner",
            "pedigree": {"ancestors": [{"type": "library", "name": "not-a-component", "version": "9"}]}}]}],
      "dependencies": [{"ref": "app", "dependsOn": ["outer"]}, {"ref": "outer", "dependsOn": ["inner"]}]
    })J");
    const Document doc = read_sbom(path);
    std::vector<std::string> names;
    for (const auto& c : doc.components) names.emplace_back(c.name);
    std::sort(names.begin(), names.end());
    EXPECT_THAT(names, ElementsAre("app", "inner", "inside-root", "outer"));  // pedigree ancestors are not components

    const Component& outer = find(doc, "pkg:npm/outer@1.0.0");
    // The SHA-512 "AB12" is not a digest (warned and dropped); the website's MD5 is not the artifact's.
    EXPECT_THAT(hash_texts(doc, outer), ElementsAre("SHA-256:" + std::string(64, 'a')));
    EXPECT_EQ(outer.download, "https://registry.example/outer-1.0.0.tgz");
    EXPECT_EQ(outer.vcs, "git+https://github.com/example/outer.git");
    for (const auto& c : doc.components) {
        if (c.name == "inner") {
            EXPECT_EQ(&doc.components[c.parent], &outer);
        }
        if (c.name == "inside-root") {
            EXPECT_EQ(c.parent, doc.root);
        }
    }
    EXPECT_EQ(doc.edges.size(), 2u);
    ASSERT_EQ(doc.warning_count, 1u);
    EXPECT_THAT(doc.warnings[0].message, HasSubstr("'AB12' is not a SHA-512 digest"));
    EXPECT_EQ(doc.warnings[0].where, "components[0].hashes");
}

TEST(CycloneDxJson, CanonicalisesLicencesAndParties) {
    TempDir dir;
    const auto path = dir.write("licences.json", R"J({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "a", "version": "1", "licenses": [{"license": {"id": "MIT"}}, {"license": {"id": "Apache-2.0"}}]},
      {"type": "library", "name": "b", "version": "1", "licenses": [{"expression": "mit or (apache-2.0)"}]},
      {"type": "library", "name": "c", "version": "1", "licenses": [{"license": {"name": "The Apache Software License, Version 2.0"}}]},
      {"type": "library", "name": "d", "version": "1", "evidence": {"licenses": [{"license": {"id": "BSD-3-Clause"}}]}},
      {"type": "library", "name": "e", "version": "1", "supplier": {"name": "Acme Inc"}, "publisher": "Acme Publishing",
       "authors": [{"name": "Jane"}, {"name": "Joe"}]},
      {"type": "library", "name": "f", "version": "1", "supplier": {"name": "Acme (Europe)"}}]})J");
    const Document doc = read_sbom(path);
    auto by_name = [&](std::string_view name) -> const Component& {
        return *std::find_if(doc.components.begin(), doc.components.end(), [&](const Component& c) { return c.name == name; });
    };
    EXPECT_EQ(by_name("a").license.text, "Apache-2.0 AND MIT");
    EXPECT_EQ(by_name("b").license.text, "apache-2.0 OR mit");
    EXPECT_TRUE(by_name("c").license.is_name);
    EXPECT_EQ(by_name("c").license.text, "The Apache Software License, Version 2.0");
    EXPECT_EQ(by_name("d").license.text, "BSD-3-Clause");
    EXPECT_EQ(by_name("e").supplier, "Acme Inc");
    EXPECT_EQ(by_name("e").publisher, "Acme Publishing");
    EXPECT_EQ(by_name("e").originator, "Jane, Joe");
    EXPECT_EQ(by_name("f").supplier, "Acme (Europe)");  // only an e-mail in parentheses is dropped
    EXPECT_EQ(by_name("a").identity, "name:a");
}

TEST(SpdxJson, TakesPackagesRootAndDependencyEdges) {
    TempDir dir;
    const auto path = dir.write("spdx.json", R"J({
      "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x",
      "packages": [
        {"SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1.0"},
        {"SPDXID": "SPDXRef-lib", "name": "lib", "versionInfo": "2.0",
         "supplier": "Organization: Acme Inc (security@acme.example)", "originator": "Person: Jane Doe",
         "downloadLocation": "git+https://github.com/acme/lib.git@v2.0",
         "licenseConcluded": "NOASSERTION", "licenseDeclared": "GPL-2.0-only WITH Classpath-exception-2.0",
         "checksums": [{"algorithm": "SHA1", "checksumValue": "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"},
                       {"algorithm": "SHA256", "checksumValue": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}],
         "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:acme:lib:2.0:*:*:*:*:*:*:*"},
                          {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:maven/com.acme/lib@2.0"}]},
        {"SPDXID": "SPDXRef-dev", "name": "devtool", "versionInfo": "3", "downloadLocation": "NOASSERTION"}],
      "files": [{"SPDXID": "SPDXRef-file", "fileName": "./a.c"}],
      "relationships": [
        {"spdxElementId": "SPDXRef-lib", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-app"},
        {"spdxElementId": "SPDXRef-dev", "relationshipType": "DEV_DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-app"},
        {"spdxElementId": "SPDXRef-app", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-file"},
        {"spdxElementId": "SPDXRef-lib", "relationshipType": "GENERATED_FROM", "relatedSpdxElement": "SPDXRef-dev"},
        {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-app"}]})J");
    const Document doc = read_sbom(path);
    EXPECT_EQ(doc.format, Format::SpdxJson);
    EXPECT_EQ(doc.spec_version, "SPDX-2.3");
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "app");
    const Component& lib = find(doc, "pkg:maven/com.acme/lib@2.0");
    EXPECT_EQ(display_name(lib.ecosystem, lib.namespace_, lib.name), "com.acme:lib");
    EXPECT_EQ(lib.supplier, "Acme Inc");
    EXPECT_EQ(lib.originator, "Jane Doe");
    EXPECT_EQ(lib.vcs, "git+https://github.com/acme/lib.git@v2.0");
    EXPECT_TRUE(lib.download.empty());
    EXPECT_EQ(lib.license.text, "GPL-2.0-only WITH Classpath-exception-2.0");
    EXPECT_THAT(hash_texts(doc, lib),
                ElementsAre("SHA-1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
                            "SHA-256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    // DEPENDENCY_OF and DEV_DEPENDENCY_OF point the other way; files and GENERATED_FROM are not edges.
    ASSERT_EQ(doc.edges.size(), 2u);
    for (const auto& e : doc.edges) EXPECT_EQ(e.from, doc.root);
    EXPECT_EQ(doc.warning_count, 0u);
}

TEST(Detection, GoesByContentNotName) {
    TempDir dir;
    const auto cdx_named_spdx = dir.write("looks-like.spdx.json", test::read_file(test::testdata("axios/after.cdx.json")));
    EXPECT_EQ(read_sbom(cdx_named_spdx).format, Format::CycloneDxJson);
    // Trivy writes keys in alphabetical order: spdxVersion comes last, SPDXID first.
    const auto sorted_keys = dir.write("x", R"J({"SPDXID": "SPDXRef-DOCUMENT", "packages": [], "spdxVersion": "SPDX-2.2"})J");
    EXPECT_EQ(read_sbom(sorted_keys).format, Format::SpdxJson);
}

TEST(Input, ReadsGzipTheSameAsPlain) {
    TempDir dir;
    const std::string text = test::read_file(test::testdata("axios/after.spdx.json"));
    const Document plain = read_sbom(dir.write("a.json", text));
    const Document gz = read_sbom(dir.write_gz("a.json.gz", text));
    ASSERT_EQ(plain.components.size(), gz.components.size());
    for (std::size_t i = 0; i < plain.components.size(); ++i) EXPECT_EQ(plain.components[i].purl, gz.components[i].purl);
    EXPECT_EQ(plain.edges, gz.edges);
}

struct BadInput {
    std::string name;
    std::string content;
    std::string words;  // the error message must hold these
};

class RefusedInput : public testing::TestWithParam<BadInput> {};

TEST_P(RefusedInput, GetsAOneLineErrorNamingFileAndProblem) {
    TempDir dir;
    const auto path = dir.write("input.json", GetParam().content);
    const std::string error = error_of(path);
    ASSERT_FALSE(error.empty()) << "read without error";
    EXPECT_THAT(error, HasSubstr(GetParam().words));
    EXPECT_EQ(error.rfind(path + ":", 0), 0u) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

const std::string kCdxHead = R"J({"bomFormat": "CycloneDX", "specVersion": "1.6", )J";

INSTANTIATE_TEST_SUITE_P(
    Errors, RefusedInput,
    testing::Values(
        BadInput{"empty", "", "not an SBOM: the file is empty"},
        BadInput{"blank", " \n\t\n", "only white space"},
        BadInput{"binary", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10), "binary data (starts with bytes 7f 45 4c 46"},
        BadInput{"text", "hello world\n", "neither JSON, XML nor SPDX tag-value"},
        BadInput{"array", "[1, 2, 3]", "a JSON array, where an SBOM is a JSON object"},
        BadInput{"package_json", R"J({"name": "x", "version": "1.0.0", "main": "index.js"})J",
                 "JSON with none of the keys of a CycloneDX or SPDX document"},
        BadInput{"truncated", kCdxHead + R"J("components": [{"type": "library", "name": "a")J", ":1:"},
        BadInput{"truncated_words", kCdxHead + R"J("components": [{"type": "library", )J", "the JSON ends early"},
        BadInput{"syntax", kCdxHead + "\n\"components\": [}", ":2:"},
        BadInput{"components_object", kCdxHead + R"J("components": {})J", "components: expected an array, found an object"},
        BadInput{"version_number", kCdxHead + R"J("components": [{"type": "library", "name": "a", "version": 3}])J",
                 "components[0].version: expected a string, found a number"},
        BadInput{"component_string", kCdxHead + R"J("components": ["a"])J", "components[0]: expected an object (a component), found a string"},
        BadInput{"depends_on_number", kCdxHead + R"J("dependencies": [{"ref": "a", "dependsOn": [1]}])J",
                 "dependencies[0].dependsOn[0]: expected a string (a ref), found a number"},
        BadInput{"spdx_packages_string", R"J({"spdxVersion": "SPDX-2.3", "packages": "x"})J", "packages: expected an array, found a string"},
        BadInput{"spdx3_graph_object", R"({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": {}})",
                 "@graph: expected an array (of elements), found an object"},
        BadInput{"spdx_version_1", R"J({"spdxVersion": "SPDX-1.2", "packages": []})J", "not an SPDX 2 document"},
        BadInput{"deep_nesting", kCdxHead + R"J("x": )J" + std::string(5000, '[') + std::string(5000, ']') + "}",
                 "nested deeper than 1000 levels"},
        BadInput{"huge_name", kCdxHead + R"J("components": [{"type": "library", "name": ")J" + std::string(100000, 'a') + R"J("}]})J",
                 "components[0].name: value is 100000 bytes long"},
        BadInput{"trailing_garbage", kCdxHead + R"J("components": []} {"again": 1})J", "invalid JSON"},
        BadInput{"invalid_utf8", kCdxHead + "\"components\": [{\"type\": \"library\", \"name\": \"\xff\xfe\"}]}", "invalid JSON"}),
    [](const testing::TestParamInfo<BadInput>& info) { return info.param.name; });

TEST(Errors, PositionPointsAtTheProblem) {
    TempDir dir;
    const auto path = dir.write("pos.json", kCdxHead + "\n\"components\": [\n  {\"type\": \"library\",\n   \"name\": 42}]}");
    EXPECT_THAT(error_of(path), HasSubstr("pos.json:4:"));
    EXPECT_THAT(error_of(path), HasSubstr("components[0].name: expected a string, found a number"));
}

TEST(Errors, MissingFileDirectoryAndTruncatedGzip) {
    TempDir dir;
    EXPECT_THAT(error_of((dir.path() / "nope.json").string()), HasSubstr("nope.json: cannot open: No such file or directory"));
    EXPECT_THAT(error_of(dir.path().string()), HasSubstr("is a directory"));
    const auto gz = dir.write_gz("whole.json.gz", test::read_file(test::testdata("axios/after.cdx.json")));
    std::string bytes = test::read_file(gz);
    const auto cut = dir.write("cut.json.gz", bytes.substr(0, bytes.size() / 2));
    EXPECT_THAT(error_of(cut), HasSubstr("cut.json.gz"));
    const auto corrupt = dir.write("corrupt.json.gz", bytes.substr(0, 10) + std::string(200, 'x'));
    EXPECT_THAT(error_of(corrupt), HasSubstr("corrupt gzip data"));
}

TEST(Warnings, LicencesMixingLicenseAndExpressionAreReadWithAWarning) {
    TempDir dir;
    const auto path = dir.write("mix.json", kCdxHead + R"J("components": [{"type": "library", "name": "a", "version": "1",
        "licenses": [{"license": {"id": "MIT"}}, {"expression": "Apache-2.0"}]}]})J");
    const Document doc = read_sbom(path);
    ASSERT_EQ(doc.warning_count, 1u);
    EXPECT_EQ(doc.warnings[0].where, "components[0].licenses");
    EXPECT_THAT(doc.warnings[0].message, HasSubstr("mixes license and expression"));
    EXPECT_EQ(doc.components[0].license.text, "Apache-2.0 AND MIT");  // both are read, as from XML
}

TEST(Warnings, StrictTurnsThemIntoErrors) {
    TempDir dir;
    const auto path = dir.write("w.json", kCdxHead + R"J("components": [{"type": "gadget", "name": "a", "version": "1"}]})J");
    EXPECT_EQ(read_sbom(path).warning_count, 1u);
    EXPECT_THAT(error_of(path, ReadOptions{.strict = true}), HasSubstr("unknown component type 'gadget' (a warning; an error with --strict)"));
}

}  // namespace
}  // namespace bomwatch::sbom
