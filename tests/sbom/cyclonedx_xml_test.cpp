// The CycloneDX XML reader: what it takes (the same as the JSON reader, component for component),
// the corpus files it reads, and the XML it refuses: DOCTYPEs, entities, malformed documents,
// unknown namespaces.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

#include "sbom/read.h"
#include "tests/temp_file.h"
#include "tests/sbom/document_queries.h"
#include "tests/test_paths.h"

namespace bomwatch::sbom {
namespace {

using test::TempDir;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::StartsWith;

// A component by what identifies it in a document whatever its syntax.
std::string key_of(const Document& doc, std::uint32_t index) {
    if (index == kNone) return "-";
    const Component& c = doc.components[index];
    std::string key = std::string(c.identity) + "@" + std::string(c.version);
    for (const auto& location : doc.locations_of(c)) key += " " + std::string(location);
    return key;
}

struct Described {
    std::vector<std::string> components;  // every field the builder made, one line each, sorted
    std::vector<std::string> edges;        // "from -> to", sorted
    std::string root;
};

// Everything the model holds, except the order of components and the fields named in `ignored`
// ("parent", "scope", ...): what differs between two files of one product written differently.
Described describe(const Document& doc, const std::vector<std::string_view>& ignored = {}) {
    Described out;
    for (std::uint32_t i = 0; i < doc.components.size(); ++i) {
        const Component& c = doc.components[i];
        std::string hashes;
        for (const auto& h : hash_texts(doc, c)) hashes += h + ",";
        const std::pair<std::string_view, std::string> fields[] = {
            {"purl", std::string(c.purl)}, {"ecosystem", std::string(c.ecosystem)}, {"namespace", std::string(c.namespace_)},
            {"name", std::string(c.name)}, {"type", std::string(c.type)},
            {"license", std::string(c.license.text) + (c.license.is_name ? " (a name)" : "")},
            {"supplier", std::string(c.supplier)}, {"publisher", std::string(c.publisher)},
            {"originator", std::string(c.originator)}, {"download", std::string(c.download)}, {"vcs", std::string(c.vcs)},
            {"repository", std::string(c.repository)}, {"scope", std::string(c.scope)}, {"hashes", hashes},
            {"parent", key_of(doc, c.parent)}};
        std::string line = key_of(doc, i) + " |";
        for (const auto& [name, value] : fields)
            if (std::find(ignored.begin(), ignored.end(), name) == ignored.end()) line += " " + std::string(name) + "=" + value;
        out.components.push_back(line);
    }
    for (const Edge& e : doc.edges) out.edges.push_back(key_of(doc, e.from) + " -> " + key_of(doc, e.to));
    std::sort(out.components.begin(), out.components.end());
    std::sort(out.edges.begin(), out.edges.end());
    out.root = key_of(doc, doc.root);
    return out;
}

// The lines of `a` that `b` lacks (both sorted).
std::vector<std::string> missing_from(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

// Equal line lists, shown by their differences when they are not.
void expect_same_lines(const std::vector<std::string>& xml, const std::vector<std::string>& json) {
    EXPECT_THAT(missing_from(xml, json), IsEmpty()) << "only in the XML";
    EXPECT_THAT(missing_from(json, xml), IsEmpty()) << "only in the JSON";
    EXPECT_EQ(xml.size(), json.size());
}

void expect_same_model(const Document& xml, const Document& json, const std::vector<std::string_view>& ignored = {}) {
    const Described x = describe(xml, ignored), j = describe(json, ignored);
    expect_same_lines(x.components, j.components);
    expect_same_lines(x.edges, j.edges);
    EXPECT_EQ(x.root, j.root);
}

// ---- The axios builds (testdata/axios), written as XML from the same data as the JSON ----

TEST(CycloneDxXml, TakesWhatTheDiffNeeds) {
    const Document doc = read_sbom(test::testdata("axios/after.cdx.xml"));
    EXPECT_EQ(doc.format, Format::CycloneDxXml);
    EXPECT_EQ(doc.spec_version, "1.6");
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->purl, "pkg:npm/checkout-web@2.3.1");
    EXPECT_EQ(doc.components.size(), 19u);  // 18 packages and the root; not the tool in metadata/tools

    const Component& axios = find(doc, "pkg:npm/axios@1.14.1");
    EXPECT_EQ(axios.ecosystem, "npm");
    EXPECT_EQ(axios.name, "axios");
    EXPECT_EQ(axios.version, "1.14.1");
    EXPECT_EQ(axios.identity, "pkg:npm/axios");
    EXPECT_EQ(axios.type, "library");
    EXPECT_EQ(axios.license.text, "MIT");
    EXPECT_FALSE(axios.license.is_name);
    EXPECT_EQ(axios.download, "https://registry.npmjs.org/axios/-/axios-1.14.1.tgz");
    EXPECT_THAT(doc.locations_of(axios), ElementsAre("node_modules/axios"));
    EXPECT_THAT(hash_texts(doc, axios),
                ElementsAre("SHA-512:540f2159cbcdf93711b0c19ef73a2f4d390364f254d513bd9e33f8a69fbdffc69c82b3ee819921fdff048a19388e80e091df11dc5f3720e045353a131d91008e"));

    const Component& runtime = find(doc, "pkg:npm/%40babel/runtime@7.24.0");
    EXPECT_EQ(runtime.namespace_, "@babel");
    EXPECT_EQ(display_name(runtime.ecosystem, runtime.namespace_, runtime.name), "@babel/runtime");

    EXPECT_TRUE(has_edge(doc, "pkg:npm/checkout-web@2.3.1", "pkg:npm/axios@1.14.1"));
    EXPECT_TRUE(has_edge(doc, "pkg:npm/axios@1.14.1", "pkg:npm/plain-crypto-js@4.2.1"));
    EXPECT_EQ(doc.edges.size(), 18u);
    EXPECT_EQ(doc.warning_count, 0u);
}

TEST(CycloneDxXml, BuildsWhatTheJsonOfTheSameBuildBuilds) {
    for (const char* build : {"before", "after"}) {
        SCOPED_TRACE(build);
        expect_same_model(read_sbom(test::testdata(std::string("axios/") + build + ".cdx.xml")),
                          read_sbom(test::testdata(std::string("axios/") + build + ".cdx.json")));
    }
}

// ---- Through the command, as a user runs it ----

struct Outcome {
    int code;
    std::string out, err;
};

Outcome bomwatch(const std::string& args) {
    TempDir dir;
    const auto out = dir.path() / "stdout", err = dir.path() / "stderr";
    const std::string command = std::string(BOMWATCH_BINARY) + " " + args + " </dev/null >" + out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::read_file(out.string()), test::read_file(err.string())};
}

nlohmann::json diff_json(const std::string& old_path, const std::string& new_path) {
    const Outcome r = bomwatch("diff --format json " + old_path + " " + new_path);
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
}

TEST(CycloneDxXml, SameBuildAsJsonDiffsAsNoChanges) {
    const auto report = diff_json(test::testdata("axios/after.cdx.xml"), test::testdata("axios/after.cdx.json"));
    EXPECT_THAT(report["changes"], IsEmpty());
    EXPECT_EQ(report["summary"]["unchanged"], 18);
    EXPECT_EQ(report["old"]["format"], "cyclonedx-xml");
    EXPECT_EQ(bomwatch("diff --fail-on info " + test::testdata("axios/after.cdx.xml") + " " + test::testdata("axios/after.cdx.json")).code, 0);
}

// What a change says, without the details of the artifacts (which SPDX states differently:
// it has no install locations).
std::vector<std::string> change_lines(const nlohmann::json& report) {
    std::vector<std::string> out;
    for (const auto& change : report["changes"]) {
        std::string line = change["kind"].get<std::string>();
        for (const char* key : {"identity", "from", "to", "field", "direction", "step"})
            if (change.contains(key)) line += " " + std::string(key) + "=" + change[key].dump();
        for (const char* side : {"old", "new"})
            if (change.contains(side)) line += " " + std::string(side) + "=" + change[side]["version"].dump();
        if (change.contains("introducedVia")) line += " via=" + change["introducedVia"].dump();
        out.push_back(line);
    }
    return out;
}

TEST(CycloneDxXml, DiffAcrossFormatsGivesTheChangesOfADiffWithinOne) {
    const auto within = diff_json(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    ASSERT_EQ(within["changes"].size(), 3u);
    const auto across = diff_json(test::testdata("axios/before.cdx.xml"), test::testdata("axios/after.spdx.json"));
    EXPECT_EQ(change_lines(across), change_lines(within));
    EXPECT_THAT(change_lines(across),
                ElementsAre(R"(added identity="pkg:npm/plain-crypto-js" new="4.2.1" via=["pkg:npm/axios@1.14.1"])",
                            R"(versionChanged identity="pkg:npm/axios" direction="up" step="patch" old="1.14.0" new="1.14.1")",
                            R"(edgeAdded from="pkg:npm/axios" to="pkg:npm/plain-crypto-js")"));
    EXPECT_EQ(across["summary"], within["summary"]);
    // With the same new file, the reports are equal to the last detail.
    EXPECT_EQ(diff_json(test::testdata("axios/before.cdx.xml"), test::testdata("axios/after.cdx.xml"))["changes"], within["changes"]);
    EXPECT_EQ(diff_json(test::testdata("axios/before.cdx.xml"), test::testdata("axios/after.spdx.json"))["changes"],
              diff_json(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.spdx.json"))["changes"]);
}

TEST(CycloneDxXml, RefusedFilesExitWithCodeTwoAndOneLine) {
    TempDir dir;
    const auto path = dir.write("xxe.xml", R"X(<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&xxe;</name></component></components></bom>
)X");
    const Outcome r = bomwatch("diff " + path + " " + test::testdata("axios/after.cdx.json"));
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, StartsWith("bomwatch: error: " + path + ":2:"));
    EXPECT_THAT(r.err, HasSubstr("DOCTYPE"));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
}

// ---- The shared corpus ----

std::string xml_corpus(const std::string& name) { return test::corpus("cyclonedx-xml/" + name); }
std::string json_corpus(const std::string& name) { return test::corpus("cyclonedx-json/" + name); }

// The same product, written by one generator in both syntaxes: the same model, nesting, edges
// and root included.
TEST(CycloneDxXmlCorpus, SameDocumentInBothSyntaxesBuildsTheSameModel) {
    for (const char* name : {"bom-examples_proton-bridge-v1.6.3", "bom-examples_proton-bridge-v1.8.0",
                             "bom-examples_laravel-7.12.0_spec1.2",
                             "bom-examples_laravel-7.12.0_spec1.3", "bom-examples_laravel-7.12.0_spec1.4",
                             "spec_valid-bom-1.6", "spec_valid-dependency-1.6", "spec_valid-component-hashes-1.6"}) {
        SCOPED_TRACE(name);
        const Document xml = read_sbom(xml_corpus(std::string(name) + ".xml"));
        const Document json = read_sbom(json_corpus(std::string(name) + ".json"));
        expect_same_model(xml, json);
        EXPECT_EQ(xml.spec_version, json.spec_version);
        EXPECT_EQ(xml.warning_count, json.warning_count);
    }
    // syft's fixture: the same warnings too, at the same JSON paths.
    const Document xml = read_sbom(xml_corpus("syft_TestCycloneDxImageEncoder.cdx.xml"));
    const Document json = read_sbom(json_corpus("syft_TestCycloneDxImageEncoder.cdx.json"));
    expect_same_model(xml, json);
    ASSERT_EQ(xml.warnings.size(), json.warnings.size());
    for (std::size_t i = 0; i < xml.warnings.size(); ++i) {
        EXPECT_EQ(xml.warnings[i].where, json.warnings[i].where);
        EXPECT_EQ(xml.warnings[i].message, json.warnings[i].message);
    }
}

TEST(CycloneDxXmlCorpus, DropwizardXmlAndJsonDifferOnlyWhereTheFilesDo) {
    // The two files are not one run of the Maven plugin: the XML states a scope for every
    // component, the JSON none; the JSON has two VCS references and one licence the XML lacks.
    const Document xml = read_sbom(xml_corpus("bom-examples_dropwizard-1.3.15.xml"));
    const Document json = read_sbom(json_corpus("bom-examples_dropwizard-1.3.15.json"));
    EXPECT_EQ(xml.components.size(), 168u);
    for (const auto& c : xml.components) EXPECT_EQ(c.scope, "required") << c.name;
    for (const auto& c : json.components) EXPECT_EQ(c.scope, "") << c.name;
    const Described x = describe(xml, {"scope"}), j = describe(json, {"scope"});
    EXPECT_EQ(x.edges, j.edges);
    EXPECT_EQ(x.root, j.root);
    std::vector<std::string> differing;
    for (const auto& line : missing_from(x.components, j.components)) differing.push_back(line.substr(0, line.find(" |")));
    EXPECT_THAT(differing, ElementsAre("pkg:maven/org.apache.httpcomponents/httpclient@4.5.7",
                                       "pkg:maven/org.apache.httpcomponents/httpcore@4.4.11",
                                       "pkg:maven/org.glassfish.hk2/osgi-resource-locator@1.0.1"));
    expect_same_lines(describe(xml, {"scope", "vcs", "license"}).components, describe(json, {"scope", "vcs", "license"}).components);
    const auto& locator = find(json, "pkg:maven/org.glassfish.hk2/osgi-resource-locator@1.0.1?type=jar");
    EXPECT_EQ(locator.license.text, "CDDL-1.0 OR GPL-2.0-with-classpath-exception");
    EXPECT_TRUE(find(xml, locator.purl).license.empty());
    EXPECT_EQ(find(json, "pkg:maven/org.apache.httpcomponents/httpclient@4.5.7?type=jar").vcs,
              "https://github.com/apache/httpcomponents-client/tree/${project.scm.tag}");
    EXPECT_TRUE(find(xml, "pkg:maven/org.apache.httpcomponents/httpclient@4.5.7?type=jar").vcs.empty());
}

TEST(CycloneDxXmlCorpus, Laravel11HasNoRootGraphOrAuthorsButTheSameComponents) {
    // Spec 1.1 has no metadata, no dependencies and no component author: the rest matches 1.2.
    const Document xml = read_sbom(xml_corpus("bom-examples_laravel-7.12.0_spec1.1.xml"));
    const Document json = read_sbom(json_corpus("bom-examples_laravel-7.12.0_spec1.2.json"));
    EXPECT_EQ(xml.spec_version, "1.1");
    EXPECT_EQ(xml.root, kNone);
    EXPECT_THAT(xml.edges, IsEmpty());
    for (const auto& c : xml.components) EXPECT_EQ(c.originator, "") << c.name;
    Described x = describe(xml, {"originator"}), j = describe(json, {"originator"});
    std::erase_if(j.components, [&](const std::string& line) { return line.starts_with(j.root + " |"); });
    expect_same_lines(x.components, j.components);
}

TEST(CycloneDxXmlCorpus, JuiceShopFlatXmlIsTheBareJsonWithoutNesting) {
    // cyclonedx-npm wrote the JSON with nested components ("bare") and the XML flat: the same
    // packages, fields and edges; only the nesting differs.
    const Document xml = read_sbom(xml_corpus("bom-examples_juice-shop_cyclonedx-npm_flat_spec1.4.xml"));
    const Document json = read_sbom(json_corpus("bom-examples_juice-shop_cyclonedx-npm_bare_spec1.4.json"));
    const Described x = describe(xml, {"parent"}), j = describe(json, {"parent"});
    expect_same_lines(x.components, j.components);
    EXPECT_EQ(x.root, j.root);
    auto nested = [](const Document& doc) {
        return std::count_if(doc.components.begin(), doc.components.end(),
                             [&](const Component& c) { return c.parent != kNone && c.parent != doc.root; });
    };
    EXPECT_EQ(nested(xml), 0);
    EXPECT_EQ(nested(json), 278);
    expect_same_lines(x.edges, j.edges);
}

TEST(CycloneDxXmlCorpus, ReadsTheFieldsOfAGoModule) {
    const Document doc = read_sbom(xml_corpus("bom-examples_proton-bridge-v1.6.3.xml"));
    EXPECT_EQ(doc.spec_version, "1.2");
    const Component& c = find(doc, "pkg:golang/github.com/0xax/notificator@v0.0.0-20191016112426-3962a5ea8da1");
    EXPECT_EQ(c.name, "notificator");
    EXPECT_EQ(c.namespace_, "github.com/0xAX");
    EXPECT_EQ(c.scope, "required");
    EXPECT_EQ(c.license.text, "BSD-3-Clause");
    EXPECT_THAT(hash_texts(doc, c), ElementsAre("SHA-256:8fd1da69f6a90db3db1910e4bba7bf1d1b3a28131c287896726d7ff526f19e5e"));
    EXPECT_EQ(doc.root_component()->vcs, "https://github.com/ProtonMail/proton-bridge");
    const Document json = read_sbom(json_corpus("bom-examples_proton-bridge-v1.6.3.json"));
    const Component& j = find(json, c.purl);
    EXPECT_EQ(c.vcs, j.vcs);
    EXPECT_EQ(c.download, j.download);
}

TEST(CycloneDxXmlCorpus, TakesPartiesLicencesAndSkipsPedigree) {
    const Document doc = read_sbom(xml_corpus("spec_valid-bom-1.6.xml"));
    EXPECT_EQ(doc.components.size(), 4u);  // the root and three: not tomcat's pedigree ancestor
    const Component& tomcat = find(doc, "pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar");
    EXPECT_EQ(tomcat.publisher, "Acme Inc");
    EXPECT_EQ(tomcat.originator, "Joane Doe et al.");
    EXPECT_EQ(tomcat.license.text, "Apache-2.0");
    EXPECT_EQ(tomcat.hashes_count, 4u);
    // Its name says "mylibrary", its purl "myapplication": the purl names it.
    const Component& mylibrary = find(doc, "pkg:maven/com.example/myapplication@1.0.0?packaging=war");
    EXPECT_EQ(mylibrary.supplier, "Example, Inc.");  // the supplier, not the manufacturer
    EXPECT_EQ(mylibrary.originator, "Anthony Edward Stark, Peter Benjamin Parker");
    EXPECT_EQ(mylibrary.license.text, "EPL-2.0 OR GPL-2.0-with-classpath-exception");
    EXPECT_TRUE(mylibrary.download.empty());  // documentation and advisories are not sources
    const Component& framework = by_name(doc, "myframework");
    EXPECT_EQ(framework.license.text, "Some random license");
    EXPECT_TRUE(framework.license.is_name);
    EXPECT_TRUE(has_edge(doc, tomcat.purl, mylibrary.purl));
    EXPECT_EQ(doc.edges.size(), 1u);
    EXPECT_EQ(doc.root_component()->name, "Acme Application");
}

// SOURCES.md counts every <component> element of an XML file: metadata's, the tools', pedigree
// ancestors. The reader counts as for JSON (not the root, not what is nested in it, not
// pedigree, not tools): SOURCES.md's count for the JSON rendering of the same product.
struct CorpusCount {
    std::string file;
    int components;     // as read, without the root
    int sources_count;  // what SOURCES.md states
    // The <component> elements SOURCES.md counts and the reader does not: the metadata one (the
    // root), pedigree ancestors, tools.
};

const std::vector<CorpusCount> kCounts{
    {"bom-examples_dropwizard-1.3.15.xml", 167, 168},  // + metadata
    {"bom-examples_juice-shop_cyclonedx-npm_flat_spec1.4.xml", 1115, 1116},  // + metadata
    {"bom-examples_laravel-7.12.0_spec1.1.xml", 62, 62},
    {"bom-examples_laravel-7.12.0_spec1.2.xml", 62, 63},  // + metadata
    {"bom-examples_laravel-7.12.0_spec1.3.xml", 62, 63},  // + metadata
    {"bom-examples_laravel-7.12.0_spec1.4.xml", 62, 63},  // + metadata
    {"bom-examples_proton-bridge-v1.6.3.xml", 201, 202},  // + metadata
    {"bom-examples_proton-bridge-v1.8.0.xml", 201, 202},  // + metadata
    {"bom-shelter_elixir_syft.xml", 584, 585},  // + metadata
    {"cdxgen_bom-deps.xml", 58, 59},  // + metadata
    {"spec_valid-bom-1.2.xml", 3, 5},  // + metadata, + a pedigree ancestor
    {"spec_valid-bom-1.4.xml", 3, 5},  // + metadata, + a pedigree ancestor
    {"spec_valid-bom-1.5.xml", 3, 5},  // + metadata, + a pedigree ancestor
    {"spec_valid-bom-1.6.xml", 3, 5},  // + metadata, + a pedigree ancestor
    {"spec_valid-component-hashes-1.6.xml", 1, 1},
    {"spec_valid-dependency-1.6.xml", 3, 3},
    {"syft_TestCycloneDxImageEncoder.cdx.xml", 3, 5},  // + metadata, + the tool in metadata/tools
};

// "| file | repository | path | commit | format | version | components | ..." rows of SOURCES.md.
std::map<std::string, int> stated_counts() {
    std::ifstream in(test::corpus("SOURCES.md"));
    std::map<std::string, int> counts;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, '|');) {
            cell.erase(0, cell.find_first_not_of(' '));
            cell.erase(cell.find_last_not_of(' ') + 1);
            cells.push_back(cell);
        }
        if (cells.size() > 7 && !cells[7].empty() && std::isdigit(static_cast<unsigned char>(cells[7][0])))
            counts[cells[1]] = std::stoi(cells[7]);
    }
    return counts;
}

