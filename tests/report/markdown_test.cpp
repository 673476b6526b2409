// The Markdown report: its layout on real pairs, escaping of hostile SBOM text, and the 65,536
// byte limit on a large diff, checked with a small structural parser of the tables it writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "report/report.h"
#include "tests/report/judged_pair.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::report {
namespace {

using test::JudgedPair;
using testing::HasSubstr;
using testing::Not;

const std::string kZwj = "\xE2\x80\x8D";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) lines.push_back(text.substr(start, end - start));
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// Checks the report is well-formed GitHub Markdown as bomwatch writes it: every table is a header
// row, a delimiter row and rows with as many cells as the header, ended by a blank line; the only
// HTML is <details>, <summary> and <br>, balanced; the text ends with a line break. Returns what
// is wrong, or "" when nothing is.
std::string structure_problem(const std::string& markdown) {
    if (markdown.empty() || markdown.back() != '\n') return "does not end with a line break";
    const std::vector<std::string> lines = lines_of(markdown);
    std::size_t columns = 0;  // of the open table; 0 when none is open
    int details_open = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const std::string where = "line " + std::to_string(i + 1) + ": " + line.substr(0, 80);
        if (line.starts_with("|")) {
            if (!line.ends_with(" |")) return "row does not end its last cell, " + where;
            const std::size_t cells = count_of(line, "|") - 1;
            if (columns == 0) {
                columns = cells;
                if (i + 1 >= lines.size() || count_of(lines[i + 1], "| --- ") != columns) return "table without delimiter row, " + where;
                ++i;
            } else if (cells != columns) {
                return "row with " + std::to_string(cells) + " cells in a table of " + std::to_string(columns) + ", " + where;
            }
            continue;
        }
        if (columns != 0 && !line.empty()) return "table not ended by a blank line, " + where;
        columns = 0;
        std::string rest = line;
        for (const std::string tag : {"<details><summary>", "</summary>", "</details>", "<br>"}) {
            if (tag == "<details><summary>") details_open += static_cast<int>(count_of(rest, tag));
            if (tag == "</details>") details_open -= static_cast<int>(count_of(rest, tag));
            for (std::size_t at; (at = rest.find(tag)) != std::string::npos;) rest.erase(at, tag.size());
        }
        if (details_open < 0) return "</details> without <details>, " + where;
        if (rest.find('<') != std::string::npos || rest.find('>') != std::string::npos) return "raw HTML, " + where;
        if (line.starts_with("<details>") && (i + 1 >= lines.size() || !lines[i + 1].empty())) return "no blank line after <summary>, " + where;
    }
    for (const std::string& line : lines) {
        // Inside rows only <br> is ours; anything else would be markup from an SBOM.
        if (!line.starts_with("|")) continue;
        std::string rest = line;
        for (std::size_t at; (at = rest.find("<br>")) != std::string::npos;) rest.erase(at, 4);
        if (rest.find('<') != std::string::npos || rest.find('>') != std::string::npos) return "raw HTML in a row: " + line.substr(0, 80);
    }
    if (columns != 0) return "the last table is not ended by a blank line";
    if (details_open != 0) return "unbalanced <details>";
    return "";
}

std::string render_pair(const std::string& old_path, const std::string& new_path, const std::string& osv = "") {
    return JudgedPair(old_path, new_path, osv).render(write_markdown);
}

TEST(Markdown, AxiosPairIsTheDocumentedReport) {
    const std::string out = render_pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    EXPECT_EQ(out,
              "## bomwatch: checkout-web 2.3.0 → 2.3.1\n"
              "\n"
              "**3 changes**: 1 added, 1 version changed, 1 edge added; 16 unchanged. **Findings**: 2 high, 1 info.\n"
              "\n"
              "### Findings\n"
              "\n"
              "| Severity | Rule | Component | Message |\n"
              "| --- | --- | --- | --- |\n"
              "| **HIGH** | `new-dependency-in-update` | plain-crypto-js 4.2.1<br>path: checkout-web 2.3.1 → axios 1.14.1 → "
              "plain-crypto-js 4.2.1 | plain-crypto-js 4.2.1 is new, pulled in by axios, whose update 1.14.0 → 1.14.1 is only a patch step. |\n"
              "| **HIGH** | `name-confusion` | plain-crypto-js 4.2.1<br>path: checkout-web 2.3.1 → axios 1.14.1 → plain-crypto-js 4.2.1 | "
              "plain-crypto-js is new, and its name imitates crypto-js (prefix 'plain-' added), a popular npm package. |\n"
              "\n"
              "<details><summary>Info findings: routine updates and removals (1)</summary>\n"
              "\n"
              "| Severity | Rule | Component | Message |\n"
              "| --- | --- | --- | --- |\n"
              "| info | `version-update` | axios 1.14.1 | axios went up a patch step, 1.14.0 → 1.14.1. |\n"
              "\n"
              "</details>\n"
              "\n"
              "### Changes\n"
              "\n"
              "#### Added (1)\n"
              "\n"
              "| Package | Ecosystem | Version | Detail |\n"
              "| --- | --- | --- | --- |\n"
              "| plain-crypto-js | npm | 4.2.1 | via axios@1.14.1 |\n"
              "\n"
              "#### Version changed (1)\n"
              "\n"
              "| Package | Ecosystem | Version | Detail |\n"
              "| --- | --- | --- | --- |\n"
              "| axios | npm | 1.14.0 → 1.14.1 | patch |\n"
              "\n"
              "#### Dependency edges added (1)\n"
              "\n"
              "| From | To |\n"
              "| --- | --- |\n"
              "| pkg:npm/axios | pkg:npm/plain-crypto-js |\n"
              "\n");
    EXPECT_EQ(structure_problem(out), "");
}

