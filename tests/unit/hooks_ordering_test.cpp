// Per-hook plugin order (buckets, before/after as a Boost.Graph DAG, cycles) and the host-side
// filters with their globs.
#include "hooks/ordering/glob.h"
#include "hooks/ordering/hook_filter.h"
#include "hooks/ordering/hook_order.h"

#include <chrono>
#include <gtest/gtest.h>

using namespace locus::hooks;

namespace {
using Names = std::vector<std::string>;
OrderEntry entry(std::string name, OrderBucket b = OrderBucket::Normal, Names before = {},
                 Names after = {}) {
  return {std::move(name), b, std::move(before), std::move(after)};
}
} // namespace

TEST(HooksOrdering, BucketsThenDiscoveryOrder) {
  HookOrder o = orderSubscribers("onPreGenerate", {entry("c", OrderBucket::Post), entry("a"),
                                                   entry("b", OrderBucket::Pre), entry("d"),
                                                   entry("e", OrderBucket::Pre)});
  ASSERT_FALSE(o.cycle);
  EXPECT_EQ(o.plugins, (Names{"b", "e", "a", "d", "c"}));
}

TEST(HooksOrdering, BeforeAndAfterWithinABucket) {
  // Discovery order a b c d; constraints: a after c, d before b.
  HookOrder o =
      orderSubscribers("onPreParse", {entry("a", OrderBucket::Normal, {}, {"c"}), entry("b"),
                                      entry("c"), entry("d", OrderBucket::Normal, {"b"})});
  ASSERT_FALSE(o.cycle);
  EXPECT_EQ(o.plugins, (Names{"c", "a", "d", "b"}));
}

TEST(HooksOrdering, ChainedBeforeIsResolvedCorrectly) {
  // webpack/tapable#168: "A before B before C" resolved to B, A, C there. A DAG gets it right.
  HookOrder o =
      orderSubscribers("onPostGenerate", {entry("C"), entry("B", OrderBucket::Normal, {"C"}),
                                          entry("A", OrderBucket::Normal, {"B"})});
  EXPECT_EQ(o.plugins, (Names{"A", "B", "C"}));
}

TEST(HooksOrdering, ConstraintsOnAbsentPluginsAreIgnored) {
  HookOrder o = orderSubscribers(
      "onPostValidate",
      {entry("a", OrderBucket::Normal, {"ghost"}, {"not-subscribed"}), entry("b")});
  ASSERT_FALSE(o.cycle);
  EXPECT_EQ(o.plugins, (Names{"a", "b"}));
}

TEST(HooksOrdering, TheOrderIsDeterministic) {
  std::vector<OrderEntry> entries;
  for (int i = 0; i < 50; ++i)
    entries.push_back(entry("p" + std::to_string(i), static_cast<OrderBucket>(i % 3),
                            i % 7 == 0 ? Names{"p" + std::to_string(i + 3)} : Names{}));
  HookOrder first = orderSubscribers("onPreGenerate", entries);
  ASSERT_FALSE(first.cycle);
  ASSERT_EQ(first.plugins.size(), 50u);
  for (int run = 0; run < 5; ++run)
    EXPECT_EQ(orderSubscribers("onPreGenerate", entries).plugins, first.plugins);
}

TEST(HooksOrdering, ACycleNamesThePluginsOnIt) {
  HookOrder o = orderSubscribers(
      "onPreGenerate",
      {entry("x"), entry("a", OrderBucket::Normal, {"b"}), entry("b", OrderBucket::Normal, {"c"}),
       entry("c", OrderBucket::Normal, {}, {"x"}), entry("x2", OrderBucket::Normal, {}, {"c"}),
       entry("d", OrderBucket::Normal, {"a"}, {"b"})});
  ASSERT_TRUE(o.cycle);
  EXPECT_TRUE(o.plugins.empty());
  std::vector<std::string> sorted = o.cycle->plugins;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (Names{"a", "b", "d"}));
  EXPECT_NE(o.cycle->message.find("ordering cycle on onPreGenerate"), std::string::npos);
  EXPECT_NE(o.cycle->message.find("'d' declares before: a"), std::string::npos) << o.cycle->message;
  EXPECT_NE(o.cycle->message.find("'d' declares after: b"), std::string::npos) << o.cycle->message;
}