int counted_without_root(const Document& doc) {
    int n = 0;
    for (std::uint32_t i = 0; i < doc.components.size(); ++i) {
        std::uint32_t top = i;
        while (doc.components[top].parent != kNone) top = doc.components[top].parent;
        if (top != doc.root) ++n;
    }
    return n;
}

TEST(CycloneDxXmlCorpus, EveryFileReadsWithItsCount) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(test::corpus("cyclonedx-xml"))) files.push_back(entry.path().filename());
    std::sort(files.begin(), files.end());
    std::vector<std::string> covered;
    for (const auto& c : kCounts) covered.push_back(c.file);
    ASSERT_EQ(files, covered) << "the corpus changed: look at the counts again";
    const auto stated = stated_counts();
    for (const auto& c : kCounts) {
        SCOPED_TRACE(c.file);
        Document doc;
        ASSERT_NO_THROW(doc = read_sbom(xml_corpus(c.file)));
        EXPECT_EQ(doc.format, Format::CycloneDxXml);
        EXPECT_FALSE(doc.spec_version.empty());
        EXPECT_EQ(counted_without_root(doc), c.components);
        ASSERT_TRUE(stated.contains(c.file));
        EXPECT_EQ(stated.at(c.file), c.sources_count);
    }
}

TEST(CycloneDxXmlCorpus, InvalidDependencyIsReadWithWarnings) {
    const auto path = test::corpus("invalid/cdx-spec_invalid-dependency-1.6.xml");
    const Document doc = read_sbom(path);
    ASSERT_EQ(doc.warnings.size(), 2u);
    EXPECT_EQ(doc.warnings[0].where, "dependencies[0]");
    EXPECT_EQ(doc.warnings[0].message, "dependency without a 'ref'; ignored");
    EXPECT_EQ(doc.warnings[1].where, "dependencies[1]");
    EXPECT_EQ(doc.warnings[1].message, "dependency with an empty 'ref'; ignored");
    // library-b -> library-c stays; library-a under the ref-less entry is dropped with it.
    ASSERT_EQ(doc.edges.size(), 1u);
    EXPECT_EQ(doc.components[doc.edges[0].from].version, "1.0.0");
    EXPECT_EQ(doc.components[doc.edges[0].to].name, "acme-library-b");
    EXPECT_THAT(error_of(path, ReadOptions{.strict = true}),
                HasSubstr(path + ":18: dependencies[0]: dependency without a 'ref'; ignored (a warning; an error with --strict)"));
}

