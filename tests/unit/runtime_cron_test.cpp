#include "runtime/engine/cron_catch_up.h"
#include "runtime/engine/cron_schedule.h"

#include <gtest/gtest.h>

namespace locus::rt {
namespace {

// 2026-11-22 is a Sunday; 22:35 UTC.
constexpr int64_t kSunday2235 = 1795386900000;

TEST(RuntimeCron, MatchesMinutesHoursStepsRangesAndNames) {
  EXPECT_TRUE(cronMatches("* * * * *", kSunday2235));
  EXPECT_TRUE(cronMatches("35 22 * * *", kSunday2235));
  EXPECT_FALSE(cronMatches("36 22 * * *", kSunday2235));
  EXPECT_TRUE(cronMatches("*/5 * * * *", kSunday2235));
  EXPECT_FALSE(cronMatches("*/10 * * * *", kSunday2235));
  EXPECT_TRUE(cronMatches("30-40/5 20-23 * nov sun", kSunday2235));
  EXPECT_TRUE(cronMatches("35 22 * * 7", kSunday2235)); // 7 is Sunday too
  EXPECT_FALSE(cronMatches("35 22 * * mon-fri", kSunday2235));
  EXPECT_TRUE(cronMatches("35 22 1 * sun", kSunday2235)); // day-of-month OR day-of-week
  EXPECT_FALSE(cronMatches("not a cron", kSunday2235));
}

constexpr int64_t kMinute = 60000;

TEST(RuntimeCron, FirstStartFiresOnlyTheCurrentMinute) {
  EXPECT_EQ(cronMinutesToFire("* * * * *", std::nullopt, kSunday2235, 10),
            std::vector<int64_t>{kSunday2235});
  EXPECT_TRUE(cronMinutesToFire("36 22 * * *", std::nullopt, kSunday2235, 10).empty());
}

TEST(RuntimeCron, AfterDowntimeTheDefaultFiresOnlyTheLatestMissedMinute) {
  // Handled through 22:00; now 22:35; "*/10" matched 22:10, 22:20 and 22:30 meanwhile.
  int64_t mark = kSunday2235 - 35 * kMinute;
  EXPECT_EQ(cronMinutesToFire("*/10 * * * *", mark, kSunday2235, 1),
            std::vector<int64_t>{kSunday2235 - 5 * kMinute});
  EXPECT_EQ(cronMinutesToFire("*/10 * * * *", mark, kSunday2235, 2),
            (std::vector<int64_t>{kSunday2235 - 15 * kMinute, kSunday2235 - 5 * kMinute}));
  EXPECT_EQ(cronMinutesToFire("*/10 * * * *", mark, kSunday2235, 100).size(), 3u);
  // 22:00 itself was already handled.
  EXPECT_EQ(cronMinutesToFire("*/10 * * * *", mark, kSunday2235, 100).front(),
            kSunday2235 - 25 * kMinute);
}

TEST(RuntimeCron, NothingFiresTwiceOrBeforeTheMark) {
  EXPECT_TRUE(cronMinutesToFire("* * * * *", kSunday2235, kSunday2235, 5).empty());
  EXPECT_TRUE(cronMinutesToFire("* * * * *", kSunday2235 + kMinute, kSunday2235, 5).empty());
  EXPECT_EQ(cronMinutesToFire("* * * * *", kSunday2235 - kMinute, kSunday2235, 5),
            std::vector<int64_t>{kSunday2235});
}

TEST(RuntimeCron, MissedMinutesOlderThanTheLookbackAreNotFired) {
  // A yearly schedule whose mark is two years old: only the last year is searched.
  int64_t twoYears = 2 * 366LL * 24 * 60 * kMinute;
  std::vector<int64_t> fired =
      cronMinutesToFire("0 0 1 1 *", kSunday2235 - twoYears, kSunday2235, 5);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_GE(fired[0], kSunday2235 - kCronLookbackMinutes * kMinute);
}

} // namespace
} // namespace locus::rt
