// The SPDX 3.0 JSON-LD reader: what it takes from the elements of the @graph (in any order), the
// corpus files it reads, the same builds in SPDX 3 and in other formats diffing as no changes, and
// what it refuses or warns about.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

#include "diff/changes.h"
#include "sbom/detect.h"
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

// Every edge as "from>to", components named by purl or else by name.
std::vector<std::string> edge_texts_by_purl(const Document& doc) {
    auto label = [&](std::uint32_t i) {
        const Component& c = doc.components[i];
        return std::string(c.purl.empty() ? c.name : c.purl);
    };
    std::vector<std::string> out;
    for (const auto& e : doc.edges) out.push_back(label(e.from) + ">" + label(e.to));
    std::sort(out.begin(), out.end());
    return out;
}

// An SPDX 3.0.1 document made of `elements` (the text of a JSON array's members).
std::string spdx3(const std::string& elements) {
    return R"J({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [)J" + elements + "]}";
}
const std::string kCreationInfo = R"J({"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2026-01-01T00:00:00Z"})J";

std::string corpus3(const std::string& file) { return test::corpus("spdx3-jsonld/" + file); }

TEST(Spdx3JsonLd, TakesWhatTheDiffNeeds) {
    const Document doc = read_sbom(test::testdata("axios/after.spdx3.json"));
    EXPECT_EQ(doc.format, Format::Spdx3JsonLd);
    EXPECT_EQ(doc.spec_version, "3.0.1");
    ASSERT_NE(doc.root_component(), nullptr);  // SpdxDocument -> software_Sbom -> the package
    EXPECT_EQ(doc.root_component()->purl, "pkg:npm/checkout-web@2.3.1");
    EXPECT_EQ(doc.root_component()->type, "application");
    EXPECT_EQ(doc.components.size(), 19u);

    const Component& axios = find(doc, "pkg:npm/axios@1.14.1");
    EXPECT_EQ(axios.name, "axios");
    EXPECT_EQ(axios.version, "1.14.1");
    EXPECT_EQ(axios.identity, "pkg:npm/axios");
    EXPECT_EQ(axios.type, "library");
    EXPECT_EQ(axios.license.text, "MIT");  // hasDeclaredLicense -> simplelicensing_LicenseExpression
    EXPECT_FALSE(axios.license.is_name);
    EXPECT_EQ(axios.download, "https://registry.npmjs.org/axios/-/axios-1.14.1.tgz");
    ASSERT_EQ(axios.hashes_count, 1u);
    EXPECT_EQ(doc.hashes_of(axios)[0].algorithm, HashAlgorithm::SHA512);

    // The file names it "runtime", as generators that drop the npm scope do; the purl keeps it.
    const Component& runtime = find(doc, "pkg:npm/%40babel/runtime@7.24.0");
    EXPECT_EQ(runtime.namespace_, "@babel");
    EXPECT_EQ(runtime.identity, "pkg:npm/%40babel/runtime");

    EXPECT_EQ(doc.edges.size(), 18u);
    EXPECT_THAT(edge_texts_by_purl(doc), testing::Contains("pkg:npm/axios@1.14.1>pkg:npm/plain-crypto-js@4.2.1"));
    EXPECT_THAT(edge_texts_by_purl(doc), testing::Contains("pkg:npm/checkout-web@2.3.1>pkg:npm/axios@1.14.1"));
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(Spdx3JsonLd, ElementsInAnyOrderReadTheSame) {
    // Everything a package refers to (licence, agents, relationships, the SBOM naming the root)
    // comes after it once the graph is reversed: resolved after the pass all the same.
    auto json = nlohmann::ordered_json::parse(test::read_file(test::testdata("axios/after.spdx3.json")));
    auto& graph = json["@graph"];
    std::reverse(graph.begin(), graph.end());
    graph.push_back({{"type", "Organization"}, {"spdxId", "urn:supplier"}, {"name", "Axios Org"}});
    for (auto& element : graph)
        if (element["type"] == "software_Package") element["suppliedBy"] = "urn:supplier";
    TempDir dir;
    const Document reversed = read_sbom(dir.write("reversed.json", json.dump()));
    const Document original = read_sbom(test::testdata("axios/after.spdx3.json"));
    ASSERT_EQ(reversed.components.size(), original.components.size());
    for (std::size_t i = 0; i < original.components.size(); ++i) {
        const Component& o = original.components[original.components.size() - 1 - i];
        const Component& r = reversed.components[i];
        EXPECT_EQ(r.purl, o.purl);
        EXPECT_EQ(r.license.text, o.license.text) << o.purl;
        EXPECT_EQ(hash_texts(reversed, r), hash_texts(original, o)) << o.purl;
        EXPECT_EQ(r.supplier, "Axios Org") << o.purl;
    }
    ASSERT_NE(reversed.root_component(), nullptr);
    EXPECT_EQ(reversed.root_component()->purl, "pkg:npm/checkout-web@2.3.1");
    EXPECT_EQ(edge_texts_by_purl(reversed), edge_texts_by_purl(original));
}

TEST(Spdx3JsonLd, SpecExampleConvertedFromSpdx2) {
    const Document doc = read_sbom(corpus3("spdx-3-model_converted_from_spdx_2.json"));
    EXPECT_EQ(doc.spec_version, "3.0.1");
    EXPECT_EQ(doc.components.size(), 4u);
    // rootElement lists a software_File first: the root is the first package.
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "glibc");

    const Component& glibc = by_name(doc, "glibc");
    EXPECT_EQ(glibc.version, "2.11.1");
    EXPECT_EQ(glibc.type, "source");
    EXPECT_EQ(glibc.supplier, "Jane Doe");              // suppliedBy -> Person
    EXPECT_EQ(glibc.originator, "ExampleCodeInspect");  // originatedBy -> Organization
    EXPECT_EQ(glibc.download, "http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz");
    EXPECT_TRUE(glibc.purl.empty());  // its only external identifier is a cpe23
    EXPECT_THAT(hash_texts(doc, glibc),
                ElementsAre("MD5:624c1abb3664f4b35547e7c73864ad24", "SHA-1:85ed0817af83a24ad8da68c2b5094de69833983c",
                            "SHA-256:11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd",
                            "BLAKE2b-384:aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706"));
    EXPECT_TRUE(glibc.license.empty());  // the conversion omitted licences

    EXPECT_EQ(find(doc, "pkg:maven/org.apache.jena/apache-jena@3.12.0").name, "apache-jena");
    EXPECT_THAT(hash_texts(doc, by_name(doc, "Saxon")), ElementsAre("SHA-1:85ed0817af83a24ad8da68c2b5094de69833983c"));
    // glibc dependsOn Saxon; "contains" of files and "generates" are not package edges.
    EXPECT_THAT(edge_texts_by_purl(doc), ElementsAre("glibc>Saxon"));
}