TEST(CycloneDxXmlCorpus, LicenceChoiceMixIsReadWithAWarning) {
    const auto path = test::corpus("invalid/cdx-spec_invalid-license-choice-1.6.xml");
    const Document doc = read_sbom(path);
    ASSERT_EQ(doc.warnings.size(), 1u);
    EXPECT_EQ(doc.warnings[0].where, "components[0].licenses");
    EXPECT_THAT(doc.warnings[0].message, HasSubstr("mixes <license> and <expression>"));
    EXPECT_EQ(doc.components[0].license.text, "(EPL-2.0 OR GPL-2.0 WITH Classpath-exception-2.0) AND Apache-2.0");
    EXPECT_THAT(error_of(path, ReadOptions{.strict = true}), HasSubstr("mixes <license> and <expression>"));
}

TEST(CycloneDxXmlCorpus, UnknownNamespaceIsRefused) {
    const auto path = test::corpus("invalid/cdx-spec_invalid-namespace-1.6.xml");
    const std::string error = error_of(path);
    EXPECT_THAT(error, StartsWith(path + ":2:"));
    EXPECT_THAT(error, HasSubstr(": unknown CycloneDX namespace 'http://cyclonedx.org/schema/bom/12' "
                                 "(bomwatch reads http://cyclonedx.org/schema/bom/1.0 to 1.7)"));
}

