// SPDX 2 in its other syntaxes: YAML, XML and RDF/XML. Each reads as the JSON form of the same
// document; what each refuses (YAML aliases, DOCTYPEs, malformed input) is a one-line error with
// the file and the line; the shared XML reader is safe to use from two threads at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "diff/changes.h"
#include "sbom/read.h"
#include "sbom/xml_reader.h"
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

const std::string kJsonExample = "spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json";
const std::string kYamlExample = "spdx-other/spdx-spec_SPDXYAMLExample-2.3.spdx.yaml";
const std::string kXmlExample = "spdx-other/spdx-spec_SPDXXMLExample-v2.3.spdx.xml";
const std::string kRdfExample = "spdx-other/spdx-spec_SPDXRdfExample-v2.3.spdx.rdf.xml";

std::vector<std::string> sorted(std::vector<std::string> lines) {
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::vector<std::string> describe(const diff::Changes& c) {
    std::vector<std::string> out;
    for (const diff::Change& change : c.changes) {
        std::string line(diff::change_kind_name(change.kind));
        if (change.kind == diff::ChangeKind::EdgeAdded || change.kind == diff::ChangeKind::EdgeRemoved) {
            line += " " + std::string(change.from) + ">" + std::string(change.to);
        } else {
            const auto* o = change.old_artifact == kNone ? nullptr : &c.old_doc->components[c.old_artifacts[change.old_artifact].first()];
            const auto* n = change.new_artifact == kNone ? nullptr : &c.new_doc->components[c.new_artifacts[change.new_artifact].first()];
            line += " " + std::string((n ? n : o)->identity) + " " + std::string(o ? o->version.view() : "") + ">" +
                    std::string(n ? n->version.view() : "") + " " + std::string(change.field) + " " +
                    std::string(change.old_value) + ">" + std::string(change.new_value);
        }
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> diff_lines(const std::string& old_path, const std::string& new_path) {
    const Document old_doc = read_sbom(old_path), new_doc = read_sbom(new_path);
    return describe(diff::compare(old_doc, new_doc));
}

// --- The specification's example, written by its authors in every syntax ---

class SpecExample : public testing::TestWithParam<std::string> {};

TEST_P(SpecExample, ReadsAsItsJsonForm) {
    const Document json = read_sbom(test::corpus(kJsonExample));
    const Document doc = read_sbom(test::corpus(GetParam()));
    // SOURCES.md: 4 packages (the files, the snippet and the licence texts are not components).
    ASSERT_EQ(doc.components.size(), 4u);
    EXPECT_EQ(doc.spec_version, "SPDX-2.3");
    EXPECT_EQ(sorted(fingerprints(doc)), sorted(fingerprints(json)));
    EXPECT_EQ(edge_texts(doc), edge_texts(json));
    EXPECT_THAT(edge_texts(doc), ElementsAre("glibc@2.11.1 > Saxon@8.8"));  // DYNAMIC_LINK; the CONTAINS name files
    // The document describes SPDXRef-File and SPDXRef-Package; the first that is a package, glibc,
    // is the root in every syntax.
    ASSERT_NE(doc.root, kNone);
    EXPECT_EQ(doc.components[doc.root].name, "glibc");
    EXPECT_THAT(warning_texts(doc), IsEmpty());
    EXPECT_THAT(diff_lines(test::corpus(kJsonExample), test::corpus(GetParam())), IsEmpty());
    EXPECT_THAT(diff_lines(test::corpus(GetParam()), test::corpus(kJsonExample)), IsEmpty());
}

TEST_P(SpecExample, TakesEachFieldOfAPackage) {
    // Checked against the values in the file, not only against the JSON reader.
    const Document doc = read_sbom(test::corpus(GetParam()));
    const Component& glibc = by_name(doc, "glibc");
    EXPECT_EQ(glibc.version, "2.11.1");
    EXPECT_EQ(glibc.type, "source");
    EXPECT_EQ(glibc.supplier, "Jane Doe");
    EXPECT_EQ(glibc.originator, "ExampleCodeInspect");
    EXPECT_EQ(glibc.download, "http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz");
    EXPECT_EQ(glibc.license.text, "LGPL-2.0-only AND LicenseRef-3");  // declared, not concluded
    EXPECT_THAT(hash_texts(doc, glibc),
                testing::UnorderedElementsAre(
                    "MD5:624c1abb3664f4b35547e7c73864ad24", "SHA-1:85ed0817af83a24ad8da68c2b5094de69833983c",
                    "SHA-256:11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd",
                    "BLAKE2b-384:aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706"));
    EXPECT_EQ(by_name(doc, "apache-jena").purl, "pkg:maven/org.apache.jena/apache-jena@3.12.0");
    EXPECT_EQ(by_name(doc, "Saxon").license.text, "MPL-1.0");
    EXPECT_TRUE(by_name(doc, "Apache Commons Lang").license.empty());  // NOASSERTION both
    EXPECT_TRUE(by_name(doc, "Apache Commons Lang").download.empty());
}

TEST_P(SpecExample, ReadsTheSameGzipped) {
    TempDir dir;
    const std::string gz = dir.write_gz("example.gz", test::read_file(test::corpus(GetParam())));
    const Document plain = read_sbom(test::corpus(GetParam()));
    const Document zipped = read_sbom(gz);
    EXPECT_EQ(zipped.format, plain.format);
    EXPECT_EQ(fingerprints(zipped), fingerprints(plain));
    EXPECT_EQ(edge_texts(zipped), edge_texts(plain));
}

INSTANTIATE_TEST_SUITE_P(SpdxOther, SpecExample, testing::Values(kYamlExample, kXmlExample, kRdfExample),
                         [](const testing::TestParamInfo<std::string>& info) {
                             return std::string(info.index == 0 ? "Yaml" : info.index == 1 ? "Xml" : "RdfXml");
                         });

TEST(SpdxOther, EachSyntaxIsNamedAsItsFormat) {
    EXPECT_EQ(read_sbom(test::corpus(kYamlExample)).format, Format::SpdxYaml);
    EXPECT_EQ(read_sbom(test::corpus(kXmlExample)).format, Format::SpdxXml);
    EXPECT_EQ(read_sbom(test::corpus(kRdfExample)).format, Format::SpdxRdfXml);
}

// --- A real build (testdata/axios) written in YAML, XML and RDF/XML from its SPDX JSON ---

using json = nlohmann::ordered_json;

// Block-style YAML, as generators write it; strings double-quoted (JSON's escapes are YAML's).
void write_yaml(const json& value, int indent, std::string& out);
void write_yaml_value(const json& value, int indent, std::string& out) {
    if (value.is_structured() && !value.empty()) {
        out += '\n';
        write_yaml(value, indent + 2, out);
    } else {
        out += ' ' + value.dump() + '\n';
    }
}
void write_yaml(const json& value, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            out += pad + key + ':';
            write_yaml_value(item, indent, out);
        }
    } else {
        for (const json& item : value) {
            out += pad + '-';
            write_yaml_value(item, indent, out);
        }
    }
}
std::string to_yaml(const json& document) {
    std::string out = "---\n";
    write_yaml(document, 0, out);
    return out;
}

std::string xml_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else out += c;
    }
    return out;
}

