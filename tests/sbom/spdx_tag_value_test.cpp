// The SPDX 2 tag-value reader: the same components as the JSON form of the same document, <text>
// values that span lines and hold tag-like lines, CRLF and gzip, and what it warns about or refuses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

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
using testing::StartsWith;

std::vector<std::string> names(const Document& doc) {
    std::vector<std::string> out;
    for (const Component& c : doc.components) out.emplace_back(c.name.view());
    return out;
}

// One line per change, with what a report says about it.
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
            for (std::uint32_t via : change.introduced_via) line += " via " + std::string(c.new_doc->components[via].purl.view());
        }
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> diff_lines(const std::string& old_path, const std::string& new_path) {
    const Document old_doc = read_sbom(old_path), new_doc = read_sbom(new_path);
    return describe(diff::compare(old_doc, new_doc));
}

// A small document around `packages` (tag-value lines).
std::string document(const std::string& packages) {
    return "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: test\n"
           "DocumentNamespace: https://example.com/test\nCreator: Tool: test\nCreated: 2024-01-01T00:00:00Z\n\n" +
           packages;
}

TEST(SpdxTagValue, TakesWhatTheDiffNeeds) {
    const Document doc = read_sbom(test::testdata("axios/after.spdx"));
    EXPECT_EQ(doc.format, Format::SpdxTagValue);
    EXPECT_EQ(doc.spec_version, "SPDX-2.3");
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->purl, "pkg:npm/checkout-web@2.3.1");
    EXPECT_EQ(doc.root_component()->type, "application");
    EXPECT_EQ(doc.components.size(), 19u);

    const Component& axios = by_name(doc, "axios");
    EXPECT_EQ(axios.purl, "pkg:npm/axios@1.14.1");
    EXPECT_EQ(axios.version, "1.14.1");
    EXPECT_EQ(axios.type, "library");
    EXPECT_EQ(axios.license.text, "MIT");  // declared; the concluded one is NOASSERTION
    EXPECT_TRUE(axios.supplier.empty());   // NOASSERTION
    EXPECT_EQ(axios.download, "https://registry.npmjs.org/axios/-/axios-1.14.1.tgz");
    EXPECT_THAT(hash_texts(doc, axios),
                ElementsAre("SHA-512:540f2159cbcdf93711b0c19ef73a2f4d390364f254d513bd9e33f8a69fbdffc69c82b3ee819921fdff048a19388e8"
                            "0e091df11dc5f3720e045353a131d91008e"));
    EXPECT_EQ(doc.edges.size(), 18u);  // the DEPENDS_ON relationships; DESCRIBES names the root
    EXPECT_THAT(edge_texts(doc), testing::Contains("axios@1.14.1 > plain-crypto-js@4.2.1"));
    EXPECT_EQ(doc.warning_count, 0u);
}

TEST(SpdxTagValue, TheAxiosBuildsComeOutAsFromJson) {
    for (const char* build : {"before", "after"}) {
        const Document tv = read_sbom(test::testdata(std::string("axios/") + build + ".spdx"));
        const Document json = read_sbom(test::testdata(std::string("axios/") + build + ".spdx.json"));
        EXPECT_EQ(sorted_fingerprints(tv), sorted_fingerprints(json)) << build;
        EXPECT_EQ(edge_texts(tv), edge_texts(json)) << build;
        EXPECT_THAT(diff_lines(test::testdata(std::string("axios/") + build + ".spdx.json"),
                               test::testdata(std::string("axios/") + build + ".spdx")),
                    IsEmpty())
            << build;
    }
}

