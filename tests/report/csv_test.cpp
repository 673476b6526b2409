// The CSV report: exact rows on the axios pair, and every report read back with a strict RFC 4180
// parser (field counts, quoting, CRLF), hostile SBOM text and formula injection included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"
#include "tests/report/judged_pair.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::report {
namespace {

using test::JudgedPair;
using Record = std::vector<std::string>;

const Record kHeader = {"kind",      "ecosystem", "name",      "identity",       "old_version", "new_version", "direction", "step",
                        "field",     "old_value", "new_value", "introduced_via", "edge_from",   "edge_to",     "findings",  "all_expected"};

// Reads RFC 4180 text strictly: every record ends in CRLF, a field is either plain (no quote, comma,
// CR or LF) or quoted (anything, a quote doubled). Returns nullopt, with `error` set, otherwise.
std::optional<std::vector<Record>> parse_csv(const std::string& text, std::string& error) {
    std::vector<Record> records;
    Record record;
    std::string field;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '"') {
            for (++i;; ++i) {
                if (i >= text.size()) return error = "unterminated quoted field", std::nullopt;
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i];
            }
        } else {
            for (; i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n'; ++i) {
                if (text[i] == '"') return error = "quote inside a plain field at byte " + std::to_string(i), std::nullopt;
                field += text[i];
            }
        }
        if (i >= text.size()) return error = "the last record does not end in CRLF", std::nullopt;
        if (text[i] == ',') {
            record.push_back(std::move(field));
            field.clear();
            ++i;
        } else if (text.compare(i, 2, "\r\n") == 0) {
            record.push_back(std::move(field));
            field.clear();
            records.push_back(std::move(record));
            record.clear();
            i += 2;
        } else {
            return error = "bare CR or LF, or text after a closing quote, at byte " + std::to_string(i), std::nullopt;
        }
    }
    return records;
}

// The report read back, checked: a header row, then records with as many fields as it.
std::vector<Record> read_back(const std::string& csv) {
    std::string error;
    const auto records = parse_csv(csv, error);
    EXPECT_TRUE(records) << error;
    if (!records) return {};
    EXPECT_FALSE(records->empty());
    if (records->empty()) return {};
    EXPECT_EQ(records->front(), kHeader);
    for (std::size_t i = 0; i < records->size(); ++i) EXPECT_EQ((*records)[i].size(), kHeader.size()) << "record " << i;
    return {records->begin() + 1, records->end()};
}

std::string column(const Record& record, const std::string& name) {
    const auto at = std::find(kHeader.begin(), kHeader.end(), name) - kHeader.begin();
    return record.at(static_cast<std::size_t>(at));
}

const Record* find_row(const std::vector<Record>& rows, const std::string& kind, const std::string& name) {
    for (const Record& row : rows)
        if (column(row, "kind") == kind && column(row, "name") == name) return &row;
    return nullptr;
}

TEST(Csv, AxiosPairIsTheDocumentedReport) {
    const JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    EXPECT_EQ(pair.render(write_csv),
              "kind,ecosystem,name,identity,old_version,new_version,direction,step,field,old_value,new_value,"
              "introduced_via,edge_from,edge_to,findings,all_expected\r\n"
              "added,npm,plain-crypto-js,pkg:npm/plain-crypto-js,,4.2.1,,,,,,pkg:npm/axios@1.14.1,,,"
              "new-dependency-in-update:high;name-confusion:high,no\r\n"
              "versionChanged,npm,axios,pkg:npm/axios,1.14.0,1.14.1,up,patch,,,,,,,version-update:info,no\r\n"
              "edgeAdded,,,,,,,,,,,,pkg:npm/axios,pkg:npm/plain-crypto-js,,\r\n");
}