TEST(Markdown, FindingsComeFirstBySeverityThenChanges) {
    const std::string out = render_pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    EXPECT_EQ(structure_problem(out), "");
    const std::size_t findings = out.find("### Findings"), changes = out.find("### Changes");
    ASSERT_NE(findings, std::string::npos);
    ASSERT_NE(changes, std::string::npos);
    EXPECT_LT(findings, changes);
    // Every severity's rows before the next lower one's, all of them before the changes.
    const std::size_t critical = out.find("| **CRITICAL** | `integrity-drift`"), high = out.find("| **HIGH** |"),
                      medium = out.find("| MEDIUM |"), low = out.find("| LOW |"), info = out.find("| info |");
    ASSERT_NE(critical, std::string::npos);
    EXPECT_NE(out.find("| **CRITICAL** | `known-malicious` | plain-crypto-js 4.2.1"), std::string::npos);
    EXPECT_LT(critical, high);
    EXPECT_LT(high, medium);
    EXPECT_LT(medium, low);
    EXPECT_LT(low, info);
    EXPECT_LT(info, changes);
    EXPECT_EQ(out.rfind("| **HIGH** |") < medium, true);
    EXPECT_THAT(out, HasSubstr("**32 changes**: 8 added, 1 removed, 6 version changed, 1 hash changed, 1 hashes weakened, "
                               "3 licence changed, 1 supplier changed, 1 source changed, 1 scope changed, 8 edges added, "
                               "1 edge removed; 6 unchanged. **Findings**: 2 critical, 5 high, 5 medium, 12 low, 4 info."));
    // Kind-specific details.
    EXPECT_THAT(out, HasSubstr("| minimist | npm | 1.2.8 → 1.2.6 | patch, **downgrade** |\n"));
    EXPECT_THAT(out, HasSubstr("| mylib | npm | 1.0.0 | license: MIT → GPL-3.0-only |\n"));
    EXPECT_THAT(out, HasSubstr("| plain-crypto-js | npm | 4.2.1 | via axios@1.14.1 |\n"));
    EXPECT_THAT(out, HasSubstr("| @" + kZwj + "types/node | npm | 20.11.30 | direct dependency |\n"));
    EXPECT_THAT(out, HasSubstr("path: rules-demo 1.0.1 → express 4.19.2 → qs-parse-helper 1.0.0 |"));
    EXPECT_THAT(out, Not(HasSubstr("not shown")));
}

TEST(Markdown, ExpectedFindingsAreMarkedWithTheirReason) {
    JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    policy::Findings findings = std::move(pair.findings);
    ASSERT_EQ(findings.items.size(), 3u);
    findings.items[0].expected = true;
    findings.items[0].expected_reason = "approved by @security-team in <PR 12> | see *notes*";
    findings.unexpected_by_severity[static_cast<std::size_t>(policy::Severity::High)] -= 1;
    findings.expected_by_severity[static_cast<std::size_t>(policy::Severity::High)] += 1;
    std::ostringstream out;
    write_markdown(out, pair.changes, {.findings = &findings});
    const std::string text = out.str();
    EXPECT_EQ(structure_problem(text), "");
    EXPECT_THAT(text, HasSubstr("**Findings**: 1 high, 1 info; 1 expected."));
    EXPECT_THAT(text, HasSubstr("| high (expected) | `new-dependency-in-update` |"));
    EXPECT_THAT(text, HasSubstr("only a patch step.<br>*Expected:* approved by @" + kZwj +
                                "security-team in &lt;PR 12&gt; &#124; see \\*notes\\* |\n"));
    EXPECT_THAT(text, HasSubstr("| **HIGH** | `name-confusion` |"));
}

