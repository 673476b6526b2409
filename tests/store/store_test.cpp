#include <gtest/gtest.h>

#include "store/store.h"

TEST(Redact, HidesPasswords) {
    using bomwatch::store::redact;
    EXPECT_EQ(redact("postgresql://ci:s3cret@db.example:5432/bomwatch"), "postgresql://ci:***@db.example:5432/bomwatch");
    EXPECT_EQ(redact("postgres://db/bomwatch?user=ci&password=s3cret&sslmode=require"),
              "postgres://db/bomwatch?user=ci&password=***&sslmode=require");
    EXPECT_EQ(redact("postgresql://ci@db/bomwatch"), "postgresql://ci@db/bomwatch");
    EXPECT_EQ(redact(".bomwatch/history.db"), ".bomwatch/history.db");
}
