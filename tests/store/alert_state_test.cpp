// The store's alert state, run against both back ends: which findings each sink was sent, and
// the outbox of alerts not delivered yet (leases, failures, listing, discarding).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "tests/store/test_stores.h"

namespace bomwatch::store {
namespace {

using test::Backend;
using test::FreshStore;
using testing::ElementsAre;
using testing::IsEmpty;

class AlertStateTest : public testing::TestWithParam<Backend> {
protected:
    void SetUp() override { fresh_ = std::make_unique<FreshStore>(GetParam()); }
    std::unique_ptr<Store> open(OpenMode mode = OpenMode::CreateIfMissing) const {
        return open_store(fresh_->location(), mode);
    }

    std::unique_ptr<FreshStore> fresh_;
};

TEST_P(AlertStateTest, RemembersSentAlertsPerSinkAndProject) {
    auto store = open();
    const std::vector<std::string> fps = {"f1", "f2", "f3"};
    EXPECT_EQ(store->not_sent("slack", "shop", fps), fps);
    store->mark_sent("slack", "shop", std::vector<std::string>{"f2"});
    EXPECT_EQ(store->not_sent("slack", "shop", fps), (std::vector<std::string>{"f1", "f3"}));
    EXPECT_EQ(store->not_sent("email", "shop", fps), fps);   // another sink
    EXPECT_EQ(store->not_sent("slack", "other", fps), fps);  // another project
    // Marking twice is fine; order of the answer is the order asked.
    store->mark_sent("slack", "shop", std::vector<std::string>{"f2", "f3"});
    EXPECT_EQ(store->not_sent("slack", "shop", std::vector<std::string>{"f3", "f1", "f2"}), (std::vector<std::string>{"f1"}));
    EXPECT_THAT(store->not_sent("slack", "shop", std::vector<std::string>{}), IsEmpty());
}

TEST_P(AlertStateTest, OutboxLeasesMessagesUntilDeliveredOrFailed) {
    auto store = open();
    OutboxMessage m;
    m.sink = "slack";
    m.project = "shop";
    m.branch = "main";
    m.payload = R"({"text":"2 new findings"})";
    m.fingerprints = {"fp-1", "fp-2"};
    const std::int64_t first = store->enqueue(m);
    m.payload = "second";
    m.fingerprints = {"fp-3"};
    const std::int64_t second = store->enqueue(m);
    m.sink = "email";
    m.payload = "third";
    m.fingerprints = {};
    const std::int64_t third = store->enqueue(m);
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
    EXPECT_EQ(store->waiting(""), 3u);
    EXPECT_EQ(store->waiting("slack"), 2u);
    EXPECT_EQ(store->waiting("email"), 1u);
    EXPECT_EQ(store->waiting("pager"), 0u);

    // Oldest first, at most `limit`, everything as enqueued.
    auto claimed = store->claim("slack", std::chrono::hours(1), 1);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, first);
    EXPECT_EQ(claimed[0].sink, "slack");
    EXPECT_EQ(claimed[0].project, "shop");
    EXPECT_EQ(claimed[0].branch, "main");
    EXPECT_EQ(claimed[0].payload, R"({"text":"2 new findings"})");
    EXPECT_THAT(claimed[0].fingerprints, ElementsAre("fp-1", "fp-2"));
    EXPECT_TRUE(std::regex_match(claimed[0].created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    EXPECT_EQ(claimed[0].attempts, 0u);
    EXPECT_EQ(claimed[0].last_error, "");
    // Leased: hidden from other flushers (another connection too).
    EXPECT_EQ(store->waiting("slack"), 1u);
    auto other_runner = open();
    auto rest = other_runner->claim("slack", std::chrono::hours(1), 10);
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].id, second);
    EXPECT_THAT(rest[0].fingerprints, ElementsAre("fp-3"));
    EXPECT_THAT(store->claim("slack", std::chrono::hours(1), 10), IsEmpty());
    EXPECT_EQ(store->waiting("slack"), 0u);
    EXPECT_EQ(store->waiting(""), 1u);

    // Failed: counted, error kept, lease over.
    store->failed(first, "HTTP 503 from hooks.slack.com");
    EXPECT_EQ(store->waiting("slack"), 1u);
    claimed = store->claim("slack", std::chrono::hours(1), 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, first);
    EXPECT_EQ(claimed[0].attempts, 1u);
    EXPECT_EQ(claimed[0].last_error, "HTTP 503 from hooks.slack.com");
    store->failed(first, "timeout");
    claimed = store->claim("slack", std::chrono::hours(1), 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].attempts, 2u);
    EXPECT_EQ(claimed[0].last_error, "timeout");

