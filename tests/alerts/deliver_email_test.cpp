// Email delivery against smtp-server.py (a plain SMTP server that never offers STARTTLS): the
// message as it arrives, STARTTLS required by default, login, and what 4yz/5yz replies mean.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "alerts/deliver.h"
#include "alerts/deliver_detail.h"
#include "alerts/sign.h"
#include "tests/alerts/receiver.h"

namespace bomwatch::alerts {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

class SmtpServer : public test::ChildServer {
public:
    explicit SmtpServer(const std::vector<std::string>& arguments = {})
        : ChildServer(BOMWATCH_SMTP_SERVER, arguments) {}
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
};

DeliveryOptions quick() {
    DeliveryOptions options;
    options.connect_timeout = milliseconds(2'000);
    options.request_timeout = milliseconds(5'000);
    options.deadline = milliseconds(20'000);
    options.backoff_base = milliseconds(20);
    options.backoff_cap = milliseconds(200);
    return options;
}

SinkTarget email_target(const std::string& url) {
    SinkTarget target;
    target.kind = SinkKind::Email;
    target.name = "mail";
    target.url = url;
    target.mail_from = "bomwatch <ci@example.com>";
    target.mail_to = {"dev@example.com", "Security Team <sec@example.org>"};
    target.allow_plaintext = true;
    return target;
}

// The headers of a message (unfolded) and its body.
struct Message {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string header(const std::string& name) const {
        for (const auto& [key, value] : headers)
            if (key == name)
                return value;
        return "";
    }
};

Message parse_message(const std::string& raw) {
    Message message;
    const auto end = raw.find("\r\n\r\n");
    std::string head = raw.substr(0, end);
    message.body = raw.substr(end + 4);
    std::size_t start = 0;
    while (start < head.size()) {
        auto line_end = head.find("\r\n", start);
        if (line_end == std::string::npos)
            line_end = head.size();
        const std::string line = head.substr(start, line_end - start);
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t'))
            message.headers.back().second += "\r\n" + line;
        else
            message.headers.emplace_back(line.substr(0, line.find(':')), line.substr(line.find(':') + 2));
        start = line_end + 2;
    }
    return message;
}

// RFC 2047 B encoded-words, one per folded line, back to the text.
std::string decode_words(const std::string& value) {
    std::string text;
    std::size_t at = 0;
    while ((at = value.find("=?UTF-8?B?", at)) != std::string::npos) {
        const auto end = value.find("?=", at + 10);
        std::string bytes;
        EXPECT_TRUE(base64_decode(value.substr(at + 10, end - at - 10), bytes));
        text += bytes;
        at = end + 2;
    }
    return text;
}

std::string decode_quoted_printable(const std::string& encoded) {
    std::string text;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] != '=') {
            text += encoded[i];
        } else if (encoded.compare(i + 1, 2, "\r\n") == 0) {
            i += 2;  // soft line break
        } else {
            text += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
            i += 2;
        }
    }
    return text;
}

TEST(Email, MessageArrivesWithItsHeadersAndBody) {
    SmtpServer server;
    const std::string subject = "bomwatch: 2 neue Abhängigkeiten in café-web — größer als erlaubt, 日本語の件名も長く続きます";
    const std::string body =
        "Zwei Pakete sind neu: « lodash » und ünïcödé.\n"
        ".a line that starts with a dot\n"
        "trailing space \n"
        "a long line " + std::string(150, 'x') + " = end\n"
        "\n"
        "last line";
    const Delivery delivery = deliver(email_target(server.url()), subject + "\n\n" + body, "alert-0123abcd", quick());
    ASSERT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    EXPECT_EQ(delivery.status, 250);
    EXPECT_EQ(delivery.attempts, 1);

    const auto log = server.log(1);
    ASSERT_EQ(log.size(), 1u);
    ASSERT_EQ(log[0]["messages"].size(), 1u);
    const auto& sent = log[0]["messages"][0];
    EXPECT_EQ(sent["mail_from"], "<ci@example.com>");
    EXPECT_EQ(sent["rcpt_to"], (nlohmann::json{"<dev@example.com>", "<sec@example.org>"}));
    const std::string raw = test::read_file(sent["file"]);

    // CRLF everywhere, no line over 998 octets (RFC 5322 §2.1.1), 76 in the encoded body.
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\n') {
            ASSERT_TRUE(i > 0 && raw[i - 1] == '\r') << "bare LF at " << i;
        }
    }
    const Message message = parse_message(raw);
    std::size_t start = 0;
    for (auto end = message.body.find("\r\n"); end != std::string::npos; start = end + 2, end = message.body.find("\r\n", start))
        EXPECT_LE(end - start, 76u);

    EXPECT_EQ(message.header("From"), "bomwatch <ci@example.com>");
    EXPECT_EQ(message.header("To"), "dev@example.com,\r\n Security Team <sec@example.org>");
    EXPECT_THAT(message.header("Subject"), ::testing::StartsWith("=?UTF-8?B?"));
    EXPECT_EQ(decode_words(message.header("Subject")), subject);
    EXPECT_THAT(message.header("Date"), ::testing::MatchesRegex("[A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] 20[0-9][0-9] "
                                                                 "[0-9][0-9]:[0-9][0-9]:[0-9][0-9] \\+0000"));
    // The idempotency key, for tracing, and a random part: unique per message.
    EXPECT_THAT(message.header("Message-ID"), ::testing::MatchesRegex("<alert-0123abcd\\.[0-9a-f]{32}@example\\.com>"));
    EXPECT_EQ(message.header("MIME-Version"), "1.0");
    EXPECT_EQ(message.header("Content-Type"), "text/plain; charset=UTF-8");
    EXPECT_EQ(message.header("Content-Transfer-Encoding"), "quoted-printable");

    std::string expected;
    for (const char c : body + "\n")
        expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(decode_quoted_printable(message.body), expected);
}

