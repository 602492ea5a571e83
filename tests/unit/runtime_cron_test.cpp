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

} // namespace
} // namespace locus::rt
