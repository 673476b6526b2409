// The text helpers behind every renderer's cut (alerts/render_text.h): never a split character,
// never over the limit, one clean line. Part of render_test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "alerts/render_text.h"
#include "tests/alerts/payload_checks.h"

namespace bomwatch::alerts {
namespace {

using checks::replace_all;
using checks::valid_utf8;

TEST(RenderText, CutsNeverSplitACharacterAndKeepTheLimit) {
    const std::string mixed = "aé€😀aé€😀aé€😀aé€😀";  // 1-, 2-, 3- and 4-byte characters
    for (std::size_t max = 1; max <= text::chars(mixed) + 1; ++max) {
        const std::string cleaned = text::clean(mixed, max);
        EXPECT_TRUE(valid_utf8(cleaned)) << max;
        EXPECT_LE(text::chars(cleaned), max);
        if (max < text::chars(mixed)) EXPECT_THAT(cleaned, testing::EndsWith("…"));
        else EXPECT_EQ(cleaned, mixed);
        for (auto escaped : {text::slack_mrkdwn("<&>" + mixed, max), text::discord_md("*_" + mixed, max), text::mattermost_md("@a<" + mixed, max)}) {
            EXPECT_TRUE(valid_utf8(escaped)) << max;
            EXPECT_LE(text::chars(escaped), max);
        }
        const std::string bytes = text::cut_bytes(mixed, max + 3);
        EXPECT_TRUE(valid_utf8(bytes));
        EXPECT_LE(bytes.size(), max + 3);
    }
    // An escape is never cut in half: "&amp;" is whole or absent.
    EXPECT_EQ(text::slack_mrkdwn("ab&cd", 4), "ab…");
    EXPECT_EQ(text::slack_mrkdwn("ab&cd", 9), "ab&amp;cd");
    EXPECT_EQ(text::slack_mrkdwn("ab&cd", 8), "ab&amp;…");
}

TEST(RenderText, CleanMakesOneLineOfValidText) {
    EXPECT_EQ(text::clean("a\r\nb\tc"), "a  b c");
    EXPECT_EQ(text::clean("x\x01y\x7fz"), "x?y?z");
    EXPECT_EQ(text::clean("\xff" "ok\xc3"), "?ok?");
    EXPECT_EQ(text::clean("\xE2\x80\xAE" "evil"), "?evil");
    EXPECT_EQ(text::clean("\xC2\x85"), "?");  // NEL, a C1 control
}

TEST(RenderText, LongLinesAreWrappedAtCharacters) {
    std::string line;
    for (int i = 0; i < 1000; ++i) line += "€";
    const std::string wrapped = text::wrap_long_lines("short\n" + line + "\n", 100, "  ");
    EXPECT_TRUE(valid_utf8(wrapped));
    std::size_t start = 0, lines = 0;
    while (start < wrapped.size()) {
        const std::size_t end = wrapped.find('\n', start);
        ASSERT_NE(end, std::string::npos);
        EXPECT_LE(end - start, 100u);
        start = end + 1;
        ++lines;
    }
    EXPECT_GE(lines, 31u);
    EXPECT_EQ(replace_all(replace_all(wrapped, "\n  ", ""), "\n", ""), "short" + line);
}

TEST(RenderText, CountsHaveThousandsSeparators) {
    EXPECT_EQ(text::with_commas(0), "0");
    EXPECT_EQ(text::with_commas(999), "999");
    EXPECT_EQ(text::with_commas(1000), "1,000");
    EXPECT_EQ(text::with_commas(1234567), "1,234,567");
    EXPECT_EQ(text::more_line(1), "and 1 more finding");
    EXPECT_EQ(text::more_line(12345), "and 12,345 more findings");
}

}  // namespace
}  // namespace bomwatch::alerts
