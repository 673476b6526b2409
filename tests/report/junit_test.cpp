// The JUnit XML report: well-formed (libxml2 parses it), a test case per rule, failures that follow
// the --fail-on threshold, and hostile SBOM text escaped or removed.
#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "policy/judge.h"
#include "policy/policy.h"
#include "report/report.h"
#include "tests/report/judged_pair.h"
#include "tests/test_paths.h"

namespace bomwatch::report {
namespace {

using test::JudgedPair;
using testing::HasSubstr;
using testing::Not;

// A parsed report, queried with XPath. Parsing errors fail the test that made it.
class Xml {
public:
    explicit Xml(const std::string& text)
        : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "junit.xml", "UTF-8", XML_PARSE_NONET), xmlFreeDoc) {
        EXPECT_NE(doc_, nullptr) << "not well-formed XML:\n" << text;
    }
    bool ok() const { return doc_ != nullptr; }

    double number(const std::string& xpath) const {
        auto result = eval(xpath);
        return result ? xmlXPathCastToNumber(result.get()) : -1;
    }
    std::string string(const std::string& xpath) const {
        auto result = eval(xpath);
        if (!result) return {};
        xmlChar* value = xmlXPathCastToString(result.get());  // of a node set: its first node's text
        std::string out(reinterpret_cast<const char*>(value));
        xmlFree(value);
        return out;
    }
    std::vector<std::string> strings(const std::string& xpath) const {
        std::vector<std::string> out;
        auto result = eval(xpath);
        if (!result || !result->nodesetval) return out;
        for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
            xmlChar* content = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
            out.emplace_back(reinterpret_cast<const char*>(content));
            xmlFree(content);
        }
        return out;
    }

private:
    using Result = std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)>;
    Result eval(const std::string& xpath) const {
        if (!doc_) return {nullptr, xmlXPathFreeObject};
        std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
        Result result(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), context.get()), xmlXPathFreeObject);
        EXPECT_NE(result, nullptr) << "bad XPath " << xpath;
        return result;
    }
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
};

std::string render_junit(const JudgedPair& pair, std::optional<policy::Severity> fail_on) {
    return pair.render(write_junit, {.fail_on = fail_on});
}

TEST(Junit, ATestCasePerRuleInRuleOrder) {
    const JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    const Xml xml(render_junit(pair, policy::Severity::High));
    ASSERT_TRUE(xml.ok());
    EXPECT_EQ(xml.number("count(/testsuites/testsuite)"), 1);
    EXPECT_EQ(xml.string("/testsuites/testsuite/@name"), "bomwatch");
    EXPECT_EQ(xml.number("count(//testcase)"), 17);
    EXPECT_EQ(xml.number("/testsuites/testsuite/@tests"), 17);
    EXPECT_EQ(xml.number("/testsuites/@tests"), 17);
    EXPECT_EQ(xml.number("/testsuites/testsuite/@errors"), 0);
    EXPECT_EQ(xml.number("/testsuites/testsuite/@skipped"), 0);
    const std::vector<std::string> names = xml.strings("//testcase/@name");
    const std::vector<std::string> classnames = xml.strings("//testcase/@classname");
    ASSERT_EQ(names.size(), policy::kRuleCount);
    for (std::size_t i = 0; i < policy::kRuleCount; ++i) {
        const std::string id(policy::rule_id(static_cast<policy::Rule>(i)));
        EXPECT_EQ(names[i], id);
        EXPECT_EQ(classnames[i], "bomwatch." + id);
    }
}