// The XML form of the JSON schema: one element per key, one per array item.
void write_xml(const std::string& key, const json& value, std::string& out) {
    if (value.is_array()) {
        for (const json& item : value) write_xml(key, item, out);
        return;
    }
    out += '<' + key + '>';
    if (value.is_object()) {
        out += '\n';
        for (const auto& [name, item] : value.items()) write_xml(name, item, out);
    } else {
        out += xml_escaped(value.is_string() ? value.get<std::string>() : value.dump());
    }
    out += "</" + key + ">\n";
}
std::string to_xml(const json& document) {
    std::string out = "<?xml version='1.0' encoding='UTF-8'?>\n<Document>\n";
    for (const auto& [name, item] : document.items()) write_xml(name, item, out);
    return out + "</Document>\n";
}

// "DEPENDS_ON" -> "dependsOn": the ontology's spelling.
std::string camel(const std::string& upper_snake) {
    std::string out;
    bool upper = false;
    for (const char c : upper_snake) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        upper = false;
    }
    return out;
}

// RDF/XML in the flat form (rdf:Description, rdf:type, rdf:nodeID blank nodes), which the spec
// example does not use; rdf:type comes after the other properties.
std::string to_rdf(const json& document) {
    const std::string terms = "http://spdx.org/rdf/terms#";
    const std::string base = document["documentNamespace"].get<std::string>() + "#";
    auto special_or = [&](const std::string& value, const std::string& uri) {
        return value == "NOASSERTION" ? terms + "noassertion" : value == "NONE" ? terms + "none" : uri;
    };
    std::string out =
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
        "xmlns:spdx=\"http://spdx.org/rdf/terms#\">\n";
    std::string blanks;
    int blank = 0;
    auto relationships_of = [&](const std::string& id) {
        std::string props;
        for (const json& r : document["relationships"]) {
            if (r["spdxElementId"] != id) continue;
            const std::string node = "b" + std::to_string(++blank);
            props += "  <spdx:relationship rdf:nodeID=\"" + node + "\"/>\n";
            blanks += "<rdf:Description rdf:nodeID=\"" + node + "\"><rdf:type rdf:resource=\"" + terms +
                      "Relationship\"/><spdx:relationshipType rdf:resource=\"" + terms + "relationshipType_" +
                      camel(r["relationshipType"]) + "\"/><spdx:relatedSpdxElement rdf:resource=\"" + base +
                      r["relatedSpdxElement"].get<std::string>() + "\"/></rdf:Description>\n";
        }
        return props;
    };
    const std::string document_id = document["SPDXID"];
    out += "<rdf:Description rdf:about=\"" + base + document_id + "\">\n  <rdf:type rdf:resource=\"" + terms +
           "SpdxDocument\"/>\n  <spdx:specVersion>" + document["spdxVersion"].get<std::string>() + "</spdx:specVersion>\n" +
           relationships_of(document_id) + "</rdf:Description>\n";
    for (const json& p : document["packages"]) {
        const std::string id = p["SPDXID"];
        out += "<rdf:Description rdf:about=\"" + base + id + "\">\n";
        out += "  <spdx:name>" + xml_escaped(p["name"]) + "</spdx:name>\n";
        if (p.contains("versionInfo")) out += "  <spdx:versionInfo>" + xml_escaped(p["versionInfo"]) + "</spdx:versionInfo>\n";
        if (p.contains("supplier")) out += "  <spdx:supplier>" + xml_escaped(p["supplier"]) + "</spdx:supplier>\n";
        const std::string download = p["downloadLocation"];
        if (download == "NOASSERTION") out += "  <spdx:downloadLocation rdf:resource=\"" + terms + "noassertion\"/>\n";
        else out += "  <spdx:downloadLocation>" + xml_escaped(download) + "</spdx:downloadLocation>\n";
        for (const char* key : {"licenseDeclared", "licenseConcluded"}) {
            const std::string license = p[key];
            out += std::string("  <spdx:") + key + " rdf:resource=\"" + special_or(license, "http://spdx.org/licenses/" + license) + "\"/>\n";
        }
        if (p.contains("primaryPackagePurpose"))
            out += "  <spdx:primaryPackagePurpose rdf:resource=\"" + terms + "purpose_" + camel(p["primaryPackagePurpose"]) + "\"/>\n";
        for (const json& c : p.value("checksums", json::array())) {
            std::string algorithm = c["algorithm"];
            for (char& ch : algorithm) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            const std::string node = "b" + std::to_string(++blank);
            out += "  <spdx:checksum rdf:nodeID=\"" + node + "\"/>\n";
            blanks += "<rdf:Description rdf:nodeID=\"" + node + "\"><spdx:checksumValue>" + c["checksumValue"].get<std::string>() +
                      "</spdx:checksumValue><spdx:algorithm rdf:resource=\"" + terms + "checksumAlgorithm_" + algorithm +
                      "\"/><rdf:type rdf:resource=\"" + terms + "Checksum\"/></rdf:Description>\n";
        }
        for (const json& r : p.value("externalRefs", json::array())) {
            const std::string node = "b" + std::to_string(++blank);
            out += "  <spdx:externalRef rdf:nodeID=\"" + node + "\"/>\n";
            blanks += "<rdf:Description rdf:nodeID=\"" + node + "\"><rdf:type rdf:resource=\"" + terms +
                      "ExternalRef\"/><spdx:referenceType rdf:resource=\"http://spdx.org/rdf/references/" +
                      r["referenceType"].get<std::string>() + "\"/><spdx:referenceLocator>" +
                      xml_escaped(r["referenceLocator"]) + "</spdx:referenceLocator></rdf:Description>\n";
        }
        out += relationships_of(id);
        out += "  <rdf:type rdf:resource=\"" + terms + "Package\"/>\n</rdf:Description>\n";
    }
    return out + blanks + "</rdf:RDF>\n";
}