// ---- Written here: one document in both syntaxes ----

// A document in XML and in JSON, written to two files.
struct Pair {
    TempDir dir;
    std::string xml, json;
    Pair(const std::string& xml_text, const std::string& json_text)
        : xml(dir.write("doc.xml", xml_text)), json(dir.write("doc.json", json_text)) {}
};

const std::string kXmlHead = R"X(<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
)X";

void expect_same_warnings(const Document& xml, const Document& json) {
    ASSERT_EQ(xml.warnings.size(), json.warnings.size());
    for (std::size_t i = 0; i < xml.warnings.size(); ++i) {
        EXPECT_EQ(xml.warnings[i].where, json.warnings[i].where) << i;
        EXPECT_EQ(xml.warnings[i].message, json.warnings[i].message) << i;
    }
}

TEST(CycloneDxXml, FlattensNestedComponentsAndTakesDistributionHashesAsJsonDoes) {
    const Pair pair(kXmlHead + R"X(
  <metadata>
    <tools><components><component type="application"><name>a-tool</name><version>1</version></component></components></tools>
    <component type="application" bom-ref="app"><name>app</name><version>1</version>
      <components><component type="library"><name>inside-root</name><version>2</version></component></components>
    </component>
  </metadata>
  <components>
    <component type="library" bom-ref="outer">
      <name>outer</name><version>1.0.0</version>
      <hashes><hash alg="sha256">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</hash></hashes>
      <purl>pkg:npm/outer@1.0.0</purl>
      <pedigree><ancestors><component type="library"><name>not-a-component</name><version>9</version></component></ancestors></pedigree>
      <externalReferences>
        <reference type="distribution"><url>https://registry.example/outer-1.0.0.tgz</url>
          <hashes><hash alg="SHA-512">AB12</hash></hashes></reference>
        <reference type="website"><url>https://outer.example</url>
          <hashes><hash alg="MD5">00ff00ff00ff00ff00ff00ff00ff00ff</hash></hashes></reference>
        <reference type="vcs"><url>git+https://github.com/example/outer.git</url>
          <hashes><hash alg="SHA-1">da39a3ee5e6b4b0d3255bfef95601890afd80709</hash></hashes></reference>
      </externalReferences>
      <components>
        <component type="library" bom-ref="inner"><name>inner</name><version>0.1.0</version></component>
      </components>
    </component>
  </components>
  <dependencies>
    <dependency ref="app"><dependency ref="outer"/></dependency>
    <dependency ref="outer"><dependency ref="inner"/></dependency>
  </dependencies>
</bom>)X",
                    R"J({"bomFormat": "CycloneDX", "specVersion": "1.6",
      "metadata": {"tools": {"components": [{"type": "application", "name": "a-tool", "version": "1"}]},
                   "component": {"type": "application", "name": "app", "version": "1", "bom-ref": "app",
                                 "components": [{"type": "library", "name": "inside-root", "version": "2"}]}},
      "components": [
        {"type": "library", "name": "outer", "version": "1.0.0", "bom-ref": "outer",
         "hashes": [{"alg": "sha256", "content": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}],
         "purl": "pkg:npm/outer@1.0.0",
         "pedigree": {"ancestors": [{"type": "library", "name": "not-a-component", "version": "9"}]},
         "externalReferences": [
           {"type": "distribution", "url": "https://registry.example/outer-1.0.0.tgz",
            "hashes": [{"alg": "SHA-512", "content": "AB12"}]},
           {"type": "website", "url": "https://outer.example", "hashes": [{"alg": "MD5", "content": "00ff00ff00ff00ff00ff00ff00ff00ff"}]},
           {"type": "vcs", "url": "git+https://github.com/example/outer.git",
            "hashes": [{"alg": "SHA-1", "content": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}],
         "components": [{"type": "library", "name": "inner", "version": "0.1.0", "bom-ref": "inner"}]}],
      "dependencies": [{"ref": "app", "dependsOn": ["outer"]}, {"ref": "outer", "dependsOn": ["inner"]}]})J");
    const Document xml = read_sbom(pair.xml), json = read_sbom(pair.json);
    expect_same_model(xml, json);
    expect_same_warnings(xml, json);

    std::vector<std::string> names;
    for (const auto& c : xml.components) names.emplace_back(c.name);
    std::sort(names.begin(), names.end());
    EXPECT_THAT(names, ElementsAre("app", "inner", "inside-root", "outer"));
    const Component& outer = find(xml, "pkg:npm/outer@1.0.0");
    // The SHA-512 "AB12" is not a digest (warned and dropped); the website's MD5 and the VCS's
    // SHA-1 are not the artifact's.
    EXPECT_THAT(hash_texts(xml, outer), ElementsAre("SHA-256:" + std::string(64, 'a')));
    EXPECT_EQ(outer.download, "https://registry.example/outer-1.0.0.tgz");
    EXPECT_EQ(outer.vcs, "git+https://github.com/example/outer.git");
    EXPECT_EQ(&xml.components[by_name(xml, "inner").parent], &outer);
    EXPECT_EQ(by_name(xml, "inside-root").parent, xml.root);
    EXPECT_EQ(xml.edges.size(), 2u);
    ASSERT_EQ(xml.warnings.size(), 1u);
    EXPECT_EQ(xml.warnings[0].where, "components[0].hashes");
    EXPECT_THAT(xml.warnings[0].message, HasSubstr("'AB12' is not a SHA-512 digest"));
}