TEST(HooksOrdering, AConstraintAgainstTheBucketsIsACycle) {
  // 'late' is post but says it must run before 'early', which is pre.
  HookOrder o = orderSubscribers("onPreParse", {entry("early", OrderBucket::Pre),
                                                entry("late", OrderBucket::Post, {"early"})});
  ASSERT_TRUE(o.cycle);
  std::vector<std::string> sorted = o.cycle->plugins;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (Names{"early", "late"}));
  EXPECT_NE(o.cycle->message.find("'late' has order post"), std::string::npos) << o.cycle->message;
  EXPECT_NE(o.cycle->message.find("'early' has order pre"), std::string::npos) << o.cycle->message;
  // The same constraint in the direction of the buckets is simply satisfied.
  HookOrder fine = orderSubscribers(
      "onPreParse", {entry("late", OrderBucket::Post), entry("early", OrderBucket::Pre, {"late"})});
  EXPECT_EQ(fine.plugins, (Names{"early", "late"}));
}

TEST(HooksOrdering, HundredsOfPluginsOrderQuickly) {
  std::vector<OrderEntry> entries;
  for (int i = 0; i < 500; ++i)
    entries.push_back(entry("p" + std::to_string(i), OrderBucket::Normal, {},
                            i ? Names{"p" + std::to_string(i - 1)} : Names{}));
  auto start = std::chrono::steady_clock::now();
  HookOrder o = orderSubscribers("onPreGenerate", entries);
  auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(o.plugins.size(), 500u);
  EXPECT_EQ(o.plugins.front(), "p0");
  EXPECT_EQ(o.plugins.back(), "p499");
  EXPECT_LT(ms, 200.0);
}

TEST(HooksGlob, MatchesTable) {
  struct Case {
    const char* pattern;
    const char* text;
    bool expected;
  } cases[] = {
      {"*.locus", "app.locus", true},
      {"*.locus", "src/app.locus", false},
      {"**/*.locus", "src/app.locus", true},
      {"**/*.locus", "app.locus", true},
      {"**", "a/b/c", true},
      {"src/**", "src/a/b.ts", true},
      {"src/**", "lib/a.ts", false},
      {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/y/b", true},
      {"a/*/b", "a/x/y/b", false},
      {"?.ts", "a.ts", true},
      {"?.ts", "ab.ts", false},
      {"[abc].ts", "b.ts", true},
      {"[a-c].ts", "d.ts", false},
      {"[!a-c].ts", "d.ts", true},
      {"file[.ts", "file[.ts", true},
      {"Home*", "HomePage", true},
      {"Home*", "Admin", false},
      {"slack_post", "slack_post", true},
      {"", "", true},
      {"", "x", false},
      {"python/**", "python/app/main.py", true},
  };
  for (const Case& c : cases)
    EXPECT_EQ(globMatch(c.pattern, c.text), c.expected) << c.pattern << " vs " << c.text;
}

TEST(HooksGlob, PathologicalPatternsStayFast) {
  std::string text(2000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(globMatch("*a*a*a*a*a*a*a*a*a*a*a*b", text));
  EXPECT_FALSE(globMatch("**a**a**a**a**a**a**b", text));
  auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms, 500.0);
}

TEST(HooksFilter, OnlyWhatWasAskedFor) {
  HookFilter f;
  FilterSubject program; // whole-program hooks have nothing to filter on
  EXPECT_TRUE(filterAccepts(f, program));
  f.files = {"**/*.locus"};
  f.steps = {"slack_*"};
  EXPECT_TRUE(filterAccepts(f, program));
  EXPECT_TRUE(filterAccepts(f, FilterSubject::ofFile("app/main.locus")));
  EXPECT_FALSE(filterAccepts(f, FilterSubject::ofFile("README.md")));
  EXPECT_TRUE(filterAccepts(f, FilterSubject::ofStep("Notify", "slack_post")));
  EXPECT_FALSE(filterAccepts(f, FilterSubject::ofStep("Any", "http_request")));
  HookFilter pages;
  pages.pages = {"Admin*"};
  FilterSubject admin = FilterSubject::ofFile("pages/AdminUsers.tsx");
  admin.page = "AdminUsers";
  EXPECT_TRUE(filterAccepts(pages, admin));
  FilterSubject home = FilterSubject::ofFile("pages/Home.tsx");
  home.page = "Home";
  EXPECT_FALSE(filterAccepts(pages, home));
}