class AxiosBuild : public testing::Test {
protected:
    void SetUp() override {
        for (const char* build : {"before", "after"}) {
            // In the file's key order: spdxVersion first, as generators write it.
            const json document = json::parse(test::read_file(test::testdata(std::string("axios/") + build + ".spdx.json")));
            dir_.write(std::string(build) + ".spdx.yaml", to_yaml(document));
            dir_.write(std::string(build) + ".spdx.xml", to_xml(document));
            dir_.write(std::string(build) + ".spdx.rdf.xml", to_rdf(document));
        }
    }
    std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
    TempDir dir_;
};

TEST_F(AxiosBuild, EachSyntaxReadsAsTheJson) {
    for (const char* build : {"before", "after"}) {
        const Document json_doc = read_sbom(test::testdata(std::string("axios/") + build + ".spdx.json"));
        for (const char* syntax : {".spdx.yaml", ".spdx.xml", ".spdx.rdf.xml"}) {
            const std::string file = path(std::string(build) + syntax);
            const Document doc = read_sbom(file);
            EXPECT_EQ(sorted(fingerprints(doc)), sorted(fingerprints(json_doc))) << file;
            EXPECT_EQ(edge_texts(doc), edge_texts(json_doc)) << file;
            EXPECT_THAT(warning_texts(doc), IsEmpty()) << file;
            EXPECT_THAT(diff_lines(test::testdata(std::string("axios/") + build + ".cdx.json"), file), IsEmpty()) << file;
        }
    }
}