TEST(CycloneDxXml, CanonicalisesLicencesAndPartiesAsJsonDoes) {
    const Pair pair(kXmlHead + R"X(<components>
  <component type="library"><name>a</name><version>1</version>
    <licenses><license><id>MIT</id></license><license><id>Apache-2.0</id></license></licenses></component>
  <component type="library"><name>b</name><version>1</version><licenses><expression>mit or (apache-2.0)</expression></licenses></component>
  <component type="library"><name>c</name><version>1</version>
    <licenses><license><name>The Apache Software License, Version 2.0</name></license></licenses></component>
  <component type="library"><name>d</name><version>1</version>
    <evidence><licenses><license><id>BSD-3-Clause</id></license></licenses></evidence></component>
  <component type="library"><supplier><name>Acme Inc</name></supplier>
    <authors><author><name>Jane</name></author><author><name>Joe</name></author></authors>
    <publisher>Acme Publishing</publisher><name>e</name><version>1</version></component>
  <component type="library"><manufacturer><name>Acme Manufacturing</name></manufacturer><name>f</name><version>1</version>
    <scope>Optional</scope></component>
  <component type="library"><name>g</name><version>1</version>
    <properties><property name="cdx:npm:package:path">node_modules/g</property><property name="other">x</property>
      <property name="syft:location:0:path">/usr/lib/g</property></properties></component>
</components></bom>)X",
                    R"J({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "a", "version": "1", "licenses": [{"license": {"id": "MIT"}}, {"license": {"id": "Apache-2.0"}}]},
      {"type": "library", "name": "b", "version": "1", "licenses": [{"expression": "mit or (apache-2.0)"}]},
      {"type": "library", "name": "c", "version": "1", "licenses": [{"license": {"name": "The Apache Software License, Version 2.0"}}]},
      {"type": "library", "name": "d", "version": "1", "evidence": {"licenses": [{"license": {"id": "BSD-3-Clause"}}]}},
      {"type": "library", "name": "e", "version": "1", "supplier": {"name": "Acme Inc"}, "publisher": "Acme Publishing",
       "authors": [{"name": "Jane"}, {"name": "Joe"}]},
      {"type": "library", "name": "f", "version": "1", "manufacturer": {"name": "Acme Manufacturing"}, "scope": "Optional"},
      {"type": "library", "name": "g", "version": "1", "properties": [{"name": "cdx:npm:package:path", "value": "node_modules/g"},
       {"name": "other", "value": "x"}, {"name": "syft:location:0:path", "value": "/usr/lib/g"}]}]})J");
    const Document xml = read_sbom(pair.xml), json = read_sbom(pair.json);
    expect_same_model(xml, json);
    expect_same_warnings(xml, json);
    EXPECT_EQ(xml.warning_count, 0u);
    EXPECT_EQ(by_name(xml, "a").license.text, "Apache-2.0 AND MIT");
    EXPECT_EQ(by_name(xml, "b").license.text, "apache-2.0 OR mit");
    EXPECT_TRUE(by_name(xml, "c").license.is_name);
    EXPECT_EQ(by_name(xml, "d").license.text, "BSD-3-Clause");
    EXPECT_EQ(by_name(xml, "e").supplier, "Acme Inc");
    EXPECT_EQ(by_name(xml, "e").publisher, "Acme Publishing");
    EXPECT_EQ(by_name(xml, "e").originator, "Jane, Joe");
    EXPECT_EQ(by_name(xml, "f").supplier, "Acme Manufacturing");
    EXPECT_EQ(by_name(xml, "f").scope, "optional");
    EXPECT_THAT(xml.locations_of(by_name(xml, "g")), ElementsAre("/usr/lib/g", "node_modules/g"));
}