TEST(Spdx3JsonLd, LicencesFromDeclaredElseConcludedRelationships) {
    const Document doc = read_sbom(corpus3("spdx-examples_example11-rust.spdx3.json"));
    ASSERT_NE(doc.root_component(), nullptr);  // rootElement is [a file, the package]
    EXPECT_EQ(doc.root_component()->name, "libselinux1-dev");
    EXPECT_EQ(doc.root_component()->license.text, "Apache-2.0");  // declared
    // Declared NOASSERTION: the concluded licence counts, as in SPDX 2.
    EXPECT_EQ(find(doc, "pkg:cargo/hyper@0.14").license.text, "MIT");
    EXPECT_EQ(find(doc, "pkg:cargo/pretty_env_logger@0.4.0").license.text, "Apache-2.0 OR MIT");
    EXPECT_EQ(find(doc, "pkg:cargo/tokio@1.19.2").download, "https://github.com/rust-lang/crates.io-index");
    EXPECT_THAT(edge_texts_by_purl(doc), ElementsAre("pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x>pkg:cargo/hyper@0.14",
                                             "pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x>pkg:cargo/pretty_env_logger@0.4.0",
                                             "pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x>pkg:cargo/tokio@1.19.2"));
}

TEST(Spdx3JsonLd, SuppliersOriginatorsAndNoVerificationCodeAsHash) {
    const Document doc = read_sbom(corpus3("spdx-examples_example14-enriched.spdx3.json"));
    const Component& root = *doc.root_component();
    EXPECT_EQ(root.name, "examplemaven");
    EXPECT_EQ(root.supplier, "SPDX");
    EXPECT_EQ(root.originator, "Linux Foundation");
    EXPECT_EQ(root.type, "library");
    EXPECT_EQ(root.hashes_count, 0u);  // a PackageVerificationCode is not a digest of the package
    EXPECT_TRUE(root.download.empty());  // NOASSERTION
    const Component& junit = by_name(doc, "JUnit");
    EXPECT_EQ(junit.originator, "JUnit");
    EXPECT_EQ(junit.license.text, "CPL-1.0");
    // hasDynamicLink as the file writes it (log4j "links" examplemaven), dependsOn from a
    // LifecycleScopedRelationship.
    EXPECT_THAT(edge_texts_by_purl(doc), ElementsAre("Apache Log4j API>examplemaven", "Apache Log4j Core>examplemaven",
                                             "Apache Log4j SLF4J Binding>examplemaven", "SLF4J API Module>examplemaven",
                                             "examplemaven>JUnit"));
}

TEST(Spdx3JsonLd, SbomToolWritesSpdx2NamesAndIdentifierElements) {
    // sbom-tool's SPDX 3: relationship types as in SPDX 2 (DEPENDS_ON, DESCRIBES from an id no
    // element has), purls in ExternalIdentifier elements of type "purl", specVersion "3.0".
    const Document doc = read_sbom(corpus3("sbom-tool_sample-manifest.spdx3.json"));
    EXPECT_EQ(doc.spec_version, "3.0");
    EXPECT_EQ(doc.components.size(), 267u);
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "sbom-tool sample");
    EXPECT_EQ(doc.root_component()->ecosystem, "swid");
    const Component& adapters = find(doc, "pkg:nuget/Microsoft.Sbom.Adapters@4.0.3");
    EXPECT_EQ(adapters.supplier, "Microsoft");  // "Organization: Microsoft"
    EXPECT_TRUE(adapters.license.empty());      // NOASSERTION
    EXPECT_EQ(doc.edges.size(), 266u);
    EXPECT_EQ(std::count_if(doc.components.begin(), doc.components.end(), [](const Component& c) { return !c.purl.empty(); }), 267);
}