TEST_F(AxiosBuild, DiffAcrossSyntaxesIsTheDiffWithinOne) {
    const auto within = diff_lines(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    ASSERT_THAT(within, ElementsAre(StartsWith("added pkg:npm/plain-crypto-js >4.2.1"), StartsWith("versionChanged pkg:npm/axios 1.14.0>1.14.1"),
                                    "edgeAdded pkg:npm/axios>pkg:npm/plain-crypto-js"));
    for (const char* syntax : {".spdx.yaml", ".spdx.xml", ".spdx.rdf.xml"}) {
        EXPECT_EQ(diff_lines(path(std::string("before") + syntax), path(std::string("after") + syntax)), within) << syntax;
        EXPECT_EQ(diff_lines(path(std::string("before") + syntax), test::testdata("axios/after.cdx.json")), within) << syntax;
        EXPECT_EQ(diff_lines(test::testdata("axios/before.spdx.json"), path(std::string("after") + syntax)), within) << syntax;
    }
}

// --- SPDX YAML ---

const std::string kYamlHead = "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n";

TEST(SpdxYaml, ScalarsStayTheStringsTheyAre) {
    TempDir dir;
    const Document doc = read_sbom(dir.write("s.yaml", kYamlHead +
                                                           "packages:\n"
                                                           "- SPDXID: SPDXRef-a\n  name: a\n  versionInfo: 1.10\n  filesAnalyzed: false\n"
                                                           "- SPDXID: SPDXRef-b\n  name: 'on'\n  versionInfo: true\n"
                                                           "- {SPDXID: SPDXRef-c, name: c, versionInfo: 007, supplier: null}\n"));
    ASSERT_EQ(doc.components.size(), 3u);
    EXPECT_EQ(doc.components[0].version, "1.10");  // not the number 1.1
    EXPECT_EQ(doc.components[1].name, "on");
    EXPECT_EQ(doc.components[1].version, "true");
    EXPECT_EQ(doc.components[2].version, "007");
    EXPECT_TRUE(doc.components[2].supplier.empty());  // null: not stated
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(SpdxYaml, AliasesAreRefused) {
    TempDir dir;
    // "Billion laughs": nine aliases of nine aliases of nine... would expand a few lines into
    // gigabytes. Refused at the first alias, with its line and column.
    std::string bomb = kYamlHead + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char level = 'b'; level <= 'j'; ++level) {
        const char below = static_cast<char>(level - 1);
        bomb += std::string(1, level) + ": &" + level + " [";
        for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + below;
        bomb += "]\n";
    }
    EXPECT_EQ(error_of(dir.write("bomb.yaml", bomb)),
              dir.path().string() + "/bomb.yaml:4:8: YAML aliases (*name) are refused: an SBOM has no use for them, and they "
                                    "can make a small file stand for a huge one");
    // An alias in a part the reader skips is refused all the same.
    EXPECT_THAT(error_of(dir.write("files.yaml", kYamlHead + "files:\n- &f {fileName: x}\n- *f\n")), HasSubstr("files.yaml:5:3: YAML aliases"));
}

TEST(SpdxYaml, SyntaxErrorsNameTheLine) {
    TempDir dir;
    EXPECT_EQ(error_of(dir.write("bad.yaml", kYamlHead + "packages:\n  - name: a\n    versionInfo: [1\n")),
              dir.path().string() + "/bad.yaml:6:1: YAML error: end of sequence flow not found");
    EXPECT_THAT(error_of(dir.write("tab.yaml", kYamlHead + "packages:\n- name: a\n\tversionInfo: 1\n")), HasSubstr("tab.yaml:5:"));
    // yaml-cpp quotes the bad character; the message stays one line.
    EXPECT_EQ(error_of(dir.write("escape.yaml", kYamlHead + "name: \"a\\\x01\"\n")),
              dir.path().string() + "/escape.yaml:3:11: YAML error: unknown escape character: \\x01");
}

TEST(SpdxYaml, TheJsonReadersErrorsNameTheYamlLine) {
    TempDir dir;
    // The JSON reader finds these in the converted text; the position is the YAML one.
    EXPECT_EQ(error_of(dir.write("type.yaml", kYamlHead + "packages:\n- SPDXID: SPDXRef-a\n  name:\n    first: a\n")),
              dir.path().string() + "/type.yaml:6:5: packages[0].name: expected a string, found an object");
    EXPECT_EQ(error_of(dir.write("v3.yaml", "SPDXID: SPDXRef-DOCUMENT\nspdxVersion: SPDX-3.0\n")),
              dir.path().string() + "/v3.yaml:2:14: spdxVersion is 'SPDX-3.0': not an SPDX 2 document");
    EXPECT_EQ(error_of(dir.write("list.yaml", "spdxVersion: SPDX-2.3\npackages: {name: a}\n")),
              dir.path().string() + "/list.yaml:2:11: packages: expected an array, found an object");
    // A warning under --strict, too.
    EXPECT_EQ(error_of(dir.write("sum.yaml", kYamlHead + "packages:\n- SPDXID: SPDXRef-a\n  name: a\n  checksums:\n  - algorithm: SHA1\n"),
                       {.strict = true}),
              dir.path().string() + "/sum.yaml:7:5: packages[0].checksums[0]: checksum without an 'algorithm' or a "
                                    "'checksumValue'; ignored (a warning; an error with --strict)");
}

TEST(SpdxYaml, WhatIsNotAnSpdxMappingIsRefused) {
    TempDir dir;
    EXPECT_THAT(error_of(dir.write("seq.yaml", "spdxVersion:\n- SPDX-2.3\n")), HasSubstr("spdxVersion: expected a string"));
    EXPECT_EQ(error_of(dir.write("key.yaml", "spdxVersion: SPDX-2.3\n? [a, b]\n: c\n")),
              dir.path().string() + "/key.yaml:2:3: a list as a mapping key, which SPDX does not have");
    EXPECT_THAT(error_of(dir.write("utf8.yaml", kYamlHead + "name: \"\xff\xfe\"\n")), HasSubstr("utf8.yaml:3:7: invalid UTF-8"));
}

// --- SPDX XML ---

std::string spdx_xml(const std::string& packages) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document>\n  <spdxVersion>SPDX-2.3</spdxVersion>\n"
           "  <SPDXID>SPDXRef-DOCUMENT</SPDXID>\n" + packages + "</Document>\n";
}