TEST(Junit, FailuresFollowTheThreshold) {
    // axios: new-dependency-in-update and name-confusion (high), version-update (info).
    const JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));

    const Xml high(render_junit(pair, policy::Severity::High));
    EXPECT_EQ(high.number("/testsuites/testsuite/@failures"), 2);
    EXPECT_EQ(high.number("/testsuites/@failures"), 2);
    EXPECT_EQ(high.number("count(//failure)"), 2);
    EXPECT_EQ(high.string("//testcase[@name='new-dependency-in-update']/failure/@type"), "high");
    EXPECT_EQ(high.string("//testcase[@name='name-confusion']/failure/@type"), "high");
    const std::string failure = high.string("//testcase[@name='new-dependency-in-update']/failure");
    EXPECT_THAT(failure, HasSubstr("plain-crypto-js"));                          // component
    EXPECT_THAT(failure, HasSubstr("pkg:npm/plain-crypto-js@4.2.1"));
    EXPECT_THAT(failure, HasSubstr("is only a patch step"));                     // message
    EXPECT_THAT(failure, HasSubstr("parent=pkg:npm/axios@1.14.1"));              // evidence
    EXPECT_THAT(failure, HasSubstr("path: checkout-web 2.3.1 → axios 1.14.1"));  // path from the root
    EXPECT_THAT(failure, HasSubstr("axios/after.cdx.json"));                     // the file
    EXPECT_THAT(high.string("//testcase[@name='new-dependency-in-update']/failure/@message"), HasSubstr("plain-crypto-js 4.2.1 is new"));
    // Below the threshold: in the rule's output, not a failure.
    EXPECT_EQ(high.number("count(//testcase[@name='version-update']/failure)"), 0);
    EXPECT_THAT(high.string("//testcase[@name='version-update']/system-out"), HasSubstr("below fail-on high"));
    EXPECT_THAT(high.string("//testcase[@name='version-update']/system-out"), HasSubstr("1.14.0"));

    const Xml critical(render_junit(pair, policy::Severity::Critical));
    EXPECT_EQ(critical.number("/testsuites/testsuite/@failures"), 0);
    EXPECT_EQ(critical.number("count(//failure)"), 0);
    EXPECT_THAT(critical.string("//testcase[@name='name-confusion']/system-out"), HasSubstr("crypto-js"));

    const Xml info(render_junit(pair, policy::Severity::Info));
    EXPECT_EQ(info.number("count(//failure)"), 3);
    EXPECT_EQ(info.string("//testcase[@name='version-update']/failure/@type"), "info");

    // Without a threshold nothing fails, and every finding is still shown.
    const Xml none(render_junit(pair, std::nullopt));
    EXPECT_EQ(none.number("count(//failure)"), 0);
    EXPECT_EQ(none.number("/testsuites/testsuite/@failures"), 0);
    EXPECT_EQ(none.number("count(//system-out)"), 3);
    EXPECT_THAT(none.string("//testcase[@name='name-confusion']/system-out"), HasSubstr("no fail-on threshold"));
    EXPECT_EQ(none.string("//property[@name='fail-on']/@value"), "none");
}

TEST(Junit, SeveralFindingsOfARuleAreOneFailureListingEach) {
    const JudgedPair pair(test::testdata("rules/old.cdx.json"), test::testdata("rules/new.cdx.json"), test::testdata("rules/osv"));
    const Xml xml(render_junit(pair, policy::Severity::Low));
    ASSERT_TRUE(xml.ok());
    std::array<std::size_t, policy::kRuleCount> failing{};
    for (const policy::Finding& f : pair.findings.items)
        if (!f.expected && f.severity >= policy::Severity::Low) ++failing[static_cast<std::size_t>(f.rule)];
    std::size_t failing_rules = 0;
    for (std::size_t i = 0; i < policy::kRuleCount; ++i) {
        const std::string id(policy::rule_id(static_cast<policy::Rule>(i)));
        const std::string failure = "//testcase[@name='" + id + "']/failure";
        EXPECT_EQ(xml.number("count(" + failure + ")"), failing[i] ? 1 : 0) << id;
        if (failing[i] == 0) continue;
        ++failing_rules;
        if (failing[i] > 1) {
            EXPECT_THAT(xml.string(failure + "/@message"), HasSubstr(std::to_string(failing[i]) + " findings")) << id;
        }
        for (const policy::Finding& f : pair.findings.items) {
            if (f.rule != static_cast<policy::Rule>(i) || f.expected || f.severity < policy::Severity::Low) continue;
            EXPECT_THAT(xml.string(failure), HasSubstr(f.message)) << id;
        }
    }
    EXPECT_EQ(xml.number("/testsuites/testsuite/@failures"), failing_rules);
    EXPECT_EQ(xml.string("//testcase[@name='known-malicious']/failure/@type"), "critical");
}

TEST(Junit, ExpectedFindingsNeverFail) {
    const sbom::Document old_doc = sbom::read_sbom(test::testdata("axios/before.cdx.json"));
    const sbom::Document new_doc = sbom::read_sbom(test::testdata("axios/after.cdx.json"));
    const diff::Changes changes = diff::compare(old_doc, new_doc);
    const policy::Policy policy = policy::parse_policy(
        "expected:\n"
        "  - purl: pkg:npm/plain-crypto-js\n"
        "    reason: vetted by security (SEC-7)\n",
        "test.yml");
    const policy::Findings findings = policy::judge(changes, {.policy = &policy, .today = "2026-11-26"});
    std::ostringstream out;
    write_junit(out, changes, {.findings = &findings, .fail_on = policy::Severity::Info});
    const Xml xml(out.str());
    EXPECT_EQ(xml.number("count(//testcase[@name='new-dependency-in-update']/failure)"), 0);
    EXPECT_THAT(xml.string("//testcase[@name='new-dependency-in-update']/system-out"), HasSubstr("expected: vetted by security (SEC-7)"));
    EXPECT_EQ(xml.number("count(//testcase[@name='name-confusion']/failure)"), 1);  // not covered: a compromise rule
    EXPECT_EQ(xml.number("/testsuites/testsuite/@failures"), 2);                       // name-confusion, version-update
}

