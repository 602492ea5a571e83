// Flow control's admission rules (runtime/store/run_flow.h): the start order of priority with
// aging, the throttle's sliding window, the debounce deadline, the rate limit, and the run
// fields newRun evaluates from a workflow's IR and the run's input.
#include "tests/unit/runtime_test_util.h"

namespace locus::test {
namespace {

using rt::Json;

TEST(RuntimeFlow, PriorityWithAgingOrdersByEffectivePriority) {
  const int64_t aging = 10000;
  // A run of priority 0 created at 0 and one of priority 5 created at t: the older one starts
  // first once it has waited 5 agings more (effective priority p + waited / aging).
  EXPECT_LT(rt::startRank(10000, 5, aging), rt::startRank(0, 0, aging));
  EXPECT_EQ(rt::startRank(50000, 5, aging), rt::startRank(0, 0, aging)); // a tie: insertion order
  EXPECT_GT(rt::startRank(50001, 5, aging), rt::startRank(0, 0, aging));
  // Never starved: the lowest priority passes every newcomer of the highest after 2000 agings.
  EXPECT_LT(rt::startRank(0, -1000, aging), rt::startRank(2000 * aging + 1, 1000, aging));
  EXPECT_EQ(rt::clampPriority(5000), 1000);
  EXPECT_EQ(rt::clampPriority(-1e9), -1000);
  EXPECT_EQ(rt::clampPriority(2.9), 2);
}

TEST(RuntimeFlow, ThrottleAdmitsUpToTheLimitPerSlidingWindow) {
  const int64_t now = 100000, period = 60000;
  EXPECT_TRUE(rt::throttleAdmission({}, 0, 2, period, now).admit);
  EXPECT_TRUE(rt::throttleAdmission({90000}, 0, 2, period, now).admit);
  rt::ThrottleDecision full = rt::throttleAdmission({50000, 90000}, 0, 2, period, now);
  EXPECT_FALSE(full.admit);
  EXPECT_EQ(full.notBeforeMs, 110000); // the start at 50000 leaves the window then
  // Starts older than the window do not count.
  EXPECT_TRUE(rt::throttleAdmission({30000, 40000}, 0, 2, period, now).admit);
  // A ready run ahead takes the free slot; this one waits for the next one.
  rt::ThrottleDecision behind = rt::throttleAdmission({50000}, 1, 2, period, now);
  EXPECT_FALSE(behind.admit);
  EXPECT_EQ(behind.notBeforeMs, 110000);
  // Only runs ahead, no start to wait for: refused without a time.
  rt::ThrottleDecision queue = rt::throttleAdmission({}, 3, 2, period, now);
  EXPECT_FALSE(queue.admit);
  EXPECT_EQ(queue.notBeforeMs, 0);
}

TEST(RuntimeFlow, DebounceStartsAPeriodAfterTheLastRunButNotAfterTheTimeout) {
  EXPECT_EQ(rt::debounceStartMs(1000, 500, 0, 0), 1500);
  EXPECT_EQ(rt::debounceStartMs(1000, 500, 2000, 900), 1500); // the timeout is far
  EXPECT_EQ(rt::debounceStartMs(2700, 500, 2000, 900), 2900); // capped at first + timeout
  EXPECT_EQ(rt::debounceStartMs(5000, 500, 2000, 900), 5000); // past the cap: at once
  EXPECT_FALSE(rt::rateLimited(2, 3));
  EXPECT_TRUE(rt::rateLimited(3, 3));
}

TEST(RuntimeFlow, ConfigRoundTripsThroughTheStoreForm) {
  rt::RunFlow f;
  f.priority = 7;
  f.agingMs = 2000;
  f.throttleKey = "W:1";
  f.throttleLimit = 3;
  f.throttlePeriodMs = 60000;
  f.debounceKey = "W";
  f.debouncePeriodMs = 500;
  f.debounceTimeoutMs = 4000;
  f.debounceFirstMs = 123;
  rt::RunFlow back;
  rt::readFlowConfig(rt::flowConfig(f), back);
  EXPECT_EQ(back.priority, 7);
  EXPECT_EQ(back.agingMs, 2000);
  EXPECT_EQ(back.throttleLimit, 3);
  EXPECT_EQ(back.throttlePeriodMs, 60000);
  EXPECT_EQ(back.debouncePeriodMs, 500);
  EXPECT_EQ(back.debounceTimeoutMs, 4000);
  EXPECT_EQ(back.debounceFirstMs, 123);
  EXPECT_EQ(back.rateLimit, 0);
}

TEST(RuntimeFlow, NewRunEvaluatesKeysAndPriorityFromTheInput) {
  RuntimeHarness h(R"(
workflow Notify {
  input { customerId: Integer, tier: String }
  throttle { limit: 2, period: 1m, key: input.customerId }
  rateLimit { limit: 5, period: 1h, key: tier }
  debounce { period: 2s, timeout: 10s }
  priority { value: tier == "gold" ? 100 : 0, aging: 5s }
  steps {
    run record("n", 1)
  }
}
)");
  rt::RunRecord r = rt::newRun(*h.program, "Notify", {{"customerId", 7}, {"tier", "gold"}}, "x");
  EXPECT_EQ(r.flow.throttleKey, "Notify:7");
  EXPECT_EQ(r.flow.throttleLimit, 2);
  EXPECT_EQ(r.flow.throttlePeriodMs, 60000);
  EXPECT_EQ(r.flow.rateKey, "Notify:gold");
  EXPECT_EQ(r.flow.rateLimit, 5);
  EXPECT_EQ(r.flow.ratePeriodMs, 3600000);
  EXPECT_EQ(r.flow.debounceKey, "Notify"); // no key: one per workflow
  EXPECT_EQ(r.flow.debouncePeriodMs, 2000);
  EXPECT_EQ(r.flow.debounceTimeoutMs, 10000);
  EXPECT_EQ(r.flow.priority, 100);
  EXPECT_EQ(r.flow.agingMs, 5000);
  rt::RunRecord plain = rt::newRun(*h.program, "Notify", {{"customerId", 8}, {"tier", "x"}}, "y");
  EXPECT_EQ(plain.flow.priority, 0);
  EXPECT_EQ(plain.flow.throttleKey, "Notify:8");
}

// Child runs: a rate limit skips the child and fails the parent's step with a catchable error;
// a debounce never delays a child (its parent waits for it).
TEST(RuntimeFlow, ChildRunsAreRateLimitedButNeverDebounced) {
  RuntimeHarness h(R"(
workflow Limited {
  input { k: Integer }
  rateLimit { limit: 1, period: 1h, key: k }
  steps { return k }
}

workflow Quiet {
  debounce { period: 1h }
  steps { return 7 }
}

workflow Parent {
  steps {
    try {
      const got = run Limited(k: 1)
      run record("child", got)
    } catch e {
      run record("skipped", 1)
    }
    const q = run Quiet()
    return q
  }
}
)");
  rt::RunOutcome first = h.run("Parent");
  EXPECT_EQ(first.status, "completed");
  EXPECT_EQ(first.output, 7); // the debounced child ran at once
  rt::RunOutcome second = h.run("Parent");
  EXPECT_EQ(second.status, "completed");
  EXPECT_EQ(h.rows("Ledger").size(), 2u);
  EXPECT_EQ(h.rows("Ledger")[1]["note"], "skipped");
}

} // namespace
} // namespace locus::test