TEST(Markdown, WithoutFindingsThereIsNoFindingsSection) {
    JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    std::ostringstream out;
    write_markdown(out, pair.changes, {});
    EXPECT_THAT(out.str(), Not(HasSubstr("Findings")));
    EXPECT_THAT(out.str(), HasSubstr("; 16 unchanged.\n\n### Changes\n"));
    EXPECT_EQ(structure_problem(out.str()), "");
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

const std::string kHostileName = "evil|pkg @channel <script>alert(1)</script> a,b \"q\"\nline2 *x* _y_ [z](http://u) `c` \\";

TEST(Markdown, SbomTextCannotBreakTheTableOrInjectMarkupOrMentions) {
    test::TempDir dir;
    const nlohmann::json lib = nlohmann::json::parse(R"({"type": "library", "bom-ref": "lib", "name": "mylib", "version": "1.0.0",
        "purl": "pkg:npm/mylib@1.0.0", "licenses": [{"license": {"name": "Proprietary"}}]})");
    nlohmann::json changed_lib = lib;
    changed_lib["licenses"][0]["license"]["name"] = "<img src=x onerror=alert(1)> | @here";
    nlohmann::json hostile = nlohmann::json::parse(R"({"type": "library", "bom-ref": "evil", "version": "6.6.6@user\r\n| x |"})");
    hostile["name"] = kHostileName;
    const std::string old_path = dir.write("old.json", cyclonedx("1.0.0", nlohmann::json::array({lib})));
    const std::string new_path = dir.write("new.json", cyclonedx("1.0.1", nlohmann::json::array({changed_lib, hostile})));
    const std::string out = render_pair(old_path, new_path);

    EXPECT_EQ(structure_problem(out), "");
    const std::string escaped_name = "evil&#124;pkg @" + kZwj + "channel &lt;script&gt;alert(1)&lt;/script&gt; a,b \"q\" line2 \\*x\\* "
                                     "\\_y\\_ \\[z\\](http://u) \\`c\\` \\\\";
    EXPECT_THAT(out, HasSubstr("| " + escaped_name + " |  | 6.6.6@" + kZwj + "user  &#124; x &#124; | direct dependency |\n"));
    EXPECT_THAT(out, HasSubstr("| mylib | npm | 1.0.0 | license: Proprietary → &lt;img src=x onerror=alert(1)&gt; &#124; @" + kZwj + "here |\n"));
    EXPECT_THAT(out, Not(HasSubstr("@channel")));
    EXPECT_THAT(out, Not(HasSubstr("@here")));
    EXPECT_THAT(out, Not(HasSubstr("@user")));
    EXPECT_THAT(out, Not(HasSubstr("<script")));
    EXPECT_THAT(out, Not(HasSubstr("line2\n")));
}

TEST(Markdown, ControlCharactersAreNeutralised) {
    test::TempDir dir;
    // ESC, BEL, a C1 control, a bidi override, a line separator and a tab in a name.
    nlohmann::json component = {{"type", "library"}, {"bom-ref", "x"}, {"version", "1"}};
    component["name"] = "a\x1b[31mb\x07" "c\u202Ed\u0085e\u2028f\tg";
    const std::string old_path = dir.write("old.json", cyclonedx("1", nlohmann::json::array()));
    const std::string new_path = dir.write("new.json", cyclonedx("2", nlohmann::json::array({component})));
    const std::string out = render_pair(old_path, new_path);
    EXPECT_EQ(structure_problem(out), "");
    EXPECT_THAT(out, HasSubstr("| a?\\[31mb?c?d?e f g |  | 1 | direct dependency |\n"));
}

TEST(Markdown, InvalidUtf8AndOverlongTextAreCleanedAndCut) {
    // The readers reject invalid UTF-8, but a renderer does not rely on it.
    JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    policy::Findings findings = std::move(pair.findings);
    findings.items[0].message = "bad \xff byte \xe2\x82 cut \xc0\xaf overlong";
    findings.items[1].message = std::string(5000, 'x') + "|";
    std::ostringstream out;
    write_markdown(out, pair.changes, {.findings = &findings});
    EXPECT_EQ(structure_problem(out.str()), "");
    EXPECT_THAT(out.str(), HasSubstr("| bad ? byte ?? cut ?? overlong |\n"));
    EXPECT_THAT(out.str(), HasSubstr("| " + std::string(1000, 'x') + "… |\n"));
}