TEST(SpdxXml, OneElementOfAnArrayKeyIsAnArray) {
    TempDir dir;
    const Document doc = read_sbom(dir.write("one.xml", spdx_xml(
        "  <documentDescribes>SPDXRef-app</documentDescribes>\n"
        "  <packages>\n    <SPDXID>SPDXRef-app</SPDXID>\n    <name>app</name>\n    <versionInfo>1.10</versionInfo>\n"
        "    <checksums><algorithm>SHA1</algorithm><checksumValue>85ed0817af83a24ad8da68c2b5094de69833983c</checksumValue></checksums>\n"
        "    <externalRefs><referenceCategory>PACKAGE-MANAGER</referenceCategory><referenceType>purl</referenceType>"
        "<referenceLocator>pkg:npm/app@1.10</referenceLocator></externalRefs>\n"
        "    <filesAnalyzed>false</filesAnalyzed>\n  </packages>\n"
        "  <packages><SPDXID>SPDXRef-lib</SPDXID><name><![CDATA[lib & co]]></name><versionInfo/></packages>\n"
        "  <relationships><spdxElementId>SPDXRef-app</spdxElementId><relationshipType>DEPENDS_ON</relationshipType>"
        "<relatedSpdxElement>SPDXRef-lib</relatedSpdxElement></relationships>\n")));
    ASSERT_EQ(doc.components.size(), 2u);
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->purl, "pkg:npm/app@1.10");
    EXPECT_THAT(hash_texts(doc, doc.components[0]), ElementsAre("SHA-1:85ed0817af83a24ad8da68c2b5094de69833983c"));
    EXPECT_EQ(doc.components[1].name, "lib & co");
    EXPECT_TRUE(doc.components[1].version.empty());
    EXPECT_THAT(edge_texts(doc), ElementsAre("app@1.10 > lib & co@"));
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(SpdxXml, DoctypeAndEntitiesAreRefused) {
    TempDir dir;
    const std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                            "<Document><spdxVersion>SPDX-2.3</spdxVersion><packages><name>&xxe;</name></packages></Document>\n";
    EXPECT_EQ(error_of(dir.write("xxe.xml", xxe)), dir.path().string() + "/xxe.xml:2:1: the XML has a DOCTYPE, which SBOMs do not "
                                                                        "use; refused so that no DTD is loaded and no entity expanded");
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
    for (int level = 1; level <= 9; ++level) {
        laughs += " <!ENTITY lol" + std::to_string(level) + " \"";
        for (int i = 0; i < 10; ++i) laughs += "&lol" + (level == 1 ? std::string() : std::to_string(level - 1)) + ";";
        laughs += "\">\n";
    }
    laughs += "]>\n<Document><spdxVersion>SPDX-2.3</spdxVersion><name>&lol9;</name></Document>\n";
    EXPECT_THAT(error_of(dir.write("laughs.xml", laughs)), HasSubstr("laughs.xml:2:1: the XML has a DOCTYPE"));
    // An undeclared entity is malformed XML, not an expansion.
    EXPECT_EQ(error_of(dir.write("entity.xml", spdx_xml("  <packages><name>&x;</name></packages>\n"))),
              dir.path().string() + "/entity.xml:5:22: XML error: Entity 'x' not defined");
}

TEST(SpdxXml, ErrorsNameTheLine) {
    TempDir dir;
    EXPECT_EQ(error_of(dir.write("tag.xml", spdx_xml("  <packages><name>a</nam></packages>\n"))),
              dir.path().string() + "/tag.xml:5:26: XML error: Opening and ending tag mismatch: name line 5 and nam");
    const std::string whole = spdx_xml("  <packages><name>a</name></packages>\n");
    EXPECT_EQ(error_of(dir.write("cut.xml", whole.substr(0, whole.size() - 13))),
              dir.path().string() + "/cut.xml:5:38: XML error: the document ends before its root element is closed (truncated?)");
    // From the JSON reader, at the line of the element (libxml2 keeps no column for it).
    EXPECT_EQ(error_of(dir.write("type.xml", spdx_xml("  <packages>\n    <name><first>a</first></name>\n  </packages>\n"))),
              dir.path().string() + "/type.xml:6: packages[0].name: expected a string, found an object");
    EXPECT_EQ(error_of(dir.write("root2.xml", "<?xml version=\"1.0\"?>\n<Doc><Document/><spdxVersion>SPDX-2.3</spdxVersion></Doc>\n")),
              dir.path().string() + "/root2.xml:2: the root element is <Doc>, not an SPDX <Document>");
}

// --- SPDX RDF/XML ---

const std::string kRdfHead =
    "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
    "xmlns:spdx=\"http://spdx.org/rdf/terms#\">\n";
const std::string kDoc = "https://example.com/doc#";
const std::string kTerms = "http://spdx.org/rdf/terms#";

