// `on:schedule` options end to end through `locus worker --once`: the overlap policies (skip,
// buffer, cancel) against a scheduled run that is still waiting, pause and resume with
// `locus schedules`, a jittered start, and a time zone's next minute. A run "from an earlier
// minute" is made by renaming the first run in the store, and a missed minute by setting the
// schedule's mark back. About 3 s.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>


#include <chrono>

namespace locus::test {
namespace {

using nlohmann::json;

const char* kScheduled = R"(
workflow HeldSkip {
  trigger { on:schedule("* * * * *", overlap: skip) }
  steps {
    wait_for go { signal: "go" }
  }
}

workflow HeldBuffer {
  trigger { on:schedule("* * * * *", overlap: buffer) }
  steps {
    wait_for go { signal: "go" }
  }
}

workflow HeldCancel {
  trigger { on:schedule("* * * * *", overlap: cancel) }
  steps {
    try {
      wait_for go { signal: "go" }
    } finally {
      run record("cancel-finally", 1)
    }
  }
}

workflow Jittery {
  trigger { on:schedule("* * * * *", jitter: 50s) }
  steps {
    run record("jitter", 1)
  }
}

workflow Tokyo {
  trigger { on:schedule("0 9 * * *", timezone: "Asia/Tokyo") }
  steps {
    run record("tokyo", 1)
  }
}
)";

int64_t currentMinute() {
  using namespace std::chrono;
  return duration_cast<minutes>(system_clock::now().time_since_epoch()).count();
}

// The line of `locus schedules --json` output for `workflow` (null when absent).
json scheduleOf(const std::string& out, const std::string& workflow) {
  for (size_t at = 0, end; (end = out.find('\n', at)) != std::string::npos; at = end + 1) {
    json j = json::parse(out.substr(at, end - at));
    if (j["workflow"] == workflow) return j;
  }
  return nullptr;
}

struct ScheduleProject : RuntimeProject {
  ScheduleProject() { write("schedules.locus", kScheduled); }
  std::string runs(const std::string& workflow, const std::string& status = "") const {
    return sql("SELECT count(*) FROM locus_runs WHERE workflow = '" + workflow + "'" +
               (status.empty() ? "" : " AND status = '" + status + "'"));
  }
  // The first run of `workflow` becomes a run of an earlier minute, and that minute was missed.
  void ageFirstRun(const std::string& workflow) const {
    std::string old = "cron-" + workflow + "-1";
    exec("UPDATE locus_checkpoints SET run_id = '" + old + "' WHERE run_id IN (SELECT id FROM " +
         "locus_runs WHERE workflow = '" + workflow + "'); UPDATE locus_runs SET id = '" + old +
         "' WHERE workflow = '" + workflow + "'; UPDATE locus_schedules SET through_minute = " +
         std::to_string((currentMinute() - 1) * 60000) + " WHERE schedule LIKE '" + workflow +
         " %';");
  }
};

TEST(RuntimeScheduleOptions, OverlapSkipBufferAndCancelAgainstARunThatIsStillGoing) {
  ScheduleProject p;
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  for (const char* wf : {"HeldSkip", "HeldBuffer", "HeldCancel"}) {
    ASSERT_EQ(p.runs(wf, "waiting"), "1") << wf;
    p.ageFirstRun(wf);
  }
  ProcessResult r = p.locus("worker --once --project .");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // skip: nothing new, and the minute is handled.
  EXPECT_NE(r.err.find("HeldSkip skipped a scheduled run: run cron-HeldSkip-1 has not ended"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(p.runs("HeldSkip"), "1");
  // cancel: the old run was cancelled (its finally ran) and a new one waits.
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'cron-HeldCancel-1'"), "cancelled");
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'cancel-finally'"), "1");
  EXPECT_EQ(p.runs("HeldCancel", "waiting"), "1");
  // buffer: nothing yet; once the running one ends, the missed minute fires once.
  EXPECT_EQ(p.runs("HeldBuffer"), "1");
  ASSERT_EQ(p.locus("signal cron-HeldBuffer-1 go").exitCode, 0);
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  EXPECT_EQ(p.sql("SELECT status FROM locus_runs WHERE id = 'cron-HeldBuffer-1'"), "completed");
  EXPECT_EQ(p.runs("HeldBuffer"), "2");
  EXPECT_EQ(p.runs("HeldBuffer", "waiting"), "1");
}

TEST(RuntimeScheduleOptions, APausedScheduleStartsNothingUntilResumed) {
  ScheduleProject p;
  ProcessResult paused = p.locus("schedules pause Jittery --reason maintenance");
  ASSERT_EQ(paused.exitCode, 0) << paused.err;
  ProcessResult list = p.locus("schedules --json");
  ASSERT_EQ(list.exitCode, 0) << list.err;
  json jittery = scheduleOf(list.out, "Jittery");
  ASSERT_TRUE(jittery.is_object()) << list.out;
  EXPECT_EQ(jittery["paused"]["reason"], "maintenance");
  EXPECT_EQ(jittery["jitterMs"], 50000);
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  EXPECT_EQ(p.runs("Jittery"), "0");
  EXPECT_NE(
      p.sql("SELECT through_minute FROM locus_schedules WHERE schedule = 'Jittery * * * * *'"),
      ""); // the mark moved on: minutes missed while paused never fire later
  EXPECT_EQ(p.locus("schedules resume Jittery").exitCode, 0);
  EXPECT_EQ(p.locus("schedules pause Nobody").exitCode, 2);
  EXPECT_EQ(p.locus("schedules stop Jittery").exitCode, 2);
  p.exec("UPDATE locus_schedules SET through_minute = " +
         std::to_string((currentMinute() - 1) * 60000) + " WHERE schedule = 'Jittery * * * * *'");
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  EXPECT_EQ(p.runs("Jittery"), "1");
}

TEST(RuntimeScheduleOptions, AJitteredRunStartsWithinItsDelayAndAZoneShiftsTheNextMinute) {
  ScheduleProject p;
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  std::string id = p.sql("SELECT id FROM locus_runs WHERE workflow = 'Jittery'");
  ASSERT_FALSE(id.empty());
  int64_t minuteMs = std::stoll(id.substr(id.rfind('-') + 1)) * 60000;
  std::string wake = p.sql("SELECT wake_at FROM locus_runs WHERE id = '" + id + "'");
  std::string status = p.sql("SELECT status FROM locus_runs WHERE id = '" + id + "'");
  if (status == "waiting") { // not yet due: held back by its jitter
    int64_t delay = std::stoll(wake) - minuteMs;
    EXPECT_GE(delay, 0);
    EXPECT_LE(delay, 50000);
  } else {
    EXPECT_EQ(status, "completed");
  }
  ProcessResult list = p.locus("schedules --json");
  ASSERT_EQ(list.exitCode, 0) << list.err;
  json tokyo = scheduleOf(list.out, "Tokyo");
  ASSERT_TRUE(tokyo.is_object()) << list.out;
  EXPECT_EQ(tokyo["timezone"], "Asia/Tokyo");
  EXPECT_EQ(tokyo["next"].get<int64_t>() % 86400000, 0); // 09:00 in Tokyo is 00:00 UTC
}

} // namespace
} // namespace locus::test