TEST(Spdx3JsonLd, AiAndDatasetPackagesAreComponents) {
    const Document ai = read_sbom(corpus3("spdx-examples_ai-example02.spdx3.json"));
    ASSERT_EQ(ai.components.size(), 2u);
    ASSERT_NE(ai.root_component(), nullptr);
    EXPECT_EQ(ai.root_component()->name, "Sentiment Demo: A Simple AI Application and its AI BOM Example");
    EXPECT_EQ(ai.root_component()->type, "model");
    EXPECT_EQ(ai.root_component()->license.text, "CC0-1.0");
    EXPECT_EQ(by_name(ai, "Data after preprocessing").download, "https://github.com/bact/sentimentdemo/tree/main/data");

    const Document dataset = read_sbom(corpus3("spdx-examples_dataset-example01.spdx3.json"));
    ASSERT_EQ(dataset.components.size(), 1u);
    const Component& data = dataset.components[0];
    EXPECT_EQ(dataset.root, 0u);
    EXPECT_EQ(data.version, "2024-04-15");
    EXPECT_EQ(data.supplier, "Our World in Data");
    EXPECT_EQ(data.license.text, "CC-BY-4.0");
    EXPECT_THAT(hash_texts(dataset, data),
                ElementsAre("SHA-1:32657f0d033fc07a7420be36a6af9083c6a63489",
                            "SHA-256:434d75c84cf86456c16193dbc53beef31eb63f3387425882ddb2ef6acb9d472c"));
}

TEST(Spdx3JsonLd, SpecVersionFromCreationInfoElseContext) {
    // sbomqs: @context 3.0.0, CreationInfo 3.0.1. Its rootElements name no element: no root.
    const Document sbomqs = read_sbom(corpus3("sbomqs-samples_sbomqs.spdx3.json"));
    EXPECT_EQ(sbomqs.spec_version, "3.0.1");
    EXPECT_EQ(sbomqs.root_component(), nullptr);
    ASSERT_EQ(sbomqs.components.size(), 1u);
    EXPECT_EQ(sbomqs.components[0].originator, "Vivek Kumar Sahu");
    EXPECT_EQ(sbomqs.components[0].type, "executable");
    // two_sboms: the CreationInfo is inline in each element.
    EXPECT_EQ(read_sbom(corpus3("spdx-3-model_two_sboms.json")).spec_version, "3.0.0");

    TempDir dir;
    const Document from_context = read_sbom(dir.write("a.json", spdx3(R"J({"type": "software_Package", "spdxId": "urn:a", "name": "a"})J")));
    EXPECT_EQ(from_context.spec_version, "3.0.1");
    EXPECT_THAT(warning_texts(from_context), ElementsAre("@graph: no CreationInfo states a specVersion; read as the @context's 3.0.1"));
}

struct CorpusCount {
    const char* file;
    std::size_t packages;  // as SOURCES.md states them
    const char* root;      // name of the root, "" for none
};

class Spdx3Corpus : public testing::TestWithParam<CorpusCount> {};

TEST_P(Spdx3Corpus, ReadsWithTheStatedCountAndNoWarning) {
    const auto& [file, packages, root] = GetParam();
    const Document doc = read_sbom(corpus3(file), ReadOptions{.strict = true});
    EXPECT_EQ(doc.components.size(), packages);
    EXPECT_EQ(doc.root_component() ? std::string(doc.root_component()->name) : "", root);
    EXPECT_EQ(doc.warning_count, 0u);
    // Detection tells each of them from its first bytes.
    EXPECT_EQ(detect_format(test::read_file(corpus3(file)).substr(0, 4096), false).format, DetectedFormat::Spdx3JsonLd);
}

INSTANTIATE_TEST_SUITE_P(
    Files, Spdx3Corpus,
    testing::Values(CorpusCount{"spdx-spec-3.0_package_sbom.jsonld.json", 1, "my-package"},
                    CorpusCount{"spdx-examples_example1.spdx3.json", 1, "hello"},
                    CorpusCount{"spdx-examples_example10-hello-source.spdx3.json", 1, "hello"},
                    CorpusCount{"spdx-examples_example11-rust.spdx3.json", 4, "libselinux1-dev"},
                    CorpusCount{"spdx-examples_example14-enriched.spdx3.json", 6, "examplemaven"},
                    CorpusCount{"spdx-examples_example7-bin.spdx3.json", 0, ""},  // the binary is a software_File
                    CorpusCount{"spdx-examples_ai-example02.spdx3.json", 2,
                                "Sentiment Demo: A Simple AI Application and its AI BOM Example"},
                    CorpusCount{"spdx-examples_dataset-example01.spdx3.json", 1,
                                "Our World in Data CO2 and Greenhouse Gas Emissions dataset"},
                    CorpusCount{"spdx-3-model_converted_from_spdx_2.json", 4, "glibc"},
                    CorpusCount{"spdx-3-model_two_sboms.json", 0, ""},
                    CorpusCount{"sbom-tool_sample-manifest.spdx3.json", 267, "sbom-tool sample"},
                    CorpusCount{"sbomqs-samples_sbomqs.spdx3.json", 1, ""}),
    [](const testing::TestParamInfo<CorpusCount>& info) {
        std::string name = info.param.file;
        name = name.substr(0, name.find('.'));
        std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
        return name;
    });

