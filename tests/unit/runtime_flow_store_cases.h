// Flow control against a real store, shared by the SQLite and the PostgreSQL store tests: the
// same cases must hold on both. Each takes a fresh store. Times are real: a case waits for a
// condition (a debounce window, a throttle window) by polling, never by a fixed sleep.
#pragma once

#include "runtime/store/store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

namespace locus::test::flow_cases {

inline rt::RunRecord flowRun(const std::string& id, const rt::Json& input = {{"x", 1}}) {
  rt::RunRecord r;
  r.id = id;
  r.workflow = "W";
  r.programHash = "h";
  r.input = input;
  return r;
}

inline bool eventually(const std::function<bool()>& pred, int timeoutMs = 10000) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

inline const auto kAlive = [](const std::string&) { return false; };

inline void rateLimitSkipsRunsOverTheLimitPerKey(rt::Store& store) {
  auto limited = [](const std::string& id, const std::string& key) {
    rt::RunRecord r = flowRun(id);
    r.flow.rateKey = key;
    r.flow.rateLimit = 2;
    r.flow.ratePeriodMs = 60000;
    return r;
  };
  EXPECT_TRUE(store.createRun(limited("a", "W:1")));
  EXPECT_TRUE(store.createRun(limited("b", "W:1")));
  EXPECT_TRUE(store.createRun(limited("c", "W:1")));  // created, as skipped
  EXPECT_FALSE(store.createRun(limited("c", "W:1"))); // still idempotent on the ID
  EXPECT_TRUE(store.createRun(limited("d", "W:2")));  // another key has its own budget
  EXPECT_EQ(store.getRun("a")->status, "queued");
  std::optional<rt::RunRecord> c = store.getRun("c");
  EXPECT_EQ(c->status, "skipped");
  EXPECT_EQ(c->error.value("reason", ""), "rateLimited");
  EXPECT_EQ(store.getRun("d")->status, "queued");
  int64_t ahead = 0;
  EXPECT_FALSE(store.claimRun("c", "o", 60000, kAlive, &ahead)); // a skipped run never starts
  for (const rt::RunRecord& r : store.runnableRuns(rt::nowMs(), 10)) EXPECT_NE(r.id, "c");
}

inline rt::RunRecord debounced(const std::string& id, int64_t periodMs, int64_t timeoutMs = 0) {
  rt::RunRecord r = flowRun(id);
  r.flow.debounceKey = "W:k";
  r.flow.debouncePeriodMs = periodMs;
  r.flow.debounceTimeoutMs = timeoutMs;
  return r;
}

inline void debounceReplacesTheRunsOfItsKeyThatHaveNotStarted(rt::Store& store) {
  int64_t before = rt::nowMs();
  ASSERT_TRUE(store.createRun(debounced("a", 300)));
  std::optional<rt::RunRecord> a = store.getRun("a");
  EXPECT_EQ(a->status, "queued");
  EXPECT_EQ(a->waitReason, "debounced");
  EXPECT_GE(a->notBeforeMs, before + 300);
  int64_t ahead = 0;
  EXPECT_FALSE(store.claimRun("a", "o", 60000, kAlive, &ahead)); // inside its window
  EXPECT_GE(ahead, 1);
  ASSERT_TRUE(store.createRun(debounced("b", 300)));
  a = store.getRun("a");
  EXPECT_EQ(a->status, "skipped");
  EXPECT_EQ(a->error.value("replacedBy", ""), "b");
  EXPECT_FALSE(store.claimRun("a", "o", 60000, kAlive, &ahead));
  std::optional<rt::RunRecord> b = store.getRun("b");
  EXPECT_EQ(b->flow.debounceFirstMs, store.getRun("a")->createdMs); // the burst began with a
  // b starts once its window passed, and not before.
  ASSERT_TRUE(eventually([&] {
    bool listed = false;
    for (const rt::RunRecord& r : store.runnableRuns(rt::nowMs(), 10)) listed |= r.id == "b";
    return listed;
  }));
  ASSERT_TRUE(store.claimRun("b", "o", 60000, kAlive, &ahead));
  EXPECT_GE(rt::nowMs(), b->notBeforeMs);
  // A started run is never replaced: the next run of the key waits a window of its own.
  ASSERT_TRUE(store.createRun(debounced("c", 300)));
  EXPECT_EQ(store.getRun("b")->status, "running");
  EXPECT_EQ(store.getRun("c")->status, "queued");
}

inline void debounceTimeoutCapsTheDelayOfABurst(rt::Store& store) {
  // A period longer than the timeout after the burst's first run: the last run starts at
  // first + timeout, however new it is.
  ASSERT_TRUE(store.createRun(debounced("a", 60000, 400)));
  int64_t first = store.getRun("a")->createdMs;
  EXPECT_EQ(store.getRun("a")->notBeforeMs, first + 400);
  ASSERT_TRUE(store.createRun(debounced("b", 60000, 400)));
  EXPECT_EQ(store.getRun("b")->notBeforeMs, first + 400);
  int64_t ahead = 0;
  ASSERT_TRUE(eventually([&] { return store.claimRun("b", "o", 60000, kAlive, &ahead); }));
  EXPECT_GE(rt::nowMs(), first + 400);
}

inline void throttleDelaysStartsBeyondTheLimitPerWindow(rt::Store& store) {
  auto throttled = [](const std::string& id) {
    rt::RunRecord r = flowRun(id);
    r.flow.throttleKey = "W:t";
    r.flow.throttleLimit = 2;
    r.flow.throttlePeriodMs = 400;
    return r;
  };
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(store.createRun(throttled(id)));
  int64_t ahead = 0;
  // c ranks behind a and b, which are ready: it is refused while they have not started.
  EXPECT_FALSE(store.claimRun("c", "o", 60000, kAlive, &ahead));
  EXPECT_EQ(ahead, 3);
  ASSERT_TRUE(store.claimRun("a", "o", 60000, kAlive, &ahead));
  ASSERT_TRUE(store.claimRun("b", "o", 60000, kAlive, &ahead));
  store.finishRun("a", "o", "completed", nullptr, nullptr, 0); // ending frees no throttle slot
  EXPECT_FALSE(store.claimRun("c", "o", 60000, kAlive, &ahead));
  std::optional<rt::RunRecord> c = store.getRun("c");
  EXPECT_EQ(c->waitReason, "throttled");
  EXPECT_EQ(c->notBeforeMs, store.getRun("a")->startedMs + 400);
  for (const rt::RunRecord& r : store.runnableRuns(rt::nowMs(), 10)) EXPECT_NE(r.id, "c");
  ASSERT_TRUE(eventually([&] { return store.claimRun("c", "o", 60000, kAlive, &ahead); }));
  EXPECT_GE(rt::nowMs(), c->notBeforeMs);
  EXPECT_EQ(store.getRun("c")->waitReason, "");
  // A run that waits (a timer) and wakes up is not a new start: the throttle lets it continue.
  store.finishRun("c", "o", "waiting", nullptr, nullptr, 1);
  ASSERT_TRUE(store.createRun(throttled("d")));
  ASSERT_TRUE(store.claimRun("c", "o", 60000, kAlive, &ahead));
}

inline void priorityOrdersRunnableRunsAndTheQueueOfAGroup(rt::Store& store) {
  auto prioritized = [](const std::string& id, int64_t priority) {
    rt::RunRecord r = flowRun(id);
    r.group = "g";
    r.limit = 1;
    r.flow.priority = priority;
    r.flow.agingMs = 60000;
    return r;
  };
  ASSERT_TRUE(store.createRun(prioritized("low", 0)));
  ASSERT_TRUE(store.createRun(prioritized("mid", 5)));
  ASSERT_TRUE(store.createRun(prioritized("high", 10)));
  std::vector<std::string> order;
  for (const rt::RunRecord& r : store.runnableRuns(rt::nowMs(), 10)) order.push_back(r.id);
  EXPECT_EQ(order, (std::vector<std::string>{"high", "mid", "low"}));
  int64_t ahead = 0;
  EXPECT_FALSE(store.claimRun("low", "o", 60000, kAlive, &ahead)); // older, but lower
  EXPECT_EQ(ahead, 2);
  ASSERT_TRUE(store.claimRun("high", "o", 60000, kAlive, &ahead));
  store.finishRun("high", "o", "completed", nullptr, nullptr, 0);
  EXPECT_FALSE(store.claimRun("low", "o", 60000, kAlive, &ahead));
  ASSERT_TRUE(store.claimRun("mid", "o", 60000, kAlive, &ahead));
  EXPECT_EQ(store.getRun("mid")->flow.priority, 5);
}

inline void flowControlAppliesToDeliveredAndScheduledRuns(rt::Store& store) {
  auto limited = [](const std::string& id) {
    rt::RunRecord r = flowRun(id);
    r.flow.rateKey = "W";
    r.flow.rateLimit = 1;
    r.flow.ratePeriodMs = 60000;
    return r;
  };
  auto tx = store.begin();
  tx->publish({0, "r/s", "topic", {{"x", 1}}, "", 0, 0, ""});
  tx->commit();
  std::vector<rt::QueueMessage> pending = store.pendingMessages(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_TRUE(store.deliverMessage(pending[0].seq, {limited("m1")}));
  EXPECT_TRUE(store.advanceSchedule("W * * * * *", 60000, {limited("cron1")}));
  EXPECT_EQ(store.getRun("m1")->status, "queued");
  EXPECT_EQ(store.getRun("cron1")->status, "skipped");
}

// Every case by name, for the parameterised tests of each store.
struct Case {
  const char* name;
  void (*run)(rt::Store&);
};
inline const std::vector<Case>& allCases() {
  static const std::vector<Case> cases = {
      {"RateLimitSkipsRunsOverTheLimitPerKey", rateLimitSkipsRunsOverTheLimitPerKey},
      {"DebounceReplacesTheRunsOfItsKeyThatHaveNotStarted",
       debounceReplacesTheRunsOfItsKeyThatHaveNotStarted},
      {"DebounceTimeoutCapsTheDelayOfABurst", debounceTimeoutCapsTheDelayOfABurst},
      {"ThrottleDelaysStartsBeyondTheLimitPerWindow", throttleDelaysStartsBeyondTheLimitPerWindow},
      {"PriorityOrdersRunnableRunsAndTheQueueOfAGroup",
       priorityOrdersRunnableRunsAndTheQueueOfAGroup},
      {"FlowControlAppliesToDeliveredAndScheduledRuns",
       flowControlAppliesToDeliveredAndScheduledRuns},
  };
  return cases;
}
inline std::string caseName(const ::testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

} // namespace locus::test::flow_cases
