// `locus worker` end to end: cron catch-up after downtime (the schedule mark set back in the
// store), strict FIFO inside a concurrency group, and several runs at once with --concurrency.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>


#include <algorithm>
#include <chrono>
#include <thread>

namespace locus::test {
namespace {

using nlohmann::json;


int64_t currentMinute() {
  using namespace std::chrono;
  return duration_cast<minutes>(system_clock::now().time_since_epoch()).count();
}

// The minutes (epoch minute numbers) of the EveryMinute runs, ascending.
std::vector<int64_t> cronRunMinutes(const RuntimeProject& p) {
  std::vector<int64_t> out;
  std::string ids = p.sql("SELECT group_concat(substr(id, 18), ',') FROM (SELECT id FROM "
                          "locus_runs WHERE workflow = 'EveryMinute' ORDER BY id)");
  size_t pos = 0;
  while (pos < ids.size()) {
    size_t comma = ids.find(',', pos);
    if (comma == std::string::npos) comma = ids.size();
    out.push_back(std::stoll(ids.substr(pos, comma - pos)));
    pos = comma + 1;
  }
  return out;
}

const char* kMark =
    "SELECT through_minute FROM locus_schedules WHERE schedule = 'EveryMinute * * * * *'";

void setMarkBack(const RuntimeProject& p, int64_t minutes) {
  p.exec("UPDATE locus_schedules SET through_minute = " +
                 std::to_string((currentMinute() - minutes) * 60000) +
                 " WHERE schedule = 'EveryMinute * * * * *'");
}

TEST(RuntimeWorker, CronFiresOnlyTheLatestMissedMinuteByDefault) {
  RuntimeProject p;
  int64_t before = currentMinute();
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  int64_t mark = std::stoll(p.sql(kMark)) / 60000;
  EXPECT_GE(mark, before);
  EXPECT_EQ(cronRunMinutes(p).back(), mark);
  // Ten minutes of downtime: the mark is ten minutes old and no run exists for them.
  p.exec("DELETE FROM locus_runs; DELETE FROM locus_checkpoints; DELETE FROM ledgers;");
  setMarkBack(p, 10);
  int64_t start = currentMinute();
  ProcessResult r = p.locus("worker --once");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<int64_t> fired = cronRunMinutes(p);
  ASSERT_EQ(fired.size(), 1u); // only the most recent missed minute, not ten
  EXPECT_GE(fired[0], start);
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'tick'"), "1");
  EXPECT_EQ(std::stoll(p.sql(kMark)) / 60000, fired[0]);
}

TEST(RuntimeWorker, CronCatchUpFiresEveryMissedMinuteOnceEvenWithTwoWorkers) {
  RuntimeProject p;
  ASSERT_EQ(p.locus("worker --once --project .").exitCode, 0);
  p.exec("DELETE FROM locus_runs; DELETE FROM locus_checkpoints; DELETE FROM ledgers;");
  setMarkBack(p, 6);
  int64_t start = currentMinute();
  std::vector<std::thread> workers;
  std::vector<ProcessResult> results(2);
  for (int i = 0; i < 2; ++i)
    workers.emplace_back([&, i] { results[i] = p.locus("worker --once --cron-catch-up 100"); });
  for (std::thread& t : workers) t.join();
  for (const ProcessResult& r : results) ASSERT_EQ(r.exitCode, 0) << r.err;
  std::vector<int64_t> fired = cronRunMinutes(p);
  // The six minutes after the mark (seven if a minute began meanwhile), each once.
  ASSERT_GE(fired.size(), 6u);
  ASSERT_LE(fired.size(), 7u);
  EXPECT_EQ(fired.front(), start - 5);
  for (size_t i = 1; i < fired.size(); ++i) EXPECT_EQ(fired[i], fired[i - 1] + 1);
  // Every run executed exactly once.
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'tick'"),
            std::to_string(fired.size()));
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs WHERE status <> 'completed'"), "0");
  // A worker started again in the same minute fires nothing more.
  ASSERT_EQ(p.locus("worker --once --cron-catch-up 100").exitCode, 0);
  EXPECT_EQ(cronRunMinutes(p).size(), fired.size() + (currentMinute() > fired.back() ? 1 : 0));
}

TEST(RuntimeWorker, RejectsBadWorkerOptions) {
  RuntimeProject p;
  ProcessResult r = p.locus("worker --once --concurrency 0");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--concurrency"), std::string::npos) << r.err;
  r = p.locus("worker --once --cron-catch-up lots");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--cron-catch-up"), std::string::npos) << r.err;
}

constexpr const char* kQueueWorkflows = R"(workflow Produce {
  input { topic: String, items: Integer[] }
  steps {
    forEach item in items {
      queue_publish { topic: topic, payload: { n: item } }
    }
  }
}