TEST(CycloneDxXml, WarnsWhereTheJsonReaderWarns) {
    const Pair pair(R"X(<bom xmlns="http://cyclonedx.org/schema/bom/1.6" serialNumber="urn:uuid:1234" version="1">
<components>
  <component type="gadget"><name>a</name><version>1</version></component>
  <component><name>b</name><version>1</version></component>
  <component type="library" bom-ref="c"><version>1</version></component>
  <component type="library" bom-ref="d"><name>d</name><version>1</version>
    <hashes><hash alg="FOO">00</hash><hash>abcd</hash></hashes><purl>not-a-purl</purl></component>
  <component type="library" bom-ref="d"><name>d2</name><version>1</version></component>
</components>
<dependencies><dependency ref="d"><dependency ref="nowhere"/></dependency></dependencies>
</bom>)X",
                    R"J({"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:1234", "components": [
      {"type": "gadget", "name": "a", "version": "1"},
      {"name": "b", "version": "1"},
      {"type": "library", "bom-ref": "c", "version": "1"},
      {"type": "library", "bom-ref": "d", "name": "d", "version": "1", "hashes": [{"alg": "FOO", "content": "00"}, {"content": "abcd"}],
       "purl": "not-a-purl"},
      {"type": "library", "bom-ref": "d", "name": "d2", "version": "1"}],
      "dependencies": [{"ref": "d", "dependsOn": ["nowhere"]}]})J");
    const Document xml = read_sbom(pair.xml), json = read_sbom(pair.json);
    expect_same_model(xml, json);
    // The order may differ (XML gives a hash's algorithm before its digest); the set may not.
    auto sorted = [](const Document& doc) {
        std::vector<std::string> out;
        for (const auto& w : doc.warnings) out.push_back(w.where + ": " + w.message);
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(sorted(xml), sorted(json));
    EXPECT_EQ(xml.warning_count, 9u);
}