// --- The same software in SPDX 3 and in another format ------------------------------------------

struct Diffed {
    Document old_doc, new_doc;
    diff::Changes changes;
};

std::unique_ptr<Diffed> diff_files(const std::string& old_path, const std::string& new_path) {
    auto d = std::make_unique<Diffed>();
    d->old_doc = read_sbom(old_path);
    d->new_doc = read_sbom(new_path);
    d->changes = diff::compare(d->old_doc, d->new_doc);
    return d;
}

// One line per change: "versionChanged pkg:npm/axios 1.14.0>1.14.1", "edgeAdded (root)>name:Saxon".
std::vector<std::string> describe(const diff::Changes& c) {
    std::vector<std::string> out;
    for (const auto& change : c.changes) {
        std::string line(diff::change_kind_name(change.kind));
        if (change.kind == diff::ChangeKind::EdgeAdded || change.kind == diff::ChangeKind::EdgeRemoved) {
            line += " " + std::string(change.from.empty() ? "(root)" : change.from) + ">" + std::string(change.to);
        } else {
            const auto* o = change.old_artifact == kNone ? nullptr : &c.old_doc->components[c.old_artifacts[change.old_artifact].first()];
            const auto* n = change.new_artifact == kNone ? nullptr : &c.new_doc->components[c.new_artifacts[change.new_artifact].first()];
            line += " " + std::string((n ? n : o)->identity) + " " + std::string(o ? o->version.view() : "") + ">" +
                    std::string(n ? n->version.view() : "");
            if (!change.field.empty()) line += " " + std::string(change.field) + ": " + std::string(change.old_value) + ">" + std::string(change.new_value);
        }
        out.push_back(line);
    }
    return out;
}

TEST(Spdx3Equivalence, AxiosInSpdx3IsTheSameBuildAsInEveryOtherFormat) {
    for (const char* build : {"before", "after"}) {
        for (const char* other : {".cdx.json", ".spdx.json"}) {
            const auto d = diff_files(test::testdata(std::string("axios/") + build + other),
                                      test::testdata(std::string("axios/") + build + ".spdx3.json"));
            EXPECT_THAT(describe(d->changes), IsEmpty()) << build << other;
            EXPECT_TRUE(d->changes.edges_compared);
            EXPECT_TRUE(d->changes.hashes_compared);
            EXPECT_EQ(d->changes.unchanged, std::string(build) == "before" ? 17u : 18u);
        }
    }
}