TEST(Csv, EveryRowOfTheRulesPairReadsBackWithItsFindings) {
    const JudgedPair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    const std::string csv = pair.render(write_csv);
    // CRLF everywhere: no LF without its CR.
    for (std::size_t at = csv.find('\n'); at != std::string::npos; at = csv.find('\n', at + 1)) ASSERT_EQ(csv[at - 1], '\r') << "at byte " << at;
    const std::vector<Record> rows = read_back(csv);
    ASSERT_EQ(rows.size(), pair.changes.total());  // every finding here is about a change
    std::map<std::string, std::size_t> kinds;
    for (const Record& row : rows) ++kinds[column(row, "kind")];
    EXPECT_EQ(kinds["added"], 8u);
    EXPECT_EQ(kinds["edgeAdded"], 8u);
    EXPECT_EQ(kinds["hashChanged"], 1u);

    const Record* malicious = find_row(rows, "added", "plain-crypto-js");
    ASSERT_TRUE(malicious);
    EXPECT_EQ(column(*malicious, "introduced_via"), "pkg:npm/axios@1.14.1");
    EXPECT_EQ(column(*malicious, "findings"), "known-malicious:critical;new-dependency-in-update:high;name-confusion:high");
    EXPECT_EQ(column(*malicious, "all_expected"), "no");

    const Record* tampered = find_row(rows, "hashChanged", "left-pad");
    ASSERT_TRUE(tampered);
    EXPECT_EQ(column(*tampered, "field"), "SHA-512");
    EXPECT_EQ(column(*tampered, "old_version"), "1.3.0");
    EXPECT_EQ(column(*tampered, "new_version"), "1.3.0");
    EXPECT_EQ(column(*tampered, "new_value"), std::string(128, 'e'));
    EXPECT_EQ(column(*tampered, "findings"), "integrity-drift:critical");

    const Record* downgrade = find_row(rows, "versionChanged", "minimist");
    ASSERT_TRUE(downgrade);
    EXPECT_EQ(column(*downgrade, "direction"), "down");
    EXPECT_EQ(column(*downgrade, "step"), "patch");

    const Record* licence = find_row(rows, "licenseChanged", "mylib");
    ASSERT_TRUE(licence);
    EXPECT_EQ(column(*licence, "field"), "license");
    EXPECT_EQ(column(*licence, "old_value"), "MIT");
    EXPECT_EQ(column(*licence, "new_value"), "GPL-3.0-only");
    EXPECT_EQ(column(*licence, "findings"), "license-changed:medium");

    // A scoped npm name starts with '@', so it is defused like any other such field.
    const Record* direct = find_row(rows, "added", "'@types/node");
    ASSERT_TRUE(direct);
    EXPECT_EQ(column(*direct, "introduced_via"), "") << "a direct dependency is introduced by the root alone";
    EXPECT_EQ(column(*direct, "identity"), "pkg:npm/%40types/node");
}

// A CycloneDX document with a root and the given components, all direct dependencies of the root.
std::string cyclonedx(const std::string& root_version, const nlohmann::json& components) {
    nlohmann::json doc = {{"bomFormat", "CycloneDX"}, {"specVersion", "1.6"}, {"version", 1}};
    doc["metadata"]["component"] = {{"type", "application"}, {"bom-ref", "root"}, {"name", "app"}, {"version", root_version}};
    doc["components"] = components;
    nlohmann::json refs = nlohmann::json::array();
    for (const auto& c : components) refs.push_back(c["bom-ref"]);
    doc["dependencies"] = nlohmann::json::array({{{"ref", "root"}, {"dependsOn", refs}}});
    return doc.dump();
}

nlohmann::json component(const std::string& ref, const std::string& name, const std::string& version) {
    nlohmann::json c = {{"type", "library"}, {"bom-ref", ref}, {"version", version}};
    c["name"] = name;
    return c;
}

TEST(Csv, HostileTextRoundTripsAndFormulasAreDefused) {
    test::TempDir dir;
    const std::string hostile = "evil|pkg @channel <script>alert(1)</script>, a,b \"q\" \"\"\nline2\r\nline3";
    nlohmann::json lib = component("lib", "mylib", "1.0.0");
    lib["licenses"] = nlohmann::json::parse(R"([{"license": {"name": "Proprietary"}}])");
    nlohmann::json changed_lib = lib;
    changed_lib["licenses"][0]["license"]["name"] = "=HYPERLINK(\"http://x\",\"y\")";
    const nlohmann::json new_components = nlohmann::json::array({changed_lib, component("a", hostile, "1.0.0"), component("b", "@SUM(1+1)", "2"),
                                                                 component("c", "+cmd", "3"), component("d", "-2+3", "4")});
    const std::string old_path = dir.write("old.json", cyclonedx("1", nlohmann::json::array({lib})));
    const std::string new_path = dir.write("new.json", cyclonedx("2", new_components));
    const JudgedPair pair(old_path, new_path);
    const std::vector<Record> rows = read_back(pair.render(write_csv));

    ASSERT_TRUE(find_row(rows, "added", hostile)) << "the name survives quoting exactly";
    // (A leading tab or CR is defused too, but the readers trim names, so no SBOM gets one here.)
    for (const std::string formula : {"@SUM(1+1)", "+cmd", "-2+3"}) {
        EXPECT_TRUE(find_row(rows, "added", "'" + formula)) << formula;
        EXPECT_FALSE(find_row(rows, "added", formula)) << formula;
    }
    const Record* licence = find_row(rows, "licenseChanged", "mylib");
    ASSERT_TRUE(licence);
    EXPECT_EQ(column(*licence, "new_value"), "'=HYPERLINK(\"http://x\",\"y\")");
    // No parsed field starts like a formula.
    for (const Record& row : rows)
        for (const std::string& field : row) EXPECT_TRUE(field.empty() || std::string_view("=+-@\t\r").find(field[0]) == std::string_view::npos) << field;
}