// ---- Other ways of writing the same ----

TEST(CycloneDxXml, ReadsPrefixedNamespacesAndIgnoresForeignElements) {
    TempDir dir;
    const auto path = dir.write("prefixed.xml", R"X(<?xml version="1.0"?>
<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.5" xmlns:ext="urn:example:ext">
  <cdx:components>
    <cdx:component type="library" bom-ref="a">
      <ext:name>not-the-name</ext:name>
      <cdx:name>a<!-- a comment -->-lib</cdx:name>
      <cdx:version><![CDATA[1.0]]>.0</cdx:version>
      <ext:purl>pkg:npm/wrong@9</ext:purl>
      <cdx:purl>pkg:npm/a-lib@1.0.0</cdx:purl>
    </cdx:component>
    <ext:component type="library"><cdx:name>from-an-extension</cdx:name></ext:component>
    <component xmlns="urn:other" type="library"><name>not-cyclonedx</name></component>
    <cdx:component type="library" bom-ref="b"><cdx:name>b &amp; c</cdx:name></cdx:component>
  </cdx:components>
  <ext:dependencies><cdx:dependency ref="a"><cdx:dependency ref="b"/></cdx:dependency></ext:dependencies>
</cdx:bom>)X");
    const Document doc = read_sbom(path);
    EXPECT_EQ(doc.spec_version, "1.5");
    ASSERT_EQ(doc.components.size(), 2u);
    EXPECT_EQ(doc.components[0].purl, "pkg:npm/a-lib@1.0.0");
    EXPECT_EQ(doc.components[0].name, "a-lib");
    EXPECT_EQ(doc.components[0].version, "1.0.0");
    EXPECT_EQ(doc.components[1].name, "b & c");
    EXPECT_THAT(doc.edges, IsEmpty());
    EXPECT_EQ(doc.warning_count, 0u);
}