TEST(SpdxRdfXml, LicencesOfEveryShape) {
    TempDir dir;
    const std::string rdf = kRdfHead +
        "<spdx:SpdxDocument rdf:about=\"" + kDoc + "SPDXRef-DOCUMENT\"><spdx:specVersion>SPDX-2.3</spdx:specVersion>\n"
        "  <spdx:describesPackage rdf:resource=\"" + kDoc + "SPDXRef-app\"/></spdx:SpdxDocument>\n"
        "<spdx:Package rdf:about=\"" + kDoc + "SPDXRef-app\"><spdx:name>app</spdx:name>\n"
        "  <spdx:licenseDeclared><spdx:DisjunctiveLicenseSet>\n"
        "    <spdx:member rdf:resource=\"http://spdx.org/licenses/MIT\"/>\n"
        "    <spdx:member><spdx:ConjunctiveLicenseSet>\n"
        "      <spdx:member rdf:resource=\"http://spdx.org/licenses/Apache-2.0\"/>\n"
        "      <spdx:member><spdx:WithExceptionOperator>\n"
        "        <spdx:member rdf:resource=\"http://spdx.org/licenses/GPL-2.0-only\"/>\n"
        "        <spdx:licenseException><spdx:LicenseException rdf:nodeID=\"cp\"><spdx:licenseExceptionId>Classpath-exception-2.0"
        "</spdx:licenseExceptionId></spdx:LicenseException></spdx:licenseException>\n"
        "      </spdx:WithExceptionOperator></spdx:member>\n"
        "    </spdx:ConjunctiveLicenseSet></spdx:member>\n"
        "    <spdx:member><spdx:OrLaterOperator><spdx:member rdf:resource=\"http://spdx.org/licenses/LGPL-2.1\"/></spdx:OrLaterOperator></spdx:member>\n"
        "    <spdx:member rdf:resource=\"" + kDoc + "LicenseRef-mine\"/>\n"
        "  </spdx:DisjunctiveLicenseSet></spdx:licenseDeclared>\n"
        "  <spdx:checksum rdf:parseType=\"Resource\"><spdx:algorithm rdf:resource=\"" + kTerms + "checksumAlgorithm_sha256\"/>"
        "<spdx:checksumValue>11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd</spdx:checksumValue></spdx:checksum>\n"
        "</spdx:Package>\n"
        "<spdx:Package rdf:about=\"" + kDoc + "SPDXRef-ext\"><spdx:name>ext</spdx:name>\n"
        "  <spdx:licenseConcluded><spdx:ExtractedLicensingInfo rdf:about=\"" + kDoc + "LicenseRef-x\"><spdx:licenseId>LicenseRef-x"
        "</spdx:licenseId><spdx:extractedText>text</spdx:extractedText></spdx:ExtractedLicensingInfo></spdx:licenseConcluded>\n"
        "  <spdx:licenseDeclared rdf:resource=\"" + kTerms + "noassertion\"/>\n"
        "</spdx:Package>\n</rdf:RDF>\n";
    const Document doc = read_sbom(dir.write("licences.rdf.xml", rdf));
    ASSERT_EQ(doc.components.size(), 2u);
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "app");  // spdx:describesPackage (SPDX 2.0, 2.1)
    // The same expression read from JSON (the builder orders the operands).
    TempDir json_dir;
    const Document json_doc = read_sbom(json_dir.write("l.spdx.json", R"({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT",
        "packages": [{"SPDXID": "SPDXRef-app", "name": "app",
          "licenseDeclared": "MIT OR (Apache-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0) OR LGPL-2.1+ OR LicenseRef-mine"}]})"));
    EXPECT_EQ(doc.components[0].license.text, json_doc.components[0].license.text);
    EXPECT_EQ(doc.components[0].license.text,
              "Apache-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0 OR LGPL-2.1+ OR LicenseRef-mine OR MIT");
    EXPECT_THAT(hash_texts(doc, doc.components[0]), ElementsAre("SHA-256:11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd"));
    EXPECT_EQ(doc.components[1].license.text, "LicenseRef-x");  // declared NOASSERTION: the concluded one
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(SpdxRdfXml, RelationshipsResolveByIdAndKeepOtherDocumentsApart) {
    TempDir dir;
    auto package = [](const std::string& id, const std::string& body) {
        return "<spdx:Package rdf:about=\"" + kDoc + id + "\"><spdx:name>" + id.substr(8) + "</spdx:name>" + body + "</spdx:Package>\n";
    };
    auto relationship = [](const std::string& type, const std::string& related) {
        return "<spdx:relationship><spdx:Relationship><spdx:relationshipType rdf:resource=\"" + kTerms + "relationshipType_" + type +
               "\"/><spdx:relatedSpdxElement rdf:resource=\"" + related + "\"/></spdx:Relationship></spdx:relationship>";
    };
    const std::string rdf = kRdfHead +
        "<spdx:SpdxDocument rdf:about=\"" + kDoc + "SPDXRef-DOCUMENT\"><spdx:specVersion>SPDX-2.2</spdx:specVersion>" +
        relationship("describes", kDoc + "SPDXRef-app") + "</spdx:SpdxDocument>\n" +
        package("SPDXRef-app", relationship("dependsOn", kDoc + "SPDXRef-lib")) +
        // lib DEPENDENCY_OF tool: tool needs lib. Another document's SPDXRef-app is not this one's.
        package("SPDXRef-lib", relationship("dependencyOf", kDoc + "SPDXRef-tool") +
                                   relationship("dependsOn", "https://other.example/doc#SPDXRef-app") +
                                   relationship("devDependencyOf", "#SPDXRef-app")) +
        package("SPDXRef-tool", relationship("generatedFrom", kDoc + "SPDXRef-app")) + "</rdf:RDF>\n";
    const Document doc = read_sbom(dir.write("graph.rdf.xml", rdf));
    EXPECT_EQ(doc.spec_version, "SPDX-2.2");
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "app");
    EXPECT_THAT(edge_texts(doc), ElementsAre("app@ > lib@", "tool@ > lib@"));
}