TEST(Junit, HostileSbomTextIsEscapedAndCleaned) {
    JudgedPair pair(test::testdata("axios/before.cdx.json"), test::testdata("axios/after.cdx.json"));
    pair.new_doc.source = "dir/\"evil\" <&> \x01.json";
    policy::Findings findings;
    policy::Finding& f = findings.items.emplace_back();
    f.rule = policy::Rule::NameConfusion;
    f.severity = policy::Severity::High;
    f.name = "<script>&amp;]]>\x01\x1b[31m";
    f.reference = "pkg:npm/%3Cx%3E@1.0.0";
    f.message = "a \"quoted\" <tag> & ]]> \x07" "bell\ttab\nline \xff\xfe broken utf-8, \xef\xbf\xbe nonchar, é kept";
    f.evidence = {{"imitates", "<crypto-js>"}, {"how", "]]>"}};
    f.path = {"root 1.0", "<x> 1.0.0"};
    findings.unexpected_by_severity[static_cast<std::size_t>(policy::Severity::High)] = 1;

    std::ostringstream out;
    write_junit(out, pair.changes, {.findings = &findings, .fail_on = policy::Severity::High});
    const std::string text = out.str();
    EXPECT_THAT(text, Not(HasSubstr("]]>")));
    EXPECT_THAT(text, Not(HasSubstr("<script>")));
    EXPECT_THAT(text, Not(HasSubstr("\x01")));
    EXPECT_THAT(text, Not(HasSubstr("\x07")));
    EXPECT_THAT(text, Not(HasSubstr("\x1b")));

    const Xml xml(text);
    ASSERT_TRUE(xml.ok());
    const std::string failure = xml.string("//testcase[@name='name-confusion']/failure");
    EXPECT_THAT(failure, HasSubstr("<script>&amp;]]>[31m"));  // as text again, the control characters gone
    EXPECT_THAT(failure, HasSubstr("imitates=<crypto-js>"));
    EXPECT_THAT(failure, HasSubstr("path: root 1.0 → <x> 1.0.0"));
    EXPECT_THAT(failure, HasSubstr("dir/\"evil\" <&> .json"));
    const std::string message = xml.string("//testcase[@name='name-confusion']/failure/@message");
    EXPECT_THAT(message, HasSubstr("a \"quoted\" <tag> & ]]> bell\ttab\nline \xef\xbf\xbd\xef\xbf\xbd broken utf-8,  nonchar, é kept"));
    EXPECT_EQ(xml.string("//property[@name='new']/@value"), "dir/\"evil\" <&> .json");
}

TEST(Junit, ACorpusPairIsWellFormed) {
    const JudgedPair pair(test::corpus("cyclonedx-json/sbom-utility_diff_nats1.json"), test::corpus("cyclonedx-json/sbom-utility_diff_nats2.json"));
    const std::string text = render_junit(pair, policy::Severity::Medium);
    const Xml xml(text);
    ASSERT_TRUE(xml.ok());
    EXPECT_EQ(xml.number("count(//testcase)"), 17);
    EXPECT_EQ(render_junit(pair, policy::Severity::Medium), text);  // deterministic
    std::string shown;
    for (const std::string& out : xml.strings("//system-out | //failure")) shown += out;
    EXPECT_GT(pair.findings.items.size(), 10u);
    for (const policy::Finding& f : pair.findings.items) EXPECT_THAT(shown, HasSubstr(f.message));  // none left out
}

TEST(Junit, WellFormednessIsChecked) {
    // The parser behind these tests rejects what a broken renderer would write.
    testing::internal::CaptureStderr();
    EXPECT_NONFATAL_FAILURE(Xml("<testsuites><testsuite name=\"a&b\"/></testsuites>"), "not well-formed");
    EXPECT_NONFATAL_FAILURE(Xml("<testsuites>\x01</testsuites>"), "not well-formed");
    testing::internal::GetCapturedStderr();
}

}  // namespace
}  // namespace bomwatch::report