TEST(Spdx3Equivalence, ADiffAcrossFormatsGivesTheChangesOfADiffWithinOne) {
    const auto within = diff_files(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    ASSERT_THAT(describe(within->changes), ElementsAre("added pkg:npm/plain-crypto-js >4.2.1", "versionChanged pkg:npm/axios 1.14.0>1.14.1",
                                                       "edgeAdded pkg:npm/axios>pkg:npm/plain-crypto-js"));
    for (const auto& [old_file, new_file] : {std::pair{"before.cdx.json", "after.spdx3.json"}, std::pair{"before.spdx3.json", "after.cdx.json"},
                                            std::pair{"before.spdx3.json", "after.spdx3.json"}}) {
        const auto across = diff_files(test::testdata(std::string("axios/") + old_file), test::testdata(std::string("axios/") + new_file));
        EXPECT_EQ(describe(across->changes), describe(within->changes)) << old_file << " vs " << new_file;
        const auto& added = across->changes.changes.at(0);
        ASSERT_EQ(added.introduced_via.size(), 1u);
        EXPECT_EQ(across->new_doc.components[added.introduced_via[0]].purl, "pkg:npm/axios@1.14.1");
    }
}

TEST(Spdx3Equivalence, CorpusFilesWrittenInSpdx2AndSpdx3) {
    const std::string spdx2 = test::corpus("spdx-json/");
    // sbom-tool wrote the same manifest in both versions: 266 packages and their DEPENDS_ON
    // edges. (The roots' swid tag_ids differ; the root is not compared.)
    {
        const auto d = diff_files(spdx2 + "sbom-tool_sample-manifest_2.2.spdx.json", corpus3("sbom-tool_sample-manifest.spdx3.json"));
        EXPECT_THAT(describe(d->changes), IsEmpty());
        EXPECT_EQ(d->changes.unchanged, 266u);
        EXPECT_TRUE(d->changes.edges_compared);
    }
    // example10: the package alone (its files are not components); example7: a package in
    // SPDX 2, a software_File in SPDX 3, and the root either way, so nothing to compare.
    for (const auto& [two, three] : {std::pair{"spdx-examples_example10-hello-source_2.3.spdx.json", "spdx-examples_example10-hello-source.spdx3.json"},
                                     std::pair{"spdx-examples_example7-bin_2.2.spdx.json", "spdx-examples_example7-bin.spdx3.json"}}) {
        const auto d = diff_files(spdx2 + two, corpus3(three));
        EXPECT_THAT(describe(d->changes), IsEmpty()) << three;
    }
    // example11: the same packages, licences (declared, else concluded) and dependsOn edges. The
    // SPDX 3 file leaves out the crates' SHA-256 checksums: it states no hashes at all, which is
    // not a weakening.
    {
        const auto d = diff_files(spdx2 + "spdx-examples_example11-rust_2.3.spdx.json", corpus3("spdx-examples_example11-rust.spdx3.json"));
        EXPECT_THAT(describe(d->changes), IsEmpty());
        EXPECT_EQ(d->changes.unchanged, 3u);
        EXPECT_FALSE(d->changes.hashes_compared);
    }
    // example14: SPDX 2 says "examplemaven DYNAMIC_LINK log4j-*"; the SPDX 3 conversion wrote
    // "log4j-* hasDynamicLink examplemaven", the other way round. The four root edges are gone
    // (edges into the root are not compared) and nothing else differs.
    {
        const auto d = diff_files(spdx2 + "spdx-examples_example14-enriched_2.3.spdx.json", corpus3("spdx-examples_example14-enriched.spdx3.json"));
        EXPECT_THAT(describe(d->changes), ElementsAre("edgeRemoved (root)>name:Apache Log4j API", "edgeRemoved (root)>name:Apache Log4j Core",
                                                      "edgeRemoved (root)>name:Apache Log4j SLF4J Binding",
                                                      "edgeRemoved (root)>name:SLF4J API Module"));
        EXPECT_EQ(d->changes.unchanged, 5u);
    }
    // The SPDX 2.3 spec example and its conversion: both describe [SPDXRef-File, SPDXRef-Package],
    // so glibc, the first described package, is the root of both. The conversion left the
    // licences out (stated on one side only: not a change); hashes, suppliers, originators, the
    // Jena purl and the glibc -> Saxon edge (DYNAMIC_LINK there, dependsOn here) are the same.
    {
        const auto d = diff_files(spdx2 + "spdx-spec_SPDXJSONExample-v2.3.spdx.json", corpus3("spdx-3-model_converted_from_spdx_2.json"));
        EXPECT_THAT(describe(d->changes), IsEmpty());
        EXPECT_EQ(d->changes.unchanged, 3u);
        EXPECT_TRUE(d->changes.edges_compared);
    }
}

// --- Mapping details ----------------------------------------------------------------------------

TEST(Spdx3JsonLd, LicenceElementsOfEveryKind) {
    TempDir dir;
    const auto path = dir.write("licences.json", spdx3(kCreationInfo + R"J(,
        {"type": "software_Package", "spdxId": "urn:listed", "name": "listed"},
        {"type": "Relationship", "spdxId": "urn:r1", "from": "urn:listed", "relationshipType": "hasDeclaredLicense", "to": ["https://spdx.org/licenses/MIT"]},
        {"type": "software_Package", "spdxId": "urn:listed-element", "name": "listed-element"},
        {"type": "expandedlicensing_ListedLicense", "spdxId": "https://spdx.org/licenses/Apache-2.0", "name": "Apache License 2.0"},
        {"type": "Relationship", "spdxId": "urn:r2", "from": "urn:listed-element", "relationshipType": "hasDeclaredLicense", "to": ["https://spdx.org/licenses/Apache-2.0"]},
        {"type": "software_Package", "spdxId": "urn:custom", "name": "custom"},
        {"type": "expandedlicensing_CustomLicense", "spdxId": "urn:doc#LicenseRef-acme", "name": "Acme Licence"},
        {"type": "Relationship", "spdxId": "urn:r3", "from": "urn:custom", "relationshipType": "hasDeclaredLicense", "to": ["urn:doc#LicenseRef-acme"]},
        {"type": "software_Package", "spdxId": "urn:named", "name": "named"},
        {"type": "expandedlicensing_CustomLicense", "spdxId": "urn:license-without-ref", "name": "Acme Licence"},
        {"type": "Relationship", "spdxId": "urn:r4", "from": "urn:named", "relationshipType": "hasConcludedLicense", "to": ["urn:license-without-ref"]},
        {"type": "software_Package", "spdxId": "urn:two", "name": "two"},
        {"type": "Relationship", "spdxId": "urn:r5", "from": "urn:two", "relationshipType": "hasDeclaredLicense", "to": ["https://spdx.org/licenses/MIT", "https://spdx.org/licenses/BSD-3-Clause"]},
        {"type": "Relationship", "spdxId": "urn:r6", "from": "urn:two", "relationshipType": "hasConcludedLicense", "to": ["https://spdx.org/licenses/GPL-2.0-only"]},
        {"type": "software_Package", "spdxId": "urn:noassertion", "name": "noassertion"},
        {"type": "Relationship", "spdxId": "urn:r7", "from": "urn:noassertion", "relationshipType": "hasDeclaredLicense", "to": ["expandedlicensing_NoAssertionLicense"]},
        {"type": "Relationship", "spdxId": "urn:r8", "from": "urn:noassertion", "relationshipType": "hasConcludedLicense", "to": ["urn:expression"]},
        {"type": "simplelicensing_LicenseExpression", "spdxId": "urn:expression", "simplelicensing_licenseExpression": "MIT OR Apache-2.0"},
        {"type": "software_Package", "spdxId": "urn:none", "name": "none"},
        {"type": "Relationship", "spdxId": "urn:r9", "from": "urn:none", "relationshipType": "hasDeclaredLicense", "to": ["expandedlicensing_NoneLicense"]},
        {"type": "Relationship", "spdxId": "urn:r10", "from": "urn:none", "relationshipType": "hasConcludedLicense", "to": ["https://spdx.org/licenses/MIT"]})J"));
    const Document doc = read_sbom(path);
    EXPECT_EQ(by_name(doc, "listed").license.text, "MIT");  // a listed licence needs no element
    EXPECT_EQ(by_name(doc, "listed-element").license.text, "Apache-2.0");
    EXPECT_EQ(by_name(doc, "custom").license.text, "LicenseRef-acme");
    EXPECT_EQ(by_name(doc, "named").license.text, "Acme Licence");
    EXPECT_TRUE(by_name(doc, "named").license.is_name);
    EXPECT_EQ(by_name(doc, "two").license.text, "BSD-3-Clause AND MIT");  // every declared one; the concluded one does not count
    EXPECT_EQ(by_name(doc, "noassertion").license.text, "Apache-2.0 OR MIT");
    EXPECT_TRUE(by_name(doc, "none").license.empty());  // declared NONE, as SPDX 2's licenseDeclared NONE
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(Spdx3JsonLd, PurlsPurposesAndJsonLdShortForms) {
    TempDir dir;
    const auto path = dir.write("forms.json", spdx3(kCreationInfo + R"J(,
        {"type": "software_Package", "@id": "urn:a", "name": "a", "software_packageVersion": "1.0",
         "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "cpe23", "identifier": "cpe:2.3:a:x:a:1.0"},
                                {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:pypi/a@1.0"}],
         "software_primaryPurpose": "operatingSystem", "software_downloadLocation": "git+https://github.com/x/a.git@v1.0",
         "originatedBy": "urn:person", "suppliedBy": null},
        {"type": "software_Package", "spdxId": "urn:b", "name": "b", "software_packageUrl": "pkg:pypi/b@2.0",
         "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:pypi/other@9"}],
         "verifiedUsing": {"type": "Hash", "algorithm": "sha3_256", "hashValue": "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90"}},
        {"type": "Person", "spdxId": "urn:person", "name": "Ada (ada@example.com)"},
        {"type": "Relationship", "spdxId": "urn:r", "from": "urn:a", "relationshipType": "dependsOn", "to": "urn:b"},
        {"type": "Relationship", "spdxId": "urn:d", "from": "urn:doc", "relationshipType": "describes", "to": ["urn:a"]},
        {"type": "Annotation", "spdxId": "urn:note", "subject": "urn:a", "statement": "unknown element types are skipped"},
        {"type": "ExternalIdentifier", "spdxId": "urn:id-c", "externalIdentifierType": "purl", "identifier": "pkg:pypi/c@3.0"},
        {"type": "software_Package", "spdxId": "urn:c", "name": "c", "externalIdentifier": ["urn:cpe-c", "urn:id-c"]},
        {"type": "ExternalIdentifier", "spdxId": "urn:cpe-c", "externalIdentifierType": "cpe23", "identifier": "cpe:2.3:a:x:c:3.0"},
        {"type": "software_Package", "spdxId": "urn:d", "name": "d", "externalIdentifier": ["urn:id-d"], "software_packageVersion": "4.0"},
        {"type": "ExternalIdentifier", "spdxId": "urn:id-d", "externalIdentifierType": "purl", "identifier": "pkg:pypi/d@4.0"})J"));
    const Document doc = read_sbom(path);
    const Component& a = find(doc, "pkg:pypi/a@1.0");  // from the packageUrl identifier, ids by @id
    EXPECT_EQ(a.type, "operating-system");
    EXPECT_EQ(a.vcs, "git+https://github.com/x/a.git@v1.0");  // a VCS location, as SPDX 2's downloadLocation
    EXPECT_TRUE(a.download.empty());
    EXPECT_EQ(a.originator, "Ada");
    EXPECT_EQ(doc.root_component(), &a);  // from `describes`, there being no rootElement
    const Component& b = find(doc, "pkg:pypi/b@2.0");  // software_packageUrl comes first
    EXPECT_EQ(b.version, "2.0");  // from the purl
    EXPECT_THAT(hash_texts(doc, b), ElementsAre("SHA3-256:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"));
    EXPECT_THAT(edge_texts_by_purl(doc), ElementsAre("pkg:pypi/a@1.0>pkg:pypi/b@2.0"));
    // Purls in ExternalIdentifier elements named by id, before the package or after it.
    EXPECT_EQ(find(doc, "pkg:pypi/c@3.0").name, "c");
    EXPECT_EQ(find(doc, "pkg:pypi/d@4.0").version, "4.0");
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(Spdx3JsonLd, EdgesForwardReversedAndNot) {
    TempDir dir;
    std::string elements = kCreationInfo;
    for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h"})
        elements += std::string(R"J(, {"type": "software_Package", "spdxId": "urn:)J") + name + R"J(", "name": ")J" + name + "\"}";
    elements += R"J(,
        {"type": "Relationship", "spdxId": "urn:1", "from": "urn:a", "relationshipType": "hasStaticLink", "to": ["urn:b"]},
        {"type": "LifecycleScopedRelationship", "scope": "build", "spdxId": "urn:2", "from": "urn:a", "relationshipType": "hasPrerequisite", "to": ["urn:c"]},
        {"type": "Relationship", "spdxId": "urn:3", "from": "urn:a", "relationshipType": "hasOptionalDependency", "to": ["urn:d"]},
        {"type": "Relationship", "spdxId": "urn:4", "from": "urn:a", "relationshipType": "contains", "to": ["urn:e", "urn:missing"]},
        {"type": "Relationship", "spdxId": "urn:5", "from": "urn:f", "relationshipType": "DEPENDENCY_OF", "to": ["urn:a"]},
        {"type": "Relationship", "spdxId": "urn:6", "from": "urn:a", "relationshipType": "generates", "to": ["urn:g"]},
        {"type": "Relationship", "spdxId": "urn:7", "from": "urn:a", "relationshipType": "hasOptionalComponent", "to": ["urn:h"]})J";
    const Document doc = read_sbom(dir.write("edges.json", spdx3(elements)));
    EXPECT_THAT(edge_texts_by_purl(doc), ElementsAre("a>b", "a>c", "a>d", "a>e", "a>f"));
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(Spdx3JsonLd, ReadsGzip) {
    TempDir dir;
    const Document doc = read_sbom(dir.write_gz("after.spdx3.json.gz", test::read_file(test::testdata("axios/after.spdx3.json"))));
    EXPECT_EQ(doc.components.size(), 19u);
}

// --- Refusals and warnings ----------------------------------------------------------------------

struct BadInput {
    const char* name;
    std::string text;
    const char* message;
};

class Spdx3Refused : public testing::TestWithParam<BadInput> {};

TEST_P(Spdx3Refused, IsAnErrorNamingTheProblem) {
    TempDir dir;
    const auto path = dir.write("bad.json", GetParam().text);
    EXPECT_THAT(error_of(path), HasSubstr(GetParam().message));
    EXPECT_THAT(error_of(path), HasSubstr("bad.json:"));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, Spdx3Refused,
    testing::Values(
        BadInput{"no_graph", R"J({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "type": "SpdxDocument", "spdxId": "urn:d"})J",
                 "no @graph: SPDX 3 JSON-LD keeps its elements in a top-level \"@graph\" array"},
        BadInput{"graph_object", R"J({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": {}})J",
                 "@graph: expected an array (of elements), found an object"},
        BadInput{"element_string", spdx3(R"J("urn:a")J"), "@graph[0]: expected an object (an element), found a string"},
        BadInput{"name_number", spdx3(kCreationInfo + R"J(, {"type": "software_Package", "spdxId": "urn:a", "name": 7})J"),
                 "@graph[1].name: expected a string, found a number"},
        BadInput{"version_object", spdx3(R"J({"type": "software_Package", "spdxId": "urn:a", "name": "a", "software_packageVersion": {}})J"),
                 "@graph[0].software_packageVersion: expected a string, found an object"},
        BadInput{"purl_array", spdx3(R"J({"type": "software_Package", "spdxId": "urn:a", "software_packageUrl": ["pkg:npm/a@1"]})J"),
                 "@graph[0].software_packageUrl: expected a string, found an array"},
        BadInput{"spdx_id_number", spdx3(R"J({"type": "software_Package", "spdxId": 12, "name": "a"})J"),
                 "@graph[0].spdxId: expected a string, found a number"},
        BadInput{"type_array", spdx3(R"J({"type": ["software_Package"], "spdxId": "urn:a", "name": "a"})J"),
                 "@graph[0].type: expected a string, found an array"},
        BadInput{"to_number", spdx3(R"J({"type": "Relationship", "from": "urn:a", "relationshipType": "dependsOn", "to": 5})J"),
                 "@graph[0].to: expected an array of strings (spdxIds), found a number"},
        BadInput{"to_entry_object", spdx3(R"J({"type": "Relationship", "from": "urn:a", "relationshipType": "dependsOn", "to": [{}]})J"),
                 "@graph[0].to[0]: expected a string (an spdxId), found an object"},
        BadInput{"from_array", spdx3(R"J({"type": "Relationship", "from": ["urn:a"], "relationshipType": "dependsOn", "to": ["urn:b"]})J"),
                 "@graph[0].from: expected a string, found an array"},
        BadInput{"root_element_number", spdx3(R"J({"type": "SpdxDocument", "spdxId": "urn:d", "rootElement": [1]})J"),
                 "@graph[0].rootElement[0]: expected a string (an spdxId), found a number"},
        BadInput{"spec_version_2", spdx3(R"J({"type": "CreationInfo", "@id": "_:c", "specVersion": "2.3"})J"),
                 "@graph[0].specVersion: specVersion is '2.3': not an SPDX 3 document"},
        BadInput{"not_spdx", R"J({"@context": "https://schema.org", "@graph": [{"@type": "Person", "name": "x"}]})J",
                 "not SPDX 3: no CreationInfo states a specVersion and the @context is not SPDX 3's"},
        BadInput{"no_context", R"J({"@graph": [{"type": "software_Package", "spdxId": "urn:a", "name": "a"}]})J",
                 "not SPDX 3: no CreationInfo states a specVersion and there is no @context"},
        BadInput{"truncated", spdx3(R"J({"type": "software_Package", "name": "a"})J").substr(0, 115), "the JSON ends early"},
        BadInput{"huge_name", spdx3(R"J({"type": "software_Package", "name": ")J" + std::string(70000, 'a') + R"J("})J"),
                 "@graph[0].name: value is 70000 bytes long"}),
    [](const testing::TestParamInfo<BadInput>& info) { return info.param.name; });

TEST(Spdx3Errors, PositionPointsAtTheProblem) {
    TempDir dir;
    const auto path = dir.write("pos.json", "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\n \"@graph\": [\n  {\"type\": \"software_Package\",\n   \"name\": 42}]}");
    EXPECT_THAT(error_of(path), HasSubstr("pos.json:4:"));
    EXPECT_THAT(error_of(path), HasSubstr("@graph[0].name: expected a string, found a number"));
}

TEST(Spdx3Warnings, SmallSchemaBreaksAreReadAroundAndErrorsWithStrict) {
    TempDir dir;
    const auto path = dir.write("warnings.json", R"J({"@context": "https://example.com/my-context.jsonld", "@graph": [
        {"type": "CreationInfo", "@id": "_:c", "specVersion": "3.1"},
        {"type": "software_Package", "name": "no-id", "verifiedUsing": "sha256:abc"},
        {"type": "software_Package", "spdxId": "urn:a", "name": "a", "suppliedBy": {"type": "Organization", "name": "inline"},
         "verifiedUsing": [{"type": "Hash", "algorithm": "sha256"}, {"type": "Hash", "algorithm": "crystalsKyber", "hashValue": "00"},
                           {"type": "PackageVerificationCode", "algorithm": "sha1", "hashValue": "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
                           {"type": "Hash", "algorithm": "md5", "hashValue": "d41d8cd98f00b204e9800998ecf8427e"}]},
        {"type": "Relationship", "spdxId": "urn:r", "from": "urn:a", "relationshipType": "dependsOn"},
        {"type": "Relationship", "spdxId": "urn:l", "from": "urn:a", "relationshipType": "hasDeclaredLicense", "to": ["urn:set"]},
        {"type": "expandedlicensing_DisjunctiveLicenseSet", "spdxId": "urn:set", "expandedlicensing_member": ["https://spdx.org/licenses/MIT"]}]})J");
    const Document doc = read_sbom(path);
    EXPECT_EQ(doc.components.size(), 2u);
    EXPECT_THAT(hash_texts(doc, by_name(doc, "a")), ElementsAre("MD5:d41d8cd98f00b204e9800998ecf8427e"));
    EXPECT_EQ(doc.spec_version, "3.1");
    EXPECT_THAT(warning_texts(doc),
                ElementsAre("@graph[1].verifiedUsing: expected an array (of Hashes), found a string; ignored",
                            "@graph[1]: package without an spdxId; relationships cannot name it",
                            "@graph[2].suppliedBy: expected a string, found an object; ignored",
                            "@graph[2].verifiedUsing[0]: hash without an 'algorithm' or a 'hashValue'; ignored",
                            "@graph[2].hashes: unknown hash algorithm 'crystalsKyber'; that hash is ignored",
                            "@graph[3]: relationship without 'from', 'to' or 'relationshipType'; ignored",
                            "@context: does not name the SPDX 3 context (https://spdx.org/rdf/3.0.1/spdx-context.jsonld)",
                            "specVersion: '3.1' is not a version this reader knows (3.0.0, 3.0.1); read as 3.0.1",
                            "@graph[2]: licence element of type expandedlicensing_DisjunctiveLicenseSet is not read; the licence "
                            "counts as not stated"));
    EXPECT_THAT(error_of(path, ReadOptions{.strict = true}),
                HasSubstr("@graph[1].verifiedUsing: expected an array (of Hashes), found a string; ignored (a warning; an error with --strict)"));
}

}  // namespace
}  // namespace bomwatch::sbom