TEST(CycloneDxXml, ReadsEmptyElementsAndEveryVersion) {
    TempDir dir;
    for (const char* version : {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"}) {
        const auto path = dir.write("v.xml", std::string("<bom xmlns=\"http://cyclonedx.org/schema/bom/") + version +
                                                 "\"><components><component type=\"library\" bom-ref=\"a\"><name>a</name>"
                                                 "<version>1</version><publisher/></component><component type=\"library\"/>"
                                                 "</components><dependencies><dependency ref=\"a\"/></dependencies></bom>");
        const Document doc = read_sbom(path);
        EXPECT_EQ(doc.spec_version, version);
        EXPECT_EQ(doc.components.size(), 1u);
        ASSERT_EQ(doc.warning_count, 1u);
        EXPECT_EQ(doc.warnings[0].where, "components[1]");
        EXPECT_EQ(doc.warnings[0].message, "component has neither a name nor a purl; ignored");
    }
    const auto empty = dir.write("e.xml", "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>");
    EXPECT_THAT(read_sbom(empty).components, IsEmpty());
}

TEST(CycloneDxXml, ReadsNestedDependenciesAtAnyDepth) {
    // Each <dependency> depends on the ones directly inside it; what is inside an ignored one is
    // ignored with it.
    TempDir dir;
    std::string components;
    for (const char* name : {"a", "b", "c", "d", "e"})
        components += std::string("<component type=\"library\" bom-ref=\"") + name + "\"><name>" + name + "</name></component>";
    const auto path = dir.write("deps.xml", kXmlHead + "<components>" + components + R"X(</components>
<dependencies>
  <dependency ref="a"><dependency ref="b"><dependency ref="c"/></dependency><dependency ref="d"/></dependency>
  <dependency ref=""><dependency ref="d"><dependency ref="e"/></dependency></dependency>
  <dependency ref="e"><dependency/><dependency ref=""/></dependency>
</dependencies></bom>)X");
    const Document doc = read_sbom(path);
    std::vector<std::string> edges;
    for (const Edge& e : doc.edges) edges.push_back(std::string(doc.components[e.from].name) + ">" + std::string(doc.components[e.to].name));
    EXPECT_THAT(edges, ElementsAre("a>b", "a>d", "b>c"));
    ASSERT_EQ(doc.warnings.size(), 2u);
    EXPECT_EQ(doc.warnings[0].where, "dependencies[1]");
    EXPECT_EQ(doc.warnings[0].message, "dependency with an empty 'ref'; ignored");
    EXPECT_EQ(doc.warnings[1].where, "dependencies[2].dependsOn[0]");
    EXPECT_EQ(doc.warnings[1].message, "dependency without a 'ref'; ignored");
}

TEST(CycloneDxXml, ReadsGzipTheSameAsPlain) {
    TempDir dir;
    const std::string text = test::read_file(test::testdata("axios/after.cdx.xml"));
    const Document plain = read_sbom(dir.write("a.xml", text));
    const Document gz = read_sbom(dir.write_gz("a.xml.gz", text));
    EXPECT_EQ(gz.format, Format::CycloneDxXml);
    EXPECT_EQ(describe(plain).components, describe(gz).components);
    EXPECT_EQ(plain.edges, gz.edges);
}

TEST(CycloneDxXml, TwoThreadsReadTwoFilesAtOnce) {
    // bomwatch reads OLD and NEW in parallel: errors of one must not leak into the other.
    TempDir dir;
    const auto bad = dir.write("bad.xml", kXmlHead + "<components><component type=\"library\"><name>a</name></components></bom>");
    const auto good = test::testdata("axios/after.cdx.xml");
    std::atomic<int> failures = 0;
    std::thread reading_bad([&] {
        for (int i = 0; i < 40; ++i)
            if (error_of(bad).find("bad.xml:3:") == std::string::npos) ++failures;
    });
    std::thread reading_good([&] {
        for (int i = 0; i < 40; ++i)
            if (read_sbom(good).components.size() != 19u) ++failures;
    });
    reading_bad.join();
    reading_good.join();
    EXPECT_EQ(failures, 0);
}

// ---- Refused ----

struct BadXml {
    std::string name;
    std::string content;
    std::string words;  // the error message must hold these
};

class RefusedXml : public testing::TestWithParam<BadXml> {};

TEST_P(RefusedXml, GetsAOneLineErrorWithFileLineAndColumn) {
    TempDir dir;
    const auto path = dir.write("input.xml", GetParam().content);
    const std::string error = error_of(path);
    ASSERT_FALSE(error.empty()) << "read without error";
    EXPECT_THAT(error, HasSubstr(GetParam().words));
    EXPECT_THAT(error, testing::MatchesRegex(".*input\\.xml:[0-9]+(:[0-9]+)?: .*")) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

const std::string kNs = "http://cyclonedx.org/schema/bom/1.6";
const std::string kComponentsOpen = "<bom xmlns=\"" + kNs + "\">\n<components>\n";

INSTANTIATE_TEST_SUITE_P(
    Errors, RefusedXml,
    testing::Values(
        BadXml{"xxe", "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" + kComponentsOpen +
                          "<component type=\"library\"><name>&xxe;</name></component></components></bom>",
               ":2:1: the XML has a DOCTYPE"},
        BadXml{"billion_laughs",
               "<?xml version=\"1.0\"?>\n<!-- " + kNs + " -->\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
               " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
               " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
               " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n" + kComponentsOpen +
                   "<component type=\"library\"><name>&lol3;</name></component></components></bom>",
               ":3:1: the XML has a DOCTYPE"},
        BadXml{"external_dtd", "<!DOCTYPE bom SYSTEM \"http://127.0.0.1:9/bom.dtd\">\n" + kComponentsOpen + "</components></bom>",
               ":1:1: the XML has a DOCTYPE"},
        BadXml{"undeclared_entity", kComponentsOpen + "<component type=\"library\"><name>&xxe;</name></component></components></bom>",
               ":3:"},
        BadXml{"unclosed_tag", kComponentsOpen + "<component type=\"library\"><name>a</component></components></bom>", ":3:"},
        BadXml{"truncated", kComponentsOpen + "<component type=\"library\"><name>a</name>\n<vers", ":4:"},
        BadXml{"truncated_after_element", kComponentsOpen + "<component type=\"library\"><name>a</name></component>\n",
               "ends before its root element is closed"},
        BadXml{"not_xml_after_all", "<bom xmlns=\"" + kNs + "\">\n<components>\n<component type=library>", ":3:"},
        BadXml{"invalid_utf8", kComponentsOpen + "<component type=\"library\"><name>\xff\xfe</name></component></components></bom>",
               ":3:"},
        BadXml{"undecodable_in_declared_encoding",
               "<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\n" + kComponentsOpen +
                   "<component type=\"library\"><name>\xff\xff\xff</name></component></components></bom>",
               "XML error"},
        BadXml{"unknown_namespace", "<bom xmlns=\"http://cyclonedx.org/schema/bom/2.0\"/>",
               ":1: unknown CycloneDX namespace 'http://cyclonedx.org/schema/bom/2.0'"},
        BadXml{"no_namespace", "<!-- " + kNs + " -->\n<bom version=\"1\"><components/></bom>",
               ":2: the <bom> element has no namespace"},
        BadXml{"other_root", "<sbom xmlns=\"" + kNs + "\"/>", "the root element is <sbom>, not a CycloneDX <bom>"},
        BadXml{"name_with_elements", kComponentsOpen + "<component type=\"library\"><name><b>a</b></name></component></components></bom>",
               ":3: components[0].name: expected text, found elements"},
        BadXml{"nested_too_deep",
               kComponentsOpen + [] {
                   std::string s;
                   for (int i = 0; i < 70; ++i) s += "<component type=\"library\"><name>x</name><components>\n";
                   return s;
               }(),
               "components nested more than 64 deep"},
        BadXml{"huge_name", kComponentsOpen + "<component type=\"library\"><name>" + std::string(100000, 'a') + "</name></component></components></bom>",
               "KiB"},
        BadXml{"deep_elements", kComponentsOpen + [] {
                   std::string s;
                   for (int i = 0; i < 5000; ++i) s += "<x>";
                   return s;
               }(),
               "XML error"}),
    [](const testing::TestParamInfo<BadXml>& info) { return info.param.name; });

TEST(CycloneDxXml, LibxmlSaysNothingOnItsOwn) {
    // Every problem is the one line of the error: libxml2 prints nothing to stderr itself, not
    // even for an encoding it cannot convert.
    TempDir dir;
    const auto path = dir.write("euc.xml", "<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\n" + kComponentsOpen +
                                               "<component type=\"library\"><name>\xff\xff\xff</name></component></components></bom>");
    const Outcome r = bomwatch("show " + path);
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, StartsWith("bomwatch: error: " + path + ":"));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CycloneDxXml, StrictTurnsWarningsIntoErrorsAtTheirLine) {
    TempDir dir;
    const auto path = dir.write("w.xml", kXmlHead + "<components>\n\n<component type=\"gadget\"><name>a</name></component>\n</components></bom>");
    EXPECT_EQ(read_sbom(path).warning_count, 1u);
    EXPECT_EQ(error_of(path, ReadOptions{.strict = true}),
              path + ":5: components[0].type: unknown component type 'gadget' (a warning; an error with --strict)");
}

}  // namespace
}  // namespace bomwatch::sbom
