// Every file of the shared corpus outside invalid/ reads without error, in every format, with the
// component counts SOURCES.md states; every file in invalid/ is handled deliberately.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "sbom/read.h"
#include "tests/test_paths.h"

namespace bomwatch::sbom {
namespace {

using test::corpus;

// "| file | repository | path | commit | format | version | components | ..." rows of SOURCES.md.
std::map<std::string, int> stated_counts() {
    std::ifstream in(corpus("SOURCES.md"));
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

std::vector<std::string> files_in(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(corpus(folder))) files.push_back(entry.path().filename());
    std::sort(files.begin(), files.end());
    return files;
}

// <component> elements SOURCES.md counts in these XML files that are not components of the build
// (and so are not read): a pedigree ancestor in the spec examples, a tool in syft's.
const std::map<std::string, int> kXmlElementsNotComponents{
    {"spec_valid-bom-1.2.xml", 1}, {"spec_valid-bom-1.4.xml", 1}, {"spec_valid-bom-1.5.xml", 1},
    {"spec_valid-bom-1.6.xml", 1}, {"syft_TestCycloneDxImageEncoder.cdx.xml", 1}};

// SOURCES.md counts CycloneDX JSON components without metadata.component and what is nested in
// it; in CycloneDX XML every <component> element, metadata's included; for SPDX (2 and 3) every
// package, the described one included.
int counted_like_sources(const Document& doc, const std::string& name) {
    if (doc.format == Format::CycloneDxXml) {
        const auto extra = kXmlElementsNotComponents.find(name);
        return static_cast<int>(doc.components.size()) + (extra == kXmlElementsNotComponents.end() ? 0 : extra->second);
    }
    if (doc.format != Format::CycloneDxJson) return static_cast<int>(doc.components.size());
    int n = 0;
    for (std::uint32_t i = 0; i < doc.components.size(); ++i) {
        std::uint32_t top = i;
        while (doc.components[top].parent != kNone) top = doc.components[top].parent;
        if (top != doc.root) ++n;
    }
    return n;
}

class CorpusFile : public testing::TestWithParam<std::string> {};

TEST_P(CorpusFile, ReadsWithTheStatedComponentCount) {
    static const auto counts = stated_counts();
    const std::string& relative = GetParam();
    const std::string name = std::filesystem::path(relative).filename();
    Document doc;
    ASSERT_NO_THROW(doc = read_sbom(corpus(relative))) << relative;
    const auto stated = counts.find(name);
    ASSERT_NE(stated, counts.end()) << "SOURCES.md states no count for " << name;
    EXPECT_EQ(counted_like_sources(doc, name), stated->second) << relative;
    EXPECT_FALSE(doc.spec_version.empty());
}

std::vector<std::string> readable_files() {
    std::vector<std::string> all;
    for (const auto& folder : {"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tv", "spdx-other", "spdx3-jsonld"})
        for (const auto& file : files_in(folder)) all.push_back(std::string(folder) + "/" + file);
    return all;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusFile, testing::ValuesIn(readable_files()), test_name);

TEST(Corpus, HasTheFilesWeExpect) {
    // If the corpus changes, these tests must be looked at again.
    EXPECT_EQ(files_in("cyclonedx-json").size(), 42u);
    EXPECT_EQ(files_in("cyclonedx-xml").size(), 17u);
    EXPECT_EQ(files_in("spdx-json").size(), 21u);
    EXPECT_EQ(files_in("spdx-tv").size(), 10u);
    EXPECT_EQ(files_in("spdx-other").size(), 3u);
    EXPECT_EQ(files_in("spdx3-jsonld").size(), 12u);
    EXPECT_EQ(files_in("invalid").size(), 13u);
}

// What each file in invalid/ gets: refused (with the words the message must hold) or read with
// a warning (with the words the warning must hold). With --strict every warning is an error.
struct InvalidCase {
    std::string file;
    bool refused;
    std::string words;
};

const std::vector<InvalidCase> kInvalid{
    {"cdx-spec_invalid-bomformat-1.6.json", true, "bomFormat is 'AnotherFormat', not 'CycloneDX'"},
    {"cdx-spec_invalid-component-type-1.6.json", false, "unknown component type 'foo'"},
    {"cdx-spec_invalid-dependency-1.6.json", false, "dependency without a 'ref'"},
    {"cdx-spec_invalid-dependency-1.6.xml", false, "dependency without a 'ref'"},
    {"cdx-spec_invalid-hash-alg-1.6.json", false, "unknown hash algorithm 'FOO'"},
    {"cdx-spec_invalid-hash-sha256-1.6.json", false, "'foo' is not a SHA-256 digest"},
    {"cdx-spec_invalid-license-choice-1.6.xml", false, "mixes <license> and <expression>"},
    {"cdx-spec_invalid-missing-component-type-1.6.json", false, "component without a 'type'"},
    {"cdx-spec_invalid-namespace-1.6.xml", true, "unknown CycloneDX namespace 'http://cyclonedx.org/schema/bom/12'"},
    {"cdx-spec_invalid-serialnumber-1.6.json", false, "not a serial number"},
    {"syft_bad_example7-bin.spdx.json", false, "a creator should be a string"},
    {"syft_bitnami-invalid-redis.spdx", true, "not an SBOM: JSON with none of the keys"},
    {"trivy_sad_invalid-purl.spdx.json", false, "'pkg:invalid' is not a valid purl"},
};

TEST(Invalid, EveryFileHasADeliberateOutcome) {
    std::vector<std::string> covered;
    for (const auto& c : kInvalid) covered.push_back(c.file);
    std::sort(covered.begin(), covered.end());
    EXPECT_EQ(covered, files_in("invalid"));
}

class InvalidFile : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidFile, IsRefusedOrReadWithAWarning) {
    const InvalidCase& c = GetParam();
    const std::string path = corpus("invalid/" + c.file);
    if (c.refused) {
        try {
            read_sbom(path);
            FAIL() << c.file << " was read";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(c.words), std::string::npos) << e.what();
            EXPECT_EQ(std::string(e.what()).rfind(path, 0), 0u) << "the message names the file: " << e.what();
        }
        return;
    }
    const Document doc = read_sbom(path);
    bool found = false;
    for (const auto& w : doc.warnings) found = found || w.message.find(c.words) != std::string::npos;
    EXPECT_TRUE(found) << c.file << ": no warning with '" << c.words << "'";
    EXPECT_THROW(read_sbom(path, ReadOptions{.strict = true}), InputError);
}

INSTANTIATE_TEST_SUITE_P(Corpus, InvalidFile, testing::ValuesIn(kInvalid),
                         [](const testing::TestParamInfo<InvalidCase>& info) {
                             std::string name = info.param.file;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

}  // namespace
}  // namespace bomwatch::sbom