TEST(Csv, FindingsAboutUnchangedComponentsGetTheirOwnRows) {
    // plain-crypto-js is in both builds, unchanged: only the OSV database says anything about it.
    test::TempDir dir;
    nlohmann::json malicious = component("pkg:npm/plain-crypto-js@4.2.1", "plain-crypto-js", "4.2.1");
    malicious["purl"] = "pkg:npm/plain-crypto-js@4.2.1";
    nlohmann::json updated = component("pkg:npm/left-pad@1.3.1", "left-pad", "1.3.1");
    updated["purl"] = "pkg:npm/left-pad@1.3.1";
    nlohmann::json old_left_pad = updated;
    old_left_pad["version"] = "1.3.0";
    old_left_pad["purl"] = "pkg:npm/left-pad@1.3.0";
    const std::string old_path = dir.write("old.json", cyclonedx("1", nlohmann::json::array({malicious, old_left_pad})));
    const std::string new_path = dir.write("new.json", cyclonedx("2", nlohmann::json::array({malicious, updated})));
    const JudgedPair pair(old_path, new_path, test::testdata("rules/osv"));
    const std::vector<Record> rows = read_back(pair.render(write_csv));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(column(rows[0], "kind"), "versionChanged");
    EXPECT_EQ(rows[1], (Record{"finding", "npm", "plain-crypto-js", "pkg:npm/plain-crypto-js", "", "4.2.1", "", "", "", "", "", "", "", "",
                               "known-malicious:critical", "no"}));
}

TEST(Csv, ExpectedFindingsAreSaidToBe) {
    JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    policy::Findings findings = std::move(pair.findings);
    for (policy::Finding& f : findings.items) f.expected = f.rule != policy::Rule::NameConfusion;
    std::ostringstream out;
    write_csv(out, pair.changes, {.findings = &findings});
    const std::vector<Record> rows = read_back(out.str());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(column(rows[0], "all_expected"), "no") << "name-confusion is not";
    EXPECT_EQ(column(rows[1], "all_expected"), "yes");
    EXPECT_EQ(column(rows[2], "all_expected"), "");
}

TEST(Csv, CorpusPairReadsBackAndIsDeterministic) {
    const std::string old_path = test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json");
    const std::string new_path = test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json");
    const JudgedPair pair(old_path, new_path);
    const std::string csv = pair.render(write_csv);
    const std::vector<Record> rows = read_back(csv);
    EXPECT_EQ(rows.size(), pair.changes.total());
    std::size_t with_findings = 0;
    for (const Record& row : rows) with_findings += !column(row, "findings").empty();
    EXPECT_EQ(with_findings, 29u + 38u + 50u + 1u) << "added, removed, version and licence changes each have a finding";
    EXPECT_EQ(csv, JudgedPair(old_path, new_path).render(write_csv)) << "the same inputs must give the same bytes";
}

TEST(Csv, WithoutFindingsTheColumnsAreEmpty) {
    const JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    std::ostringstream out;
    write_csv(out, pair.changes, {});
    const std::vector<Record> rows = read_back(out.str());
    ASSERT_EQ(rows.size(), 3u);
    for (const Record& row : rows) EXPECT_EQ(column(row, "findings") + column(row, "all_expected"), "");
}

}  // namespace
}  // namespace bomwatch::report