TEST(SpdxTagValue, DiffFromTagValueIsTheDiffWithinCycloneDx) {
    const auto within = diff_lines(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    ASSERT_THAT(within, ElementsAre(StartsWith("added pkg:npm/plain-crypto-js >4.2.1"), StartsWith("versionChanged pkg:npm/axios 1.14.0>1.14.1"),
                                    "edgeAdded pkg:npm/axios>pkg:npm/plain-crypto-js"));
    EXPECT_EQ(diff_lines(test::testdata("axios/before.spdx"), test::testdata("axios/after.cdx.json")), within);
    EXPECT_EQ(diff_lines(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.spdx")), within);
    EXPECT_EQ(diff_lines(test::testdata("axios/before.spdx"), test::testdata("axios/after.spdx")), within);
}

TEST(SpdxTagValue, TheSpecExampleReadsAsItsJsonForm) {
    // The SPDX specification's example document, written by its authors in both syntaxes.
    for (const auto& [tv_file, json_file] : {std::pair{"spdx-tv/spdx-spec_SPDXTagExample-v2.3.spdx", "spdx-json/spdx-spec_SPDXJSONExample-v2.3.spdx.json"},
                                             std::pair{"spdx-tv/spdx-spec_SPDXTagExample-v2.2.spdx", "spdx-json/spdx-spec_SPDXJSONExample-v2.2.spdx.json"}}) {
        const Document tv = read_sbom(test::corpus(tv_file));
        const Document json = read_sbom(test::corpus(json_file));
        EXPECT_EQ(sorted_fingerprints(tv), sorted_fingerprints(json)) << tv_file;
        EXPECT_EQ(edge_texts(tv), edge_texts(json)) << tv_file;
        EXPECT_THAT(diff_lines(test::corpus(json_file), test::corpus(tv_file)), IsEmpty()) << tv_file;
        EXPECT_EQ(tv.warning_count, 0u) << tv_file;
    }

    const Document doc = read_sbom(test::corpus("spdx-tv/spdx-spec_SPDXTagExample-v2.3.spdx"));
    // Four packages; the files, the snippet and the licence texts (full of "Tag: value"-like
    // lines) are not components.
    // (A component with a purl is named by it: Jena's is apache-jena.)
    EXPECT_THAT(names(doc), ElementsAre("glibc", "Apache Commons Lang", "apache-jena", "Saxon"));
    const Component& glibc = by_name(doc, "glibc");
    EXPECT_EQ(glibc.version, "2.11.1");
    EXPECT_EQ(glibc.type, "source");
    EXPECT_EQ(glibc.supplier, "Jane Doe");
    EXPECT_EQ(glibc.originator, "ExampleCodeInspect");
    EXPECT_EQ(glibc.download, "http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz");
    EXPECT_EQ(glibc.license.text, "LGPL-2.0-only AND LicenseRef-3");  // declared, not concluded
    EXPECT_THAT(hash_texts(doc, glibc),
                ElementsAre("MD5:624c1abb3664f4b35547e7c73864ad24", "SHA-1:85ed0817af83a24ad8da68c2b5094de69833983c",
                            "SHA-256:11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd",
                            "BLAKE2b-384:aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706"));
    EXPECT_EQ(by_name(doc, "apache-jena").purl, "pkg:maven/org.apache.jena/apache-jena@3.12.0");
    EXPECT_EQ(by_name(doc, "Saxon").license.text, "MPL-1.0");
    EXPECT_TRUE(by_name(doc, "Apache Commons Lang").license.empty());  // NOASSERTION both
    // glibc DYNAMIC_LINK Saxon; "glibc CONTAINS JenaLib" names a file.
    EXPECT_THAT(edge_texts(doc), ElementsAre("glibc@2.11.1 > Saxon@8.8"));
}

TEST(SpdxTagValue, GeneratorsWriteTheSameBuildInBothSyntaxes) {
    // sbomqs scanned by syft and by trivy, each written as tag-value and as JSON.
    for (const auto& [tv_file, json_file] : {std::pair{"spdx-tv/sbomqs_self_syft.spdx", "spdx-json/sbomqs_self_syft.spdx.json"},
                                             std::pair{"spdx-tv/sbomqs_self_trivy.spdx", "spdx-json/sbomqs_self_trivy.spdx.json"}}) {
        const Document tv = read_sbom(test::corpus(tv_file));
        const Document json = read_sbom(test::corpus(json_file));
        EXPECT_EQ(sorted_fingerprints(tv), sorted_fingerprints(json)) << tv_file;
        EXPECT_EQ(edge_texts(tv), edge_texts(json)) << tv_file;
        EXPECT_THAT(diff_lines(test::corpus(json_file), test::corpus(tv_file)), IsEmpty()) << tv_file;
    }
    const Document trivy = read_sbom(test::corpus("spdx-tv/sbomqs_self_trivy.spdx"));
    ASSERT_NE(trivy.root_component(), nullptr);
    EXPECT_EQ(trivy.root_component()->name, "../sbomqs");
    // trivy lower-cases the purl; the name keeps the module path's spelling, as from JSON.
    const Component& cyclonedx_go = by_name(trivy, "cyclonedx-go");
    EXPECT_EQ(cyclonedx_go.purl, "pkg:golang/github.com/cyclonedx/cyclonedx-go@0.7.0");
    EXPECT_EQ(cyclonedx_go.namespace_, "github.com/CycloneDX");
}

TEST(SpdxTagValue, ReadsTheCorpusWithItsStatedCounts) {
    // SOURCES.md's package counts (every package, the described one included) and what else each
    // file holds that the reader must pass over.
    const std::vector<std::pair<std::string, std::size_t>> files{
        {"bom-shelter_istio-release_k8s-bom_3461pkgs.spdx", 3461}, {"bom-shelter_k8s-release_k8s-bom_2.3.spdx", 130},
        {"sbomqs_self_syft.spdx", 30}, {"sbomqs_self_trivy.spdx", 17}, {"spdx-examples_example1_2.2.spdx", 1},
        {"spdx-examples_example4-bin_2.2.spdx", 3}, {"spdx-spec_SPDXTagExample-v2.2.spdx", 4},
        {"spdx-spec_SPDXTagExample-v2.3.spdx", 4}, {"syft_TestSPDXRelationshipOrder.spdx", 3},
        {"trivy-testdata_centos-7.spdx", 4}};
    std::size_t in_folder = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::corpus("spdx-tv"))) in_folder += entry.is_regular_file();
    EXPECT_EQ(in_folder, files.size());
    for (const auto& [file, count] : files) {
        const std::string path = test::corpus("spdx-tv/" + file);
        const std::string head = test::read_file(path).substr(0, 1 << 20);
        EXPECT_EQ(detect_format(head, true).format, DetectedFormat::SpdxTagValue) << file;
        const Document doc = read_sbom(path);
        EXPECT_EQ(doc.components.size(), count) << file;
        // One file has a purl that is not one ("a-purl-1", syft's test fixture); no other warnings.
        EXPECT_EQ(doc.warning_count, file == "syft_TestSPDXRelationshipOrder.spdx" ? 1u : 0u) << file;
    }
}

TEST(SpdxTagValue, TrivyCentosImage) {
    const Document doc = read_sbom(test::corpus("spdx-tv/trivy-testdata_centos-7.spdx"));
    EXPECT_EQ(doc.spec_version, "SPDX-2.2");
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "integration/testdata/fixtures/images/centos-7.tar.gz");
    const Component& openssl = by_name(doc, "openssl-libs");
    EXPECT_EQ(openssl.purl, "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&distro=centos-7.6.1810&epoch=1");
    EXPECT_EQ(openssl.identity, "pkg:rpm/centos/openssl-libs?arch=x86_64");
    EXPECT_EQ(openssl.license.text, "OpenSSL");
    // "PackageAttributionText: PkgID: ..." has a colon in its value and is not the package's.
    EXPECT_EQ(openssl.version, "1.0.2k");
    EXPECT_THAT(edge_texts(doc), ElementsAre("centos@7.6.1810 > bash@4.2.46", "centos@7.6.1810 > openssl-libs@1.0.2k",
                                             "integration/testdata/fixtures/images/centos-7.tar.gz@ > centos@7.6.1810"));
}