    // Waiting in the outbox counts as on its way: not sent again by the next build (for its sink
    // and project only). Delivered: gone, and its fingerprints are sent.
    const std::vector<std::string> fps = {"fp-1", "fp-2", "fp-3", "fp-4"};
    EXPECT_EQ(store->not_sent("slack", "shop", fps), (std::vector<std::string>{"fp-4"}));
    EXPECT_EQ(store->not_sent("email", "shop", fps), fps);
    EXPECT_EQ(store->not_sent("slack", "other", fps), fps);
    store->delivered(first);
    EXPECT_EQ(store->not_sent("slack", "shop", fps), (std::vector<std::string>{"fp-4"}));
    EXPECT_EQ(store->not_sent("email", "shop", fps), fps);
    EXPECT_EQ(store->not_sent("slack", "other", fps), fps);
    other_runner->delivered(second);
    EXPECT_EQ(store->not_sent("slack", "shop", fps), (std::vector<std::string>{"fp-4"}));
    EXPECT_EQ(store->not_sent("slack", "other", fps), fps);
    EXPECT_EQ(store->waiting("slack"), 0u);
    EXPECT_EQ(store->waiting(""), 1u);

    // A lease that runs out: the message waits again (its flusher died).
    claimed = store->claim("", std::chrono::seconds(1), 0);  // 0: no limit
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, third);
    EXPECT_THAT(claimed[0].fingerprints, IsEmpty());
    EXPECT_EQ(store->waiting(""), 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    EXPECT_EQ(store->waiting(""), 1u);
    claimed = other_runner->claim("", std::chrono::hours(1), 5);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, third);
    store->delivered(third);
    EXPECT_EQ(store->waiting(""), 0u);
    EXPECT_THAT(store->claim("", std::chrono::hours(1), 0), IsEmpty());
}

TEST_P(AlertStateTest, EnqueueStartsEveryMessageAfresh) {
    auto store = open();
    OutboxMessage m;
    m.id = 4242;
    m.sink = "slack";
    m.project = "shop";
    m.branch = "main";
    m.payload = "p";
    m.created_at = "1999-01-01T00:00:00Z";
    m.attempts = 7;
    m.last_error = "from the caller";
    const std::int64_t id = store->enqueue(m);
    EXPECT_NE(id, 4242);
    const auto claimed = store->claim("", std::chrono::hours(1), 0);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, id);
    EXPECT_EQ(claimed[0].attempts, 0u);
    EXPECT_EQ(claimed[0].last_error, "");
    EXPECT_NE(claimed[0].created_at, "1999-01-01T00:00:00Z");
}

TEST_P(AlertStateTest, OutboxListsEveryMessageAndDiscardDropsOne) {
    auto store = open();
    OutboxMessage m;
    m.sink = "slack";
    m.project = "shop";
    m.branch = "main";
    m.payload = "first";
    m.fingerprints = {"fp-1", "fp-2"};
    const std::int64_t first = store->enqueue(m);
    m.payload = "second";
    m.fingerprints = {"fp-3"};
    const std::int64_t second = store->enqueue(m);
    m.sink = "email";
    m.payload = "third";
    const std::int64_t third = store->enqueue(m);
    store->failed(second, "HTTP 500");

    // Leased or not, oldest first, nothing claimed by listing.
    ASSERT_EQ(store->claim("slack", std::chrono::hours(1), 1).size(), 1u);  // leases the first
    auto listed = store->outbox("");
    ASSERT_EQ(listed.size(), 3u);
    EXPECT_EQ(listed[0].id, first);
    EXPECT_EQ(listed[0].payload, "first");
    EXPECT_THAT(listed[0].fingerprints, ElementsAre("fp-1", "fp-2"));
    EXPECT_TRUE(std::regex_match(listed[0].created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    EXPECT_EQ(listed[1].id, second);
    EXPECT_EQ(listed[1].attempts, 1u);
    EXPECT_EQ(listed[1].last_error, "HTTP 500");
    EXPECT_EQ(listed[2].id, third);
    EXPECT_EQ(listed[2].sink, "email");
    listed = store->outbox("slack");
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, first);
    EXPECT_EQ(listed[1].id, second);
    EXPECT_THAT(store->outbox("pager"), IsEmpty());
    EXPECT_EQ(store->waiting("slack"), 1u);  // listing claimed nothing: the second still waits

    // Discarded: gone, its fingerprints not marked sent (a later build may alert again).
    EXPECT_TRUE(store->discard(first));
    EXPECT_FALSE(store->discard(first));
    EXPECT_FALSE(store->discard(987654));
    EXPECT_EQ(store->not_sent("slack", "shop", std::vector<std::string>{"fp-1", "fp-2", "fp-3"}),
              (std::vector<std::string>{"fp-1", "fp-2"}));
    listed = store->outbox("");
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, second);
    EXPECT_TRUE(store->discard(third));
    EXPECT_EQ(store->outbox("").size(), 1u);
    EXPECT_EQ(store->waiting(""), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertStateTest, testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const testing::TestParamInfo<Backend>& info) { return std::string(test::backend_name(info.param)); });

}  // namespace
}  // namespace bomwatch::store
