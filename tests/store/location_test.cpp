// Store locations: which text names which back end, and how a location is shown in messages
// (never with a password).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "store/store.h"
#include "tests/temp_file.h"

TEST(Redact, HidesPasswords) {
    using bomwatch::store::redact;
    // What libpq reads as meant is shown as libpq reads it: no password, no parameters.
    EXPECT_EQ(redact("postgresql://ci:s3cret@db.example:5432/bomwatch"), "postgresql://ci@db.example:5432/bomwatch");
    EXPECT_EQ(redact("postgres://db/bomwatch?user=ci&password=s3cret&sslmode=require"), "postgresql://ci@db/bomwatch");
    EXPECT_EQ(redact("postgresql://ci@db/bomwatch"), "postgresql://ci@db/bomwatch");
    EXPECT_EQ(redact("POSTGRESQL://ci:s3cret@db:5432/x"), "postgresql://ci@db:5432/x");
    EXPECT_EQ(redact("postgresql://ci:a?b1@db/x"), "postgresql://ci@db/x");
    EXPECT_EQ(redact("postgresql://ci:a#b1@db/x"), "postgresql://ci@db/x");
    EXPECT_EQ(redact("postgresql://ci:p%40ss%2Fw0rd@db/x"), "postgresql://ci@db/x");
    EXPECT_EQ(redact(".bomwatch/history.db"), ".bomwatch/history.db");
}

// Passwords with an unencoded '/', '?', '#' or '@', which libpq reads otherwise than meant (or not
// at all): everything up to the last '@' is hidden, and every password= value to the end.
TEST(Redact, NeverShowsAPieceOfAPassword) {
    using bomwatch::store::redact;
    using testing::HasSubstr;
    using testing::Not;
    EXPECT_EQ(redact("postgresql://ci:ab/cd@127.0.0.1:1/x"), "postgresql://***@127.0.0.1:1/x");
    EXPECT_EQ(redact("postgresql://ci:p@ss@host/db"), "postgresql://***@host/db");
    EXPECT_EQ(redact("postgresql://ci:pa/s?s#w@o@rd@host/db"), "postgresql://***@host/db");
    EXPECT_EQ(redact("postgresql://ci:s3cret@db/x?bogus=1"), "postgresql://***@db/x?bogus=1");
    EXPECT_EQ(redact("postgresql://db/x?bogus=1&password=s3c&ret=1"), "postgresql://db/x?bogus=1&password=***");
    EXPECT_EQ(redact("postgresq://ci:pw@db/x"), "postgresq://***@db/x");
    for (const char* url : {"postgresql://ci:ab/cd@127.0.0.1:1/x", "postgresql://ci:p@ss@host/db",
                            "postgres://u:x/y?z@h/d", "postgresql://u:q#r/s@t@h:5/d?sslmode=disable"}) {
        const std::string shown = redact(url);
        EXPECT_THAT(shown, Not(HasSubstr(":ab"))) << url;
        EXPECT_THAT(shown, Not(HasSubstr("cd@"))) << url;
        EXPECT_THAT(shown, Not(HasSubstr("ss@"))) << url;
        EXPECT_THAT(shown, Not(HasSubstr("x/y"))) << url;
        EXPECT_THAT(shown, Not(HasSubstr("r/s"))) << url;
        EXPECT_THAT(shown, Not(HasSubstr("t@"))) << url;
    }
}

// A location that is neither a path nor a postgresql:// URL is refused, without repeating it and
// without making a file named after it.
TEST(OpenStore, RefusesOtherSchemesAndKeywordStrings) {
    using namespace bomwatch::store;
    using testing::HasSubstr;
    using testing::Not;
    const bomwatch::test::TempDir dir;
    const auto old = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    const auto message_of = [](const std::string& location) -> std::string {
        try {
            open_store(location, OpenMode::CreateIfMissing);
        } catch (const StoreError& e) {
            EXPECT_EQ(e.kind(), StoreError::Kind::Failed) << location;
            return e.what();
        }
        ADD_FAILURE() << location << " opened";
        return "";
    };
    std::string message = message_of("postgresq://ci:pw-s3cret@db/x");
    EXPECT_EQ(message, "'postgresq://…' is not a store location: give a file path or a postgresql:// URL");
    message = message_of("sqlite://history.db");
    EXPECT_THAT(message, HasSubstr("'sqlite://…' is not a store location"));
    message = message_of("host=db user=ci password=s3cret-kw dbname=x");
    EXPECT_THAT(message, HasSubstr("give a postgresql:// URL (keyword strings are not accepted)"));
    EXPECT_THAT(message, Not(HasSubstr("s3cret-kw")));
    message = message_of("host=db dbname=x");
    EXPECT_THAT(message, HasSubstr("keyword strings are not accepted"));
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
    std::filesystem::current_path(old);
}