TEST(SpdxTagValue, IstioImageWithThousandsOfPackages) {
    const Document doc = read_sbom(test::corpus("spdx-tv/bom-shelter_istio-release_k8s-bom_3461pkgs.spdx"));
    EXPECT_EQ(doc.components.size(), 3461u);
    ASSERT_NE(doc.root_component(), nullptr);
    EXPECT_EQ(doc.root_component()->name, "istio/app:1.13.1-debug");
    // Counted over the file with a script: 3468 CONTAINS relationships, of which 40 name a file;
    // the other 3428 join two packages. The first of its 33 DESCRIBES names the image.
    EXPECT_EQ(doc.edges.size(), 3428u);
}

TEST(SpdxTagValue, TextValuesSpanLinesAndHideTheirTags) {
    TempDir dir;
    const auto path = dir.write("text.spdx", document(R"(PackageName: real
SPDXID: SPDXRef-real
PackageVersion: 1.0.0
PackageDescription: <text>A description that quotes another document:
PackageName: not-a-package
SPDXID: SPDXRef-fake
PackageVersion: 6.6.6
Relationship: SPDXRef-real DEPENDS_ON SPDXRef-fake
# and a line that would be a comment
not even a tag line</text>
PackageSummary: <text>on one line</text>
PackageSupplier: <text>Organization: Acme
</text>
PackageLicenseDeclared: <text>MIT</text>
ExternalRef: PACKAGE-MANAGER purl pkg:npm/real@1.0.0

PackageName: <text>second</text>
SPDXID: SPDXRef-second
PackageVersion: 2.0.0
PackageComment: <text>
ExternalRef: PACKAGE-MANAGER purl pkg:npm/wrong@6.6.6
</text>

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-real
Relationship: SPDXRef-real DEPENDS_ON SPDXRef-second

LicenseID: LicenseRef-x
ExtractedText: <text>PackageName: also-not-a-package
PackageChecksum: SHA256: 0000</text>
)"));
    const Document doc = read_sbom(path);
    EXPECT_THAT(names(doc), ElementsAre("real", "second"));
    const Component& real = by_name(doc, "real");
    EXPECT_EQ(real.version, "1.0.0");
    EXPECT_EQ(real.purl, "pkg:npm/real@1.0.0");
    EXPECT_EQ(real.supplier, "Acme");  // a multi-line value, kept
    EXPECT_EQ(real.license.text, "MIT");
    EXPECT_TRUE(by_name(doc, "second").purl.empty());
    EXPECT_EQ(by_name(doc, "second").version, "2.0.0");
    EXPECT_THAT(edge_texts(doc), ElementsAre("real@1.0.0 > second@2.0.0"));
    EXPECT_EQ(doc.root_component(), &real);
    EXPECT_THAT(warning_texts(doc), IsEmpty());
}

TEST(SpdxTagValue, FileAndSnippetTagsDoNotLeakIntoThePackageBeforeThem) {
    TempDir dir;
    const auto path = dir.write("files.spdx", document(R"(PackageName: pkg
SPDXID: SPDXRef-pkg
PackageVersion: 1.0
PackageLicenseConcluded: MIT

FileName: ./lib.so
SPDXID: SPDXRef-file
FileChecksum: SHA256: 1111111111111111111111111111111111111111111111111111111111111111
LicenseConcluded: GPL-3.0-only

SnippetSPDXID: SPDXRef-snippet
SnippetFromFileSPDXID: SPDXRef-file
SnippetLicenseConcluded: GPL-2.0-only

PackageName: other
SPDXID: SPDXRef-other
PackageVersion: 2.0

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-pkg
Relationship: SPDXRef-pkg CONTAINS SPDXRef-file
Relationship: SPDXRef-other DEPENDENCY_OF SPDXRef-pkg
)"));
    const Document doc = read_sbom(path);
    ASSERT_EQ(doc.components.size(), 2u);
    const Component& pkg = by_name(doc, "pkg");
    EXPECT_EQ(pkg.hashes_count, 0u);
    EXPECT_EQ(pkg.license.text, "MIT");
    EXPECT_EQ(doc.root_component(), &pkg);  // SPDXRef-pkg stayed the package's ref: the file's SPDXID did not replace it
    EXPECT_THAT(edge_texts(doc), ElementsAre("pkg@1.0 > other@2.0"));  // DEPENDENCY_OF, reversed; CONTAINS a file is no edge
    EXPECT_EQ(doc.warning_count, 0u);
}

TEST(SpdxTagValue, RootAndRelationshipSpellings) {
    TempDir dir;
    // The document's own SPDXID need not be SPDXRef-DOCUMENT; DESCRIBED_BY names the root from its
    // other side; "DocumentDescribes:" (written by some generators) wins like JSON's documentDescribes.
    const std::string packages = "PackageName: a\nSPDXID: SPDXRef-a\nExternalRef: PACKAGE_MANAGER purl pkg:pypi/a@1\n"
                                 "ExternalRef: PACKAGE-MANAGER purl pkg:pypi/not-the-first@1\n\n"
                                 "PackageName: b\nSPDXID: SPDXRef-b\nExternalRef: PACKAGE-MANAGER purl pkg:pypi/b@2\n\n";
    auto root_of = [&](const std::string& text) {
        const Document doc = read_sbom(dir.write("root.spdx", text));
        return doc.root_component() ? std::string(doc.root_component()->name.view()) : std::string("(none)");
    };
    EXPECT_EQ(root_of("SPDXVersion: SPDX-2.2\nSPDXID: SPDXRef-MINE\n" + packages + "Relationship: SPDXRef-MINE DESCRIBES SPDXRef-b\n"), "b");
    EXPECT_EQ(root_of("SPDXVersion: SPDX-2.2\nSPDXID: SPDXRef-MINE\n" + packages + "Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-b\n"),
              "(none)");
    EXPECT_EQ(root_of("SPDXVersion: SPDX-2.2\nSPDXID: SPDXRef-DOCUMENT\n" + packages + "Relationship: SPDXRef-a DESCRIBED_BY SPDXRef-DOCUMENT\n"),
              "a");
    EXPECT_EQ(root_of("SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nDocumentDescribes: SPDXRef-b, SPDXRef-a\n" + packages +
                      "Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-a\n"),
              "b");

    const Document doc = read_sbom(dir.write("purl.spdx", "SPDXVersion: SPDX-2.2\n" + packages));
    EXPECT_EQ(by_name(doc, "a").purl, "pkg:pypi/a@1");  // the older PACKAGE_MANAGER spelling; the first purl, as from JSON
    EXPECT_EQ(by_name(doc, "b").purl, "pkg:pypi/b@2");
}

TEST(SpdxTagValue, CrlfByteOrderMarkAndGzipReadAsPlain) {
    const std::string text = test::read_file(test::testdata("axios/after.spdx"));
    std::string crlf;
    for (char c : text) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    // A multi-line <text> value with CRLF endings too.
    const std::string with_text = "PackageName: extra\r\nSPDXID: SPDXRef-extra\r\nPackageSupplier: <text>Organization: Acme\r\n</text>\r\n";
    TempDir dir;
    const Document plain = read_sbom(test::testdata("axios/after.spdx"));
    const Document from_crlf = read_sbom(dir.write("crlf.spdx", "\xEF\xBB\xBF" + crlf));  // with a byte order mark
    const Document from_gz = read_sbom(dir.write_gz("after.spdx.gz", text));
    EXPECT_EQ(sorted_fingerprints(from_crlf), sorted_fingerprints(plain));
    EXPECT_EQ(edge_texts(from_crlf), edge_texts(plain));
    EXPECT_EQ(sorted_fingerprints(from_gz), sorted_fingerprints(plain));
    EXPECT_EQ(edge_texts(from_gz), edge_texts(plain));

    const Document extra = read_sbom(dir.write("extra.spdx", crlf + with_text));
    EXPECT_EQ(by_name(extra, "extra").supplier, "Acme");
    EXPECT_EQ(extra.warning_count, 0u);
}

TEST(SpdxTagValue, AnUnclosedTextValueIsAnErrorAtItsLine) {
    TempDir dir;
    const std::string text = document("PackageName: a\nSPDXID: SPDXRef-a\nPackageDescription: <text>starts here\nand the file\nends");
    // The document header is 8 lines; the <text> opens on line 11.
    const auto path = dir.write("truncated.spdx", text);
    EXPECT_EQ(error_of(path), path + ":11:1: the <text> value opened on this line is never closed by </text>: the file ends inside it (truncated?)");
    // The same for a tag the reader does not keep, and compressed.
    const auto gz = dir.write_gz("truncated.spdx.gz", document("LicenseID: LicenseRef-1\nExtractedText: <text>\nline\n"));
    EXPECT_THAT(error_of(gz), HasSubstr(":10:1: the <text> value opened on this line is never closed"));
}

TEST(SpdxTagValue, AnAbsurdlyLongLineIsRefusedWithoutBeingHeld) {
    TempDir dir;
    const auto path = dir.write("long.spdx", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nPackageComment: " +
                                                 std::string(3u << 20, 'x') + "\nPackageName: after\n");
    EXPECT_EQ(error_of(path), path + ":3:1: a line longer than 1024 KiB, which no SBOM needs");
}

TEST(SpdxTagValue, StrayLinesAreWarningsOrWithStrictErrors) {
    TempDir dir;
    const auto path = dir.write("stray.spdx", document(R"(PackageName: a
SPDXID: SPDXRef-a
this line is no tag
PackageVersion: 1.0
PackageChecksum: SHA256
ExternalRef: PACKAGE-MANAGER purl
Relationship: SPDXRef-a DEPENDS_ON
SPDXID: SPDXRef-again
PackageSummary: <text>x</text> trailing

FileName: f
PackageVersion: 9.9
)"));
    const Document doc = read_sbom(path);
    ASSERT_EQ(doc.components.size(), 1u);
    EXPECT_EQ(doc.components[0].version, "1.0");  // the PackageVersion after FileName is no package's
    EXPECT_THAT(warning_texts(doc),
                ElementsAre("line 11: not a 'Tag: value' line, nor inside a <text> value; ignored",
                            "line 13: PackageChecksum should be 'ALGORITHM: value'; ignored",
                            "line 14: ExternalRef should be 'CATEGORY TYPE LOCATOR'; ignored",
                            "line 15: Relationship should be 'ELEMENT TYPE RELATED-ELEMENT'; ignored",
                            "line 16: a second SPDXID for the package of line 9; the first is kept",
                            "line 17: text after </text> ignored",
                            "line 20: PackageVersion outside a package (no PackageName before it); ignored"));

    ReadOptions strict;
    strict.strict = true;
    EXPECT_EQ(error_of(path, strict),
              path + ":11:1: line 11: not a 'Tag: value' line, nor inside a <text> value; ignored (a warning; an error with --strict)");
}

TEST(SpdxTagValue, BuilderWarningsNameThePackageLine) {
    TempDir dir;
    const auto path = dir.write("purl.spdx", document("PackageName: a\nPackageChecksum: SHA256: 12\nExternalRef: PACKAGE-MANAGER purl not-a-purl\n"));
    const Document doc = read_sbom(path);
    EXPECT_THAT(warning_texts(doc), ElementsAre("line 9, package: package without an SPDXID; relationships cannot name it",
                                                HasSubstr("line 9, package.purl: 'not-a-purl' is not a valid purl"),
                                                "line 9, package.hashes: '12' is not a SHA-256 digest; that hash is ignored"));
    ReadOptions strict;
    strict.strict = true;
    EXPECT_THAT(error_of(path, strict), StartsWith(path + ":9:1: line 9, package: package without an SPDXID"));
}

TEST(SpdxTagValue, RefusesWhatIsNotSpdx2TagValue) {
    TempDir dir;
    // Text that mentions an SPDXVersion tag, which is enough for detection, but is not tag-value.
    const auto prose = dir.write("prose.txt", "Notes on our SBOM work\n======\nSPDXVersion: SPDX-2.3 is what we write.\n");
    EXPECT_EQ(error_of(prose), prose + ":1:1: not SPDX tag-value: the first line with text is not 'Tag: value'");

    const auto three = dir.write("three.spdx", "# an SPDX 3 document has no tag-value form\nSPDXVersion: SPDX-3.0\n");
    EXPECT_EQ(error_of(three), three + ":2:1: SPDXVersion is 'SPDX-3.0': not an SPDX 2 document");

    const auto huge = dir.write("huge.spdx", document("PackageName: " + std::string(70000, 'x') + "\n"));
    EXPECT_EQ(error_of(huge), huge + ":9:1: PackageName value is longer than 65536 bytes (not a real SBOM field)");
    const auto huge_text = dir.write("huge-text.spdx", document("PackageName: a\nPackageSupplier: <text>\n" + std::string(40000, 'x') +
                                                                "\n" + std::string(40000, 'y') + "</text>\n"));
    EXPECT_EQ(error_of(huge_text), huge_text + ":10:1: PackageSupplier value is longer than 65536 bytes (not a real SBOM field)");
    // A long value of a tag the reader passes over is not its business.
    const auto long_comment = dir.write("long-comment.spdx", document("PackageName: a\nSPDXID: SPDXRef-a\nPackageComment: <text>\n" +
                                                                      std::string(40000, 'x') + "\n" + std::string(40000, 'y') + "</text>\n"));
    EXPECT_EQ(error_of(long_comment), "");
}

}  // namespace
}  // namespace bomwatch::sbom