TEST(Email, EveryMessageHasItsOwnMessageId) {
    // The same key (a retry from the outbox, or the same payload sent again) still makes a new
    // Message-ID, so that no mail system drops the second message as a copy of the first.
    const auto target = email_target("smtp://127.0.0.1:25");
    const auto now = std::chrono::system_clock::now();
    const std::string key = "0123456789abcdef0123456789abcdef";
    const std::string first = parse_message(detail::email_message(target, "s\n\nb", key, now)).header("Message-ID");
    const std::string second = parse_message(detail::email_message(target, "s\n\nb", key, now)).header("Message-ID");
    EXPECT_THAT(first, ::testing::StartsWith("<" + key + "."));
    EXPECT_NE(first, second);
    // Without a key, a random one alone; characters a Message-ID cannot hold become '-'.
    EXPECT_THAT(parse_message(detail::email_message(target, "s\n\nb", "", now)).header("Message-ID"),
                ::testing::MatchesRegex("<[0-9a-f]{32}@example\\.com>"));
    EXPECT_THAT(parse_message(detail::email_message(target, "s\n\nb", "a b<c>", now)).header("Message-ID"),
                ::testing::MatchesRegex("<a-b-c-\\.[0-9a-f]{32}@example\\.com>"));
}

TEST(Email, AsciiSubjectIsFoldedAndLineBreaksCannotAddHeaders) {
    auto target = email_target("smtp://127.0.0.1:25");
    const std::string message = detail::email_message(
        target, "bomwatch: 3 findings\r\nBcc: victim@example.com in a project with a rather long name that goes on\n\nbody",
        "id", std::chrono::system_clock::now());
    const Message parsed = parse_message(message);
    EXPECT_EQ(parsed.header("Bcc"), "");
    EXPECT_THAT(parsed.header("Subject"), HasSubstr("bomwatch: 3 findings"));
    EXPECT_THAT(parsed.header("Subject"), HasSubstr("\r\n "));  // folded under 78 characters
    target.mail_to = {"a@example.com\r\nBcc: b@example.com"};
    EXPECT_THROW(detail::email_message(target, "s\n\nb", "id", std::chrono::system_clock::now()), std::invalid_argument);
}

TEST(Email, StartTlsIsRequiredUnlessToldOtherwise) {
    SmtpServer server;
    auto target = email_target(server.url());
    target.allow_plaintext = false;
    const Delivery delivery = deliver(target, "subject\n\nbody", "alert-1", quick());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Rejected);
    EXPECT_EQ(delivery.attempts, 1);
    EXPECT_THAT(delivery.detail,
                HasSubstr("the server does not offer STARTTLS (set tls: none only on a trusted network)"));
    const auto log = server.log(1);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_TRUE(log[0]["messages"].empty());
    const auto commands = log[0]["commands"].get<std::vector<std::string>>();
    EXPECT_THAT(commands, Not(::testing::Contains("MAIL")));
    EXPECT_THAT(commands, Not(::testing::Contains("DATA")));
}

TEST(Email, LoginDeniedIsRejectedAndTheRightOneDelivers) {
    SmtpServer server({"--auth", "ci:right-password"});
    auto target = email_target(server.url());
    target.username = "ci";
    target.password = "WRONGPASSWORD";
    const Delivery denied = deliver(target, "subject\n\nbody", "alert-1", quick());
    EXPECT_EQ(denied.outcome, Delivery::Outcome::Rejected);
    EXPECT_EQ(denied.attempts, 1);
    EXPECT_THAT(denied.detail, HasSubstr("refused the login"));
    EXPECT_THAT(denied.detail, Not(HasSubstr("WRONGPASSWORD")));

    target.password = "right-password";
    const Delivery delivered = deliver(target, "subject\n\nbody", "alert-1", quick());
    EXPECT_EQ(delivered.outcome, Delivery::Outcome::Delivered) << delivered.detail;
    const auto log = server.log(2);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_TRUE(log[0]["messages"].empty());
    EXPECT_EQ(log[1]["auth"], "ci");
    EXPECT_EQ(log[1]["messages"].size(), 1u);
}

TEST(Email, TransientReplyIsRetried) {
    SmtpServer server({"--fail-rcpt", "450", "--fail-count", "1"});
    std::vector<std::string> lines;
    const Delivery delivery = deliver(email_target(server.url()), "subject\n\nbody", "alert-1", quick(),
                                      [&](const std::string& line) { lines.push_back(line); });
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Delivered) << delivery.detail;
    EXPECT_EQ(delivery.attempts, 2);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_THAT(lines[0], HasSubstr("SMTP 450"));
    EXPECT_EQ(server.log(2)[1]["messages"].size(), 1u);
}

TEST(Email, PermanentReplyIsRejected) {
    SmtpServer server({"--fail-rcpt", "550"});
    const Delivery delivery = deliver(email_target(server.url()), "subject\n\nbody", "alert-1", quick());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Rejected);
    EXPECT_EQ(delivery.attempts, 1);
    EXPECT_EQ(delivery.status, 550);
    EXPECT_THAT(delivery.detail, HasSubstr("SMTP 550"));
}

TEST(Email, NeedsAnSmtpUrl) {
    const Delivery delivery = deliver(email_target("https://mail.example.com/x"), "s\n\nb", "a", quick());
    EXPECT_EQ(delivery.outcome, Delivery::Outcome::Rejected);
    EXPECT_EQ(delivery.attempts, 0);
    EXPECT_THAT(delivery.detail, HasSubstr("smtp://"));
}

}  // namespace
}  // namespace bomwatch::alerts