workflow InOrder {
  trigger { on:queue(fifo) }
  input { n: Integer }
  steps {
    run record("fifo", n)
  }
  concurrency { group: "fifo", limit: 1 }
}

workflow Slow {
  trigger { on:queue(slow) }
  input { n: Integer }
  steps {
    delay 1s
    run record("slow", n)
  }
}
)";

std::string itemsJson(int count) {
  json items = json::array();
  for (int i = 0; i < count; ++i) items.push_back(i);
  return items.dump();
}

TEST(RuntimeWorker, QueuedRunsOfAGroupStartInTheOrderTheyWereQueued) {
  RuntimeProject p;
  p.write("queue.locus", kQueueWorkflows);
  const int count = 24;
  ProcessResult produced =
      p.locus("run Produce --input '{\"topic\":\"fifo\",\"items\":" + itemsJson(count) + "}'");
  ASSERT_EQ(produced.exitCode, 0) << produced.err;
  // Two workers with four executors each compete for a group of limit 1.
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i)
    workers.emplace_back([&] { p.locus("worker --once --concurrency 4 --quiet"); });
  for (std::thread& t : workers) t.join();
  ASSERT_EQ(p.locus("worker --once --quiet").exitCode, 0); // anything a race left behind
  std::string order = p.sql(
      "SELECT group_concat(amount_cents, ',') FROM (SELECT amount_cents FROM ledgers WHERE note = "
      "'fifo' ORDER BY id)");
  std::string want;
  for (int i = 0; i < count; ++i) want += (i ? "," : "") + std::to_string(i);
  EXPECT_EQ(order, want);
}

TEST(RuntimeWorker, ConcurrencyRunsSeveralRunsAtOnceEachOnce) {
  RuntimeProject p;
  p.write("queue.locus", kQueueWorkflows);
  ASSERT_EQ(
      p.locus("run Produce --input '{\"topic\":\"slow\",\"items\":" + itemsJson(4) + "}'").exitCode,
      0);
  auto t0 = std::chrono::steady_clock::now();
  ProcessResult r = p.locus("worker --once --concurrency 4");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'slow'"), "4");
  EXPECT_EQ(p.sql("SELECT count(DISTINCT amount_cents) FROM ledgers WHERE note = 'slow'"), "4");
  EXPECT_EQ(
      p.sql("SELECT count(*) FROM locus_runs WHERE workflow = 'Slow' AND status = 'completed'"),
      "4");
  // The four 1 s runs overlapped: every run started before any other ended.
  std::vector<std::pair<int64_t, int64_t>> spans;
  std::string ids = p.sql("SELECT group_concat(id, ' ') FROM locus_runs WHERE workflow = 'Slow'");
  std::istringstream in(ids);
  for (std::string id; in >> id;)
    for (const json& e : p.trace(id))
      if (e["kind"] == "workflow") spans.emplace_back(e["startMs"], e["endMs"]);
  ASSERT_EQ(spans.size(), 4u); // one execution each
  int64_t lastStart = 0, firstEnd = INT64_MAX;
  for (auto [start, end] : spans) {
    lastStart = std::max(lastStart, start);
    firstEnd = std::min(firstEnd, end);
  }
  EXPECT_LT(lastStart, firstEnd);
  EXPECT_LT(seconds, 3.5); // one at a time would take more than 4 s
}

} // namespace
} // namespace locus::test
