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

// 2026-01-15 08:00 UTC is 09:00 in Paris (CET, UTC+1) and 17:00 in Tokyo (UTC+9).
constexpr int64_t kJan15At0800Utc = 1768464000000;

TEST(RuntimeCron, ATimeZoneReadsTheFieldsInItsLocalTime) {
  EXPECT_TRUE(cronMatches("0 9 * * *", kJan15At0800Utc, "Europe/Paris"));
  EXPECT_FALSE(cronMatches("0 9 * * *", kJan15At0800Utc));
  EXPECT_TRUE(cronMatches("0 8 * * *", kJan15At0800Utc, "UTC"));
  EXPECT_TRUE(cronMatches("0 17 15 jan thu", kJan15At0800Utc, "Asia/Tokyo"));
  EXPECT_FALSE(cronMatches("0 9 * * *", kJan15At0800Utc, "Mars/Olympus_Mons"));
  EXPECT_TRUE(knownTimeZone("America/New_York"));
  EXPECT_TRUE(knownTimeZone(""));
  EXPECT_FALSE(knownTimeZone("Mars/Olympus_Mons"));
}

// Paris, 2026: clocks go from 02:00 to 03:00 on 29 March (01:00 UTC) and from 03:00 back to
// 02:00 on 25 October (01:00 UTC).
constexpr int64_t kMar29At0000Utc = 1774742400000;
constexpr int64_t kOct25At0000Utc = 1792886400000;

TEST(RuntimeCron, ALocalTimeThatDaylightSavingSkipsNeverFiresAndARepeatedOneFiresOnce) {
  int fired = 0;
  for (int64_t m = kMar29At0000Utc; m < kMar29At0000Utc + 4 * 3600000; m += kMinute)
    fired += cronMatches("30 2 * * *", m, "Europe/Paris");
  EXPECT_EQ(fired, 0);
  fired = 0;
  int64_t first = 0;
  for (int64_t m = kOct25At0000Utc; m < kOct25At0000Utc + 4 * 3600000; m += kMinute)
    if (cronMatches("30 2 * * *", m, "Europe/Paris")) {
      ++fired;
      if (!first) first = m;
    }
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(first, kOct25At0000Utc + 30 * kMinute); // 02:30 CEST = 00:30 UTC
}

TEST(RuntimeCron, NextMinuteIsFoundInTheZone) {
  std::optional<int64_t> next = nextCronMinute("0 9 * * *", kJan15At0800Utc, "Asia/Tokyo");
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, kJan15At0800Utc + 16 * 3600000);            // 09:00 JST on the 16th = 00:00 UTC
  EXPECT_FALSE(nextCronMinute("0 0 30 2 *", kJan15At0800Utc)); // 30 February never comes
}

} // namespace
} // namespace locus::rt
