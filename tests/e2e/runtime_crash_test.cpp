// The crash test: money moves between accounts inside db_tx, which also publishes to a
// queue; `locus` is killed with SIGKILL at random points (while running, while resuming, while a
// worker consumes the queue). After everything is resumed: every run completed, balances are
// conserved and equal what the transfers say (each applied exactly once), and each transfer left
// exactly one message, consumed exactly once.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

// Starts `locus args…` in `dir` and SIGKILLs it after `killAfterMs` (if still running).
// Returns true when it was killed, false when it ended first.
bool runAndKill(const std::string& dir, const std::vector<std::string>& args, int killAfterMs) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> argv{const_cast<char*>(LOCUS_PATH)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(LOCUS_PATH, argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(killAfterMs);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status);
}

struct Transfer {
  std::string id;
  int from, to, amount;
  std::string input() const {
    return "{\"from\":" + std::to_string(from) + ",\"to\":" + std::to_string(to) +
           ",\"amountCents\":" + std::to_string(amount) + "}";
  }
};

TEST(RuntimeCrash, KillNineAtRandomPointsConservesMoneyAndMessages) {
  RuntimeProject p;
  unsigned seed = static_cast<unsigned>(std::random_device{}());
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const int runs = 40;
  std::vector<Transfer> transfers;
  int expected[4] = {0, 10000, 10000, 10000};
  long long moved = 0;
  for (int i = 0; i < runs; ++i) {
    int from = 1 + static_cast<int>(rng() % 3), to = 1 + static_cast<int>((from + rng() % 2) % 3);
    int amount = 1 + static_cast<int>(rng() % 100);
    transfers.push_back({"t" + std::to_string(i), from, to, amount});
    expected[from] -= amount;
    expected[to] += amount;
    moved += amount;
  }
  // The store and schema exist before the kills start (the first run creates them).
  ASSERT_EQ(p.locus("runs --quiet").exitCode, 0);
  // Kill times spread over a whole run (startup, compile, claim, db_tx, later steps, finish).
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(p.locus("run Loops --input '{\"items\":[1]}' --quiet").exitCode, 0);
  int runMs = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count());

  int killed = 0, interruptedMidRun = 0;
  for (int round = 0; round < 2; ++round) {
    for (const Transfer& t : transfers) {
      int when = static_cast<int>(rng() % static_cast<unsigned>(runMs * 6 / 5 + 1));
      killed += runAndKill(
          p.dir, {"run", "CrashTransfer", "--run-id", t.id, "--input", t.input(), "--quiet"}, when);
    }
    interruptedMidRun += std::stoi(p.sql(
        "SELECT count(*) FROM locus_runs WHERE workflow = 'CrashTransfer' AND status = 'running'"));
  }
  EXPECT_GT(interruptedMidRun, 0) << "some kills should land inside a started run";
  // A worker consuming the queue, killed twice.
  for (int i = 0; i < 2; ++i)
    killed += runAndKill(p.dir, {"worker", "--quiet"}, 50 + static_cast<int>(rng() % 300));
  EXPECT_GT(killed, runs / 2) << "the kills should interrupt most runs";
  std::printf("crash test: %d kills, %d inside started runs, run time %d ms\n", killed,
              interruptedMidRun, runMs);

  for (const Transfer& t : transfers) {
    ProcessResult r =
        p.locus("run CrashTransfer --run-id " + t.id + " --input '" + t.input() + "' --quiet");
    EXPECT_EQ(r.exitCode, 0) << t.id << ": " << r.err;
  }
  ProcessResult w = p.locus("worker --once --quiet");
  ASSERT_EQ(w.exitCode, 0) << w.err;

  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs WHERE workflow = 'CrashTransfer' AND status = "
                  "'completed'"),
            std::to_string(runs));
  EXPECT_EQ(p.sql("SELECT sum(balance_cents) FROM accounts"), "30000");
  for (int a = 1; a <= 3; ++a)
    EXPECT_EQ(p.sql("SELECT balance_cents FROM accounts WHERE id = " + std::to_string(a)),
              std::to_string(expected[a]))
        << "account " << a;
  // One message per transfer, none duplicated, every one delivered to Consumer exactly once.
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_queue WHERE topic = 'transfers'"),
            std::to_string(runs));
  EXPECT_EQ(p.sql("SELECT count(DISTINCT key) FROM locus_queue"), std::to_string(runs));
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_queue WHERE status = 'delivered'"),
            std::to_string(runs));
  EXPECT_EQ(
      p.sql("SELECT count(*) FROM locus_runs WHERE workflow = 'Consumer' AND status = 'completed'"),
      std::to_string(runs));
  EXPECT_EQ(p.sql("SELECT count(*) FROM ledgers WHERE note = 'consumed'"), std::to_string(runs));
  EXPECT_EQ(p.sql("SELECT sum(amount_cents) FROM ledgers WHERE note = 'consumed'"),
            std::to_string(moved));
  // Every transfer's db_tx committed exactly one checkpoint, with its two runs and its message.
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_checkpoints WHERE step_id = 'CrashTransfer/db_tx#0'"),
            std::to_string(runs));
  EXPECT_EQ(
      p.sql("SELECT count(*) FROM locus_checkpoints WHERE step_id = 'CrashTransfer/db_tx#0/run#1'"),
      std::to_string(runs));
}

} // namespace
} // namespace locus::test