TEST(SpdxRdfXml, TheRootMayBeStatedFromEitherSide) {
    TempDir dir;
    // "app DESCRIBED_BY the document", the document named by a relative URI.
    const Document doc = read_sbom(dir.write("by.rdf.xml", kRdfHead +
        "<spdx:SpdxDocument rdf:about=\"" + kDoc + "SPDXRef-DOCUMENT\"><spdx:specVersion>SPDX-2.3</spdx:specVersion></spdx:SpdxDocument>\n"
        "<spdx:Package rdf:about=\"" + kDoc + "SPDXRef-lib\"><spdx:name>lib</spdx:name></spdx:Package>\n"
        "<spdx:Package rdf:about=\"" + kDoc + "SPDXRef-app\"><spdx:name>app</spdx:name><spdx:relationship><spdx:Relationship>"
        "<spdx:relationshipType rdf:resource=\"" + kTerms + "relationshipType_describedBy\"/>"
        "<spdx:relatedSpdxElement rdf:resource=\"#SPDXRef-DOCUMENT\"/></spdx:Relationship></spdx:relationship></spdx:Package></rdf:RDF>\n"));
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "app");
}

TEST(SpdxRdfXml, WhatItRefusesOrWarnsAbout) {
    TempDir dir;
    EXPECT_EQ(error_of(dir.write("doctype.rdf.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM \"http://example.com/\">]>\n" +
                                                    kRdfHead.substr(22) + "</rdf:RDF>\n")),
              dir.path().string() + "/doctype.rdf.xml:2:1: the XML has a DOCTYPE, which SBOMs do not use; refused so that no DTD is "
                                    "loaded and no entity expanded");
    EXPECT_EQ(error_of(dir.write("v3.rdf.xml", kRdfHead + "<spdx:SpdxDocument rdf:about=\"" + kDoc +
                                                   "SPDXRef-DOCUMENT\">\n<spdx:specVersion>SPDX-3.0</spdx:specVersion></spdx:SpdxDocument></rdf:RDF>\n")),
              dir.path().string() + "/v3.rdf.xml:3: specVersion is 'SPDX-3.0': not an SPDX 2 document");
    const std::string warned = dir.write("warned.rdf.xml", kRdfHead + "<spdx:SpdxDocument rdf:about=\"" + kDoc +
        "SPDXRef-DOCUMENT\"><spdx:specVersion>SPDX-2.3</spdx:specVersion></spdx:SpdxDocument>\n"
        "<spdx:Package><spdx:name>anonymous</spdx:name>\n"
        "<spdx:checksum><spdx:Checksum><spdx:algorithm rdf:resource=\"" + kTerms + "checksumAlgorithm_sha1\"/></spdx:Checksum></spdx:checksum>"
        "<spdx:relationship><spdx:Relationship><spdx:relatedSpdxElement rdf:resource=\"" + kDoc + "SPDXRef-x\"/></spdx:Relationship></spdx:relationship>"
        "</spdx:Package></rdf:RDF>\n");
    const Document doc = read_sbom(warned);
    EXPECT_EQ(doc.components.size(), 1u);
    EXPECT_THAT(warning_texts(doc),
                ElementsAre("spdx:Relationship at line 5: relationship without relationshipType or relatedSpdxElement; ignored",
                            "spdx:Package at line 4: checksum without an 'algorithm' or a 'checksumValue'; ignored",
                            "spdx:Package at line 4: package without an rdf:about (an SPDXID); relationships cannot name it"));
    EXPECT_EQ(error_of(warned, {.strict = true}),
              warned + ":5: spdx:Relationship at line 5: relationship without relationshipType or relatedSpdxElement; ignored "
                       "(a warning; an error with --strict)");
    // A licence set that contains itself, through rdf:nodeID.
    EXPECT_THAT(error_of(dir.write("cycle.rdf.xml", kRdfHead + "<spdx:Package rdf:about=\"" + kDoc + "SPDXRef-a\"><spdx:name>a</spdx:name>"
        "<spdx:licenseDeclared rdf:nodeID=\"set\"/></spdx:Package>\n<spdx:ConjunctiveLicenseSet rdf:nodeID=\"set\">"
        "<spdx:member rdf:resource=\"http://spdx.org/licenses/MIT\"/><spdx:member rdf:nodeID=\"set\"/></spdx:ConjunctiveLicenseSet></rdf:RDF>\n")),
                HasSubstr("cycle.rdf.xml:3: licences nested more than 64 deep (or a licence that contains itself)"));
    EXPECT_THAT(error_of(dir.write("root.rdf.xml", "<?xml version=\"1.0\"?>\n<spdx:SpdxDocument xmlns:spdx=\"http://spdx.org/rdf/terms#\">"
                                                   "<!-- <rdf:RDF --></spdx:SpdxDocument>\n")),
                HasSubstr("root.rdf.xml:2: the root element is not rdf:RDF"));
}

// --- The shared XML reader ---

std::vector<std::string> elements_of(const std::string& path) {
    InputStream in(path);
    xml::Reader reader(in);
    std::vector<std::string> out;
    while (reader.next())
        if (reader.type() == xml::NodeType::Element) out.emplace_back(reader.local_name());
    return out;
}