// Two documents of `n` npm packages where every version moves up, every 1000th goes down, and
// a few packages are added: thousands of changes, a handful of findings above info.
void write_large_pair(const test::TempDir& dir, std::size_t n, std::string& old_path, std::string& new_path) {
    nlohmann::json old_components = nlohmann::json::array(), new_components = nlohmann::json::array();
    auto component = [](const std::string& name, const std::string& version) {
        const std::string purl = "pkg:npm/" + name + "@" + version;
        return nlohmann::json{{"type", "library"}, {"bom-ref", purl}, {"name", name}, {"version", version}, {"purl", purl}};
    };
    for (std::size_t i = 0; i < n; ++i) {
        const std::string name = "package-number-" + std::to_string(100000 + i);
        old_components.push_back(component(name, "2.0.0"));
        new_components.push_back(component(name, i % 1000 == 0 ? "1.9.0" : "2.0.1"));
    }
    for (std::size_t i = 0; i < 3; ++i) new_components.push_back(component("brand-new-" + std::to_string(i), "1.0.0"));
    old_path = dir.write("old.json", cyclonedx("1.0.0", old_components));
    new_path = dir.write("new.json", cyclonedx("1.0.1", new_components));
}

TEST(Markdown, LargeDiffStaysUnderTheLimitAndSaysWhatItLeftOut) {
    test::TempDir dir;
    std::string old_path, new_path;
    write_large_pair(dir, 5000, old_path, new_path);
    const JudgedPair pair(old_path, new_path);
    ASSERT_GT(pair.changes.total(), 5000u);
    const std::string out = pair.render(write_markdown);

    EXPECT_LE(out.size(), kMarkdownLimit);
    EXPECT_GT(out.size(), kMarkdownLimit - 2000) << "the room should be used";
    EXPECT_EQ(structure_problem(out), "");
    // Every finding above info is there, info findings went first, then changes from the end.
    std::size_t above_info = 0;
    for (const policy::Finding& f : pair.findings.items) above_info += f.severity != policy::Severity::Info;
    EXPECT_EQ(above_info, 8u);  // 5 downgrades, 3 new direct dependencies
    EXPECT_EQ(count_of(out, "| MEDIUM | `version-downgrade`"), 5u);
    EXPECT_EQ(count_of(out, "| LOW | `new-direct-dependency`"), 3u);
    EXPECT_THAT(out, Not(HasSubstr("| info |")));
    EXPECT_LT(out.find("### Findings"), out.find("### Changes"));
    EXPECT_THAT(out, HasSubstr("#### Added (3)\n"));
    auto commas = [](std::size_t n) {
        std::string digits = std::to_string(n);
        for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
        return digits;
    };
    const std::size_t version_rows = count_of(out, " | 2.0.0 → ");
    EXPECT_GT(version_rows, 100u);
    EXPECT_LT(version_rows, 5000u);
    EXPECT_THAT(out, HasSubstr("<details><summary>Version changed (5,000, first " + commas(version_rows) + " shown)</summary>"));
    // The note counts exactly what is missing: the info findings and the change rows left out.
    const std::size_t info_findings = pair.findings.items.size() - above_info;
    std::size_t change_rows = 0;
    for (const std::string& line : lines_of(out)) change_rows += line.starts_with("| package-number-") || line.starts_with("| brand-new-");
    const std::size_t changes_left = pair.changes.total() - change_rows;
    EXPECT_THAT(out, testing::EndsWith("*… and " + commas(info_findings) + " more findings and " + commas(changes_left) +
                                       " more changes not shown; see the JSON report (`--format json`).*\n"));
}

TEST(Markdown, CorpusPairCollapsesLongListsAndIsDeterministic) {
    const std::string old_path = test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json");
    const std::string new_path = test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json");
    const std::string out = render_pair(old_path, new_path);
    EXPECT_EQ(structure_problem(out), "");
    EXPECT_LE(out.size(), kMarkdownLimit);
    EXPECT_THAT(out, testing::StartsWith("## bomwatch: nats-box sha256:a67913df95f1"));
    EXPECT_THAT(out, HasSubstr("<details><summary>Version changed (50)</summary>\n\n| Package |"));
    EXPECT_THAT(out, HasSubstr("<details><summary>Dependency edges removed (70)</summary>"));
    EXPECT_THAT(out, HasSubstr("#### Licence changed (1)\n"));
    EXPECT_THAT(out, Not(HasSubstr("not shown")));
    EXPECT_EQ(out, render_pair(old_path, new_path)) << "the same inputs must give the same bytes";
}

}  // namespace
}  // namespace bomwatch::report
