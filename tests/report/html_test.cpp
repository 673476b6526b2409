// The HTML report: a self-contained page (nothing loaded, a CSP that forbids loading), untrusted
// text escaped everywhere, every change in the table's data, deterministic bytes; and a real
// headless Chromium that opens the page, sorts and filters its table (#selftest), and screenshots it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>
#include <string>

#include "report/describe.h"
#include "report/report.h"
#include "tests/report/judged_pair.h"
#include "tests/temp_file.h"
#include "tests/test_paths.h"

namespace bomwatch::report {
namespace {

using nlohmann::json;

constexpr std::string_view kDataOpen = "<script type=\"application/json\" id=\"bomwatch-data\">";

// Like HasSubstr, without printing a whole page on failure.
testing::AssertionResult contains(const std::string& page, std::string_view what) {
    if (page.find(what) != std::string::npos) return testing::AssertionSuccess();
    return testing::AssertionFailure() << "the page (" << page.size() << " bytes) lacks: " << what;
}
testing::AssertionResult lacks(const std::string& page, std::string_view what) {
    const std::size_t at = page.find(what);
    if (at == std::string::npos) return testing::AssertionSuccess();
    return testing::AssertionFailure() << "the page has " << what << " in: " << page.substr(at < 120 ? 0 : at - 120, 240 + what.size());
}

std::size_t occurrences(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The table's data block, parsed.
json table_data(const std::string& html) {
    const std::size_t open = html.find(kDataOpen);
    if (open == std::string::npos) return {};
    const std::size_t begin = open + kDataOpen.size();
    return json::parse(html.substr(begin, html.find("</script>", begin) - begin));
}

// What the table shows in its name column for a change.
std::string expected_name(const diff::Changes& changes, const diff::Change& change) {
    if (change.kind == diff::ChangeKind::EdgeAdded || change.kind == diff::ChangeKind::EdgeRemoved)
        return identity_label(change.from) + " → " + identity_label(change.to);
    const sbom::Component* c = new_component(changes, change);
    return name_of(c ? *c : *old_component(changes, change));
}

void expect_self_contained(const std::string& html) {
    EXPECT_TRUE(contains(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                               "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:;"));
    EXPECT_TRUE(lacks(html, "src=\"http"));
    EXPECT_TRUE(lacks(html, "href=\"http"));
    EXPECT_TRUE(lacks(html, "<link"));
    EXPECT_TRUE(lacks(html, "@import"));
    EXPECT_TRUE(lacks(html, "url("));
    EXPECT_TRUE(lacks(html, "=\"javascript:"));
    EXPECT_TRUE(lacks(html, "innerHTML"));
    EXPECT_EQ(occurrences(html, "<script"), 3u) << "the error capture, the data block and the page's script, nothing else";
    EXPECT_EQ(occurrences(html, "</script>"), 3u);
}

// Every change is a row of the data, in order, with its kind and name.
void expect_every_change_in_data(const test::JudgedPair& pair, const std::string& html) {
    const json data = table_data(html);
    ASSERT_TRUE(data.contains("rows")) << "no data block";
    ASSERT_EQ(data["rows"].size(), pair.changes.total());
    for (std::size_t i = 0; i < pair.changes.total(); ++i) {
        const diff::Change& change = pair.changes.changes[i];
        EXPECT_EQ(data["rows"][i][0], static_cast<int>(change.kind)) << i;
        EXPECT_EQ(data["rows"][i][2], expected_name(pair.changes, change)) << i;
    }
}

TEST(Html, RulesPairIsOneSelfContainedPage) {
    const test::JudgedPair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    ASSERT_FALSE(pair.findings.items.empty());
    const std::string html = pair.render(write_html);
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n"));
    expect_self_contained(html);
    expect_every_change_in_data(pair, html);
    EXPECT_TRUE(lacks(html, "src="));  // no image, script or frame from anywhere
    // The summary chart: inline SVG, labelled for assistive technology.
    EXPECT_TRUE(contains(html, "<svg id=\"chart-changes\" role=\"img\" aria-labelledby=\"chart-changes-title chart-changes-desc\""));
    EXPECT_TRUE(contains(html, "<title id=\"chart-findings-title\">Unexpected findings by severity</title>"));
    // Each finding's rule links to a note on that rule.
    for (const policy::Finding& f : pair.findings.items) {
        const std::string rule(policy::rule_id(f.rule));
        EXPECT_TRUE(contains(html, "<a class=\"rule\" href=\"#rule-" + rule + "\">"));
        EXPECT_TRUE(contains(html, "<div id=\"rule-" + rule + "\">"));
    }
    EXPECT_TRUE(contains(html, std::string(policy::rule_summary(policy::Rule::KnownMalicious))));
    EXPECT_EQ(html, pair.render(write_html)) << "same inputs, same bytes";
}

TEST(Html, AxiosPairShowsThePathOfTheNewPackage) {
    const test::JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    const std::string html = pair.render(write_html);
    expect_self_contained(html);
    expect_every_change_in_data(pair, html);
    EXPECT_TRUE(contains(html, "checkout-web 2.3.0 → checkout-web 2.3.1"));
    EXPECT_TRUE(contains(html, "<a class=\"rule\" href=\"#rule-new-dependency-in-update\">"));
    // In the findings and in the table's details: from the root down to the added package.
    EXPECT_TRUE(contains(html, "<div class=\"path\">path: checkout-web 2.3.1 → axios 1.14.1 → plain-crypto-js 4.2.1</div>"));
    EXPECT_TRUE(contains(html, "\"path: checkout-web@2.3.1 → axios@1.14.1 → plain-crypto-js@4.2.1\""));
}

TEST(Html, CorpusPairHasEveryChange) {
    const test::JudgedPair pair(test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"),
                                test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json"));
    ASSERT_GT(pair.changes.total(), 0u);
    const std::string html = pair.render(write_html);
    expect_self_contained(html);
    expect_every_change_in_data(pair, html);
    EXPECT_EQ(html, pair.render(write_html));
}

TEST(Html, ExpectedFindingsSayWhy) {
    const test::JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    policy::Findings findings = pair.findings;
    ASSERT_FALSE(findings.items.empty());
    findings.items[0].expected = true;
    findings.items[0].expected_reason = "Approved in <PLAT-1234> & \"friends\"";
    std::ostringstream out;
    write_html(out, pair.changes, {.findings = &findings});
    EXPECT_TRUE(contains(out.str(), "<span class=\"expected-marker\">expected: Approved in &lt;PLAT-1234&gt; &amp; &quot;friends&quot;</span>"));
    EXPECT_TRUE(contains(out.str(), "class=\"finding severity-"));
}

// A pair whose names, versions, licences, suppliers and URLs try to break out of the page.
constexpr std::string_view kHostileScript = "</script><script>alert(1)</script>";
constexpr std::string_view kHostileImage = "<img src=x onerror=alert(2)>";
constexpr std::string_view kQuotes = "\"'&";

std::string hostile_sbom(bool is_new) {
    const json script_name = std::string(kHostileScript), image_name = std::string(kHostileImage), quotes = std::string(kQuotes);
    json components = json::array();
    components.push_back({{"type", "library"},
                          {"bom-ref", "a"},
                          {"name", script_name},
                          {"version", is_new ? "2.0.0\"><svg onload=alert(3)>" : "1.0.0"},
                          {"licenses", json::array({{{"license", {{"name", is_new ? "<b>GPL</b>" : std::string(kHostileImage)}}}}})},
                          {"supplier", {{"name", is_new ? quotes : json("Old & Co")}}},
                          {"externalReferences", json::array({{{"type", "vcs"}, {"url", is_new ? "javascript:alert(5)" : "https://example.org/a.git"}}})}});
    json dependencies = json::array({{{"ref", "root"}, {"dependsOn", json::array({"a"})}}});
    if (is_new) {
        components.push_back({{"type", "library"}, {"bom-ref", "b"}, {"name", image_name}, {"version", "1'\"&"}});
        components.push_back({{"type", "library"}, {"bom-ref", "c"}, {"name", quotes}, {"version", "<1>"}});
        dependencies.push_back({{"ref", "a"}, {"dependsOn", json::array({"b"})}});
        dependencies.push_back({{"ref", "b"}, {"dependsOn", json::array({"c"})}});
    }
    const json bom = {{"bomFormat", "CycloneDX"},
                      {"specVersion", "1.6"},
                      {"metadata", {{"component", {{"type", "application"}, {"bom-ref", "root"}, {"name", "app</title><script>alert(6)</script>"}, {"version", "1"}}}}},
                      {"components", components},
                      {"dependencies", dependencies}};
    return bom.dump(2);
}

TEST(Html, HostileTextIsEscapedEverywhere) {
    test::TempDir dir;
    const test::JudgedPair pair(dir.write("old.cdx.json", hostile_sbom(false)), dir.write("new.cdx.json", hostile_sbom(true)));
    ASSERT_GE(pair.changes.total(), 4u);
    const std::string html = pair.render(write_html);
    expect_self_contained(html);
    EXPECT_TRUE(lacks(html, kHostileScript));
    EXPECT_TRUE(lacks(html, "<script>alert"));
    EXPECT_TRUE(lacks(html, "<img"));
    EXPECT_TRUE(lacks(html, "<svg onload"));
    EXPECT_TRUE(lacks(html, "<b>GPL"));
    EXPECT_TRUE(lacks(html, kQuotes));
    EXPECT_TRUE(lacks(html, "</title><script>"));
    // Escaped, so a browser shows exactly the SBOM's text.
    EXPECT_TRUE(contains(html, "&lt;img src=x onerror=alert(2)&gt;"));
    EXPECT_TRUE(contains(html, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_TRUE(contains(html, "&quot;&#39;&amp;"));
    // In the data block: \u-escaped, and it still means the same text.
    EXPECT_TRUE(contains(html, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
    expect_every_change_in_data(pair, html);
    const json data = table_data(html);
    bool found_image = false, found_quotes = false, found_url = false;
    for (const json& row : data["rows"]) {
        found_image = found_image || row[2] == kHostileImage;
        found_quotes = found_quotes || row[2] == kQuotes;
        found_url = found_url || row[5].get<std::string>().find("javascript:alert(5)") != std::string::npos;
    }
    EXPECT_TRUE(found_image);
    EXPECT_TRUE(found_quotes);
    EXPECT_TRUE(found_url) << "the URL is shown as text, never as a link";
    EXPECT_EQ(html, pair.render(write_html));
}

// An SBOM of `count` npm packages; the new side bumps every 5th, drops every 20th and adds `count / 20`.
std::string generated_sbom(std::size_t count, bool is_new) {
    json components = json::array(), depends = json::array();
    auto add = [&](const std::string& name, const std::string& version) {
        const std::string purl = "pkg:npm/" + name + "@" + version;
        components.push_back({{"type", "library"}, {"bom-ref", purl}, {"name", name}, {"version", version}, {"purl", purl}});
        depends.push_back(purl);
    };
    for (std::size_t i = 0; i < count; ++i) {
        if (is_new && i % 20 == 7) continue;
        add("package-" + std::to_string(i), is_new && i % 5 == 0 ? "1.10." + std::to_string(i % 7) : "1.9.0");
    }
    if (is_new)
        for (std::size_t i = 0; i < count / 20; ++i) add("new-package-" + std::to_string(i), "0.1.0");
    const json bom = {{"bomFormat", "CycloneDX"},
                      {"specVersion", "1.6"},
                      {"metadata", {{"component", {{"type", "application"}, {"bom-ref", "root"}, {"name", "big-app"}, {"version", "1"}}}}},
                      {"components", components},
                      {"dependencies", json::array({{{"ref", "root"}, {"dependsOn", depends}}})}};
    return bom.dump();
}

TEST(Html, LargeDiffStaysCompact) {
    test::TempDir dir;
    const test::JudgedPair pair(dir.write("old.cdx.json", generated_sbom(10000, false)), dir.write("new.cdx.json", generated_sbom(10000, true)));
    ASSERT_GT(pair.changes.total(), 3000u);
    const auto start = std::chrono::steady_clock::now();
    const std::string html = pair.render(write_html);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::cout << pair.changes.total() << " changes: " << html.size() << " bytes of HTML in " << elapsed.count() << " ms\n";
    expect_every_change_in_data(pair, html);
    // The rows are data, not markup: well under 200 bytes a change once the info findings are capped.
    EXPECT_LT(html.size(), pair.changes.total() * 200);
    EXPECT_TRUE(contains(html, "more info findings"));
}

// Measures a real large pair (not run by default): BOMWATCH_HTML_MEASURE="OLD NEW" writes the page
// to html-report-measure.html in the working directory and prints its size and the render time.
TEST(Html, DISABLED_MeasureLargePair) {
    const char* paths = std::getenv("BOMWATCH_HTML_MEASURE");
    ASSERT_NE(paths, nullptr) << "set BOMWATCH_HTML_MEASURE=\"OLD NEW\"";
    const std::string both(paths);
    const auto start = std::chrono::steady_clock::now();
    const test::JudgedPair pair(both.substr(0, both.find(' ')), both.substr(both.find(' ') + 1));
    const auto judged = std::chrono::steady_clock::now();
    const std::string html = pair.render(write_html);
    const auto rendered = std::chrono::steady_clock::now();
    test::write_file("html-report-measure.html", html);
    const auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
    std::cout << pair.changes.total() << " changes, " << pair.findings.items.size() << " findings: " << html.size()
              << " bytes; read, compared and judged in " << ms(judged - start) << " ms, written in " << ms(rendered - judged) << " ms\n";
}

// --- In a real browser -------------------------------------------------------------------------

// Runs Debian's Chromium headless on `url` with `arguments`; its standard output goes to `output`.
int run_chromium(const test::TempDir& dir, const std::string& arguments, const std::string& url, const std::string& output) {
    const std::string command = "timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='" +
                                (dir.path() / "profile").string() + "' " + arguments + " '" + url + "' > '" + output +
                                "' 2> '" + (dir.path() / "chromium.log").string() + "'";
    return std::system(command.c_str());
}

// The page's verdict on itself, from the body's data-selftest attribute in the dumped DOM.
std::string selftest_verdict(const std::string& dom, std::string_view attribute = "data-selftest") {
    const std::regex pattern(" " + std::string(attribute) + "=\"([^\"]*)\"");
    std::smatch match;
    return std::regex_search(dom, match, pattern) ? match[1].str() : "(no verdict: " + dom.substr(0, 300) + ")";
}

bool chromium_installed() { return std::system("command -v chromium > /dev/null 2>&1") == 0; }

// Opens `html` at #selftest in Chromium; returns the dumped DOM.
std::string run_selftest(const test::TempDir& dir, const std::string& name, const std::string& html) {
    const std::string page = dir.write(name, html);
    const std::string dom_path = (dir.path() / (name + ".dom")).string();
    // The virtual time budget lets any timers the page set run before the DOM is dumped.
    const int status = run_chromium(dir, "--virtual-time-budget=10000 --dump-dom", "file://" + page + "#selftest", dom_path);
    EXPECT_EQ(status, 0) << test::read_file((dir.path() / "chromium.log").string());
    return test::read_file(dom_path);
}

TEST(HtmlInChromium, SortsFiltersAndRendersTheRulesPair) {
    ASSERT_TRUE(chromium_installed()) << "chromium is not installed: run .ci/setup (CI installs it; this test needs a real browser)";
    const test::JudgedPair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    const std::string html = pair.render(write_html);
    test::TempDir dir;

    const std::string dom = run_selftest(dir, "rules.html", html);
    EXPECT_EQ(selftest_verdict(dom), "ok");
    EXPECT_EQ(selftest_verdict(dom, "data-selftest-errors"), "0") << "console errors, uncaught exceptions or CSP violations";

    const std::string page = (dir.path() / "rules.html").string();
    const std::string screenshot = (dir.path() / "screenshot.png").string();
    const int status = run_chromium(dir, "--hide-scrollbars --virtual-time-budget=5000 --window-size=1280,2000 --screenshot='" + screenshot + "'", "file://" + page,
                                     (dir.path() / "screenshot.out").string());
    EXPECT_EQ(status, 0) << test::read_file((dir.path() / "chromium.log").string());
    ASSERT_TRUE(std::filesystem::exists(screenshot));
    EXPECT_GT(std::filesystem::file_size(screenshot), 10u * 1024) << "a blank page, not the report";
    // Kept beside the test (ctest runs it in the build tree's tests/report) for people to look at.
    const auto kept = std::filesystem::absolute("html-report-screenshot.png");
    std::filesystem::copy_file(screenshot, kept, std::filesystem::copy_options::overwrite_existing);
    std::cout << "screenshot: " << kept.string() << "\n";
}

TEST(HtmlInChromium, PagesThroughALargeHostileDiff) {
    ASSERT_TRUE(chromium_installed()) << "chromium is not installed: run .ci/setup (CI installs it; this test needs a real browser)";
    test::TempDir dir;
    // Had escaping failed, the dumped DOM would carry the injected elements.
    const test::JudgedPair hostile(dir.write("old.cdx.json", hostile_sbom(false)), dir.write("new.cdx.json", hostile_sbom(true)));
    const std::string hostile_dom = run_selftest(dir, "hostile.html", hostile.render(write_html));
    EXPECT_EQ(selftest_verdict(hostile_dom), "ok");
    EXPECT_TRUE(lacks(hostile_dom, "<img"));
    EXPECT_TRUE(lacks(hostile_dom, "<script>alert"));

    // More rows than a page: the selftest checks the first page after sorting and each kind's count.
    const test::JudgedPair large(dir.write("big-old.cdx.json", generated_sbom(6000, false)), dir.write("big-new.cdx.json", generated_sbom(6000, true)));
    ASSERT_GT(large.changes.total(), 2000u);
    const std::string large_dom = run_selftest(dir, "large.html", large.render(write_html));
    EXPECT_EQ(selftest_verdict(large_dom), "ok");
    std::cout << large.changes.total() << " changes: first page drawn " << selftest_verdict(large_dom, "data-selftest-render-ms")
              << " ms after the script started\n";
}

}  // namespace
}  // namespace bomwatch::report