std::string xml_error_of(const std::string& path) {
    try {
        elements_of(path);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(XmlReader, RefusesADoctypeWhereverThePrologHidesIt) {
    TempDir dir;
    // After comments and processing instructions (a "<!DOCTYPE" inside a comment is only text).
    EXPECT_THAT(xml_error_of(dir.write("a.xml", "<?xml version=\"1.0\"?><?pi <!DOCTYPE ?>\n<!-- <!DOCTYPE -- -->\n<!DOCTYPE a SYSTEM \"a.dtd\"><a/>")),
                HasSubstr("a.xml:3:1: the XML has a DOCTYPE"));
    EXPECT_THAT(elements_of(dir.write("b.xml", "<!-- <!DOCTYPE a> --><a><b/></a>")), ElementsAre("a", "b"));
    // In UTF-16, where the bytes of "<!DOCTYPE" are not together.
    std::u16string utf16 = u"\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>";
    EXPECT_THAT(xml_error_of(dir.write("c.xml", std::string(reinterpret_cast<const char*>(utf16.data()), utf16.size() * 2))),
                HasSubstr("the XML has a DOCTYPE"));
    // The prolog scan stops at the root element: later "<!DOCTYPE"-like text is no concern of it.
    EXPECT_THAT(elements_of(dir.write("d.xml", "<a><![CDATA[<!DOCTYPE x>]]></a>")), ElementsAre("a"));
}

TEST(XmlReader, ErrorsAreOneLine) {
    TempDir dir;
    // libxml2 writes this one over two lines, and quotes a comment's text in another.
    EXPECT_EQ(xml_error_of(dir.write("utf8.xml", "<a>\n<b>\xff\xfe</b></a>")),
              dir.path().string() + "/utf8.xml:2:4: XML error: Input is not proper UTF-8, indicate encoding ! Bytes: 0xFF 0xFE 0x3C 0x2F");
    EXPECT_EQ(xml_error_of(dir.write("comment.xml", "<a><!-- x\n-- y --></a>")),
              dir.path().string() + "/comment.xml:2:1: XML error: Double hyphen within comment: <!-- x");
}

TEST(XmlReader, ReadsTextSkipsSubtreesAndNamesLines) {
    TempDir dir;
    const std::string file = dir.write("t.xml", "<a xmlns=\"urn:x\" k=\"v\">\n <b>one<!-- c --> &amp; <![CDATA[two]]></b>\n <c><d>x</d>y</c>\n <e/>\n</a>\n");
    InputStream in(file);
    xml::Reader reader(in);
    std::string text;
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.local_name(), "a");
    EXPECT_EQ(reader.namespace_uri(), "urn:x");
    EXPECT_TRUE(reader.attribute("k", text));
    EXPECT_EQ(text, "v");
    EXPECT_FALSE(reader.attribute("missing", text));
    while (reader.next() && reader.type() != xml::NodeType::Element) {}
    EXPECT_EQ(reader.local_name(), "b");
    EXPECT_EQ(reader.position().line, 2u);
    EXPECT_TRUE(reader.read_text(text));
    EXPECT_EQ(text, "one & two");
    while (reader.next() && reader.type() != xml::NodeType::Element) {}
    EXPECT_EQ(reader.local_name(), "c");
    EXPECT_FALSE(reader.read_text(text));  // had a child element: its text is not taken
    EXPECT_EQ(text, "y");
    while (reader.next() && reader.type() != xml::NodeType::Element) {}
    EXPECT_EQ(reader.local_name(), "e");
    EXPECT_TRUE(reader.empty_element());
    reader.skip();  // nothing to pass over
    while (reader.next() && reader.type() == xml::NodeType::Text) {}
    EXPECT_EQ(reader.type(), xml::NodeType::EndElement);
    EXPECT_EQ(reader.local_name(), "a");
    EXPECT_FALSE(reader.next());
}

TEST(XmlReader, TwoThreadsReadTwoFilesAtOnce) {
    // bomwatch reads OLD and NEW in parallel: errors of one must not reach the other.
    TempDir dir;
    const std::string bad = dir.write("bad.xml", "<a>\n<b></c>\n</a>\n");
    const std::string rdf = test::corpus(kRdfExample), spdx_xml_file = test::corpus(kXmlExample);
    const std::vector<std::string> expected_rdf = fingerprints(read_sbom(rdf)), expected_xml = fingerprints(read_sbom(spdx_xml_file));
    std::vector<int> good(3, 0);
    std::vector<std::thread> threads;
    threads.emplace_back([&] {
        for (int i = 0; i < 20; ++i) good[0] += fingerprints(read_sbom(rdf)) == expected_rdf;
    });
    threads.emplace_back([&] {
        for (int i = 0; i < 20; ++i) good[1] += fingerprints(read_sbom(spdx_xml_file)) == expected_xml;
    });
    threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) good[2] += xml_error_of(bad) == bad + ":2:8: XML error: Opening and ending tag mismatch: b line 2 and c";
    });
    for (std::thread& t : threads) t.join();
    EXPECT_THAT(good, ElementsAre(20, 20, 200));
}

}  // namespace
}  // namespace bomwatch::sbom
