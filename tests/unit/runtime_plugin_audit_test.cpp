// Audit batching at run time: a run's plugin-step entries wait in the run's buffer and reach
// `.locus/audit.log` in one append when the run's execution ends (or once 64 are waiting), with
// the hash chain intact. Uses the sandboxed C++ echo plugin, like the plugin runtime bench.
#include "hooks/audit/audit_log.h"
#include "hooks/dispatch/plugin_extensions.h"
#include "runtime/plugins/plugin_pool.h"
#include "runtime/plugins/plugin_step_executor.h"
#include "tests/unit/hooks_worker_fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace locus::test {
namespace {

using nlohmann::json;

// The step.execute entries of one run in the log.
size_t stepEntries(const std::filesystem::path& log, const std::string& run) {
  std::ifstream in(log);
  size_t n = 0;
  for (std::string line; std::getline(in, line);)
    if (line.find("\"step.execute\"") != std::string::npos &&
        line.find("\"runId\":\"" + run + "\"") != std::string::npos)
      ++n;
  return n;
}

// Starts the plugin's worker (which can take long on a loaded machine) outside the runs tested.
void warm(rt::plugins::HostedStepExecutor& steps) {
  rt::StepStateIo state;
  steps.execute("upper", {{"text", "a"}}, {{"run", "warm"}, {"step", "W/warm"}, {"attempt", 1}},
                state);
  steps.runEnded("warm");
}

struct AuditProject {
  ScratchPlugin scratch{"echo-cpp", "echo-cpp", {LOCUS_ECHO_CPP_PLUGIN}};
  AuditProject() {
    std::ofstream(scratch.root / "Locus.toml") << "[plugins]\npaths = [\"plugin\"]\n";
  }
  std::filesystem::path log() const { return hooks::auditLogPath(scratch.root); }
};

TEST(RuntimePluginAudit, StepEntriesOfARunAreWrittenTogetherWhenItEnds) {
  AuditProject project;
  hooks::PluginSet set = hooks::discoverPlugins(project.scratch.root);
  ASSERT_FALSE(set.hasErrors());
  rt::plugins::PluginPool pool(project.scratch.root, std::move(set));
  rt::plugins::HostedStepExecutor steps(pool);
  rt::StepStateIo state; // no run store: nothing stored yet
  warm(steps);
  for (int i = 0; i < 3; ++i) {
    json info = {{"run", "r1"}, {"step", "W/upper#" + std::to_string(i)}, {"attempt", 1}};
    EXPECT_EQ(steps.execute("upper", {{"text", "a"}}, info, state)["text"], "A");
  }
  EXPECT_EQ(stepEntries(project.log(), "r1"), 0u) << "buffered until the run ends";
  steps.runEnded("r1");
  EXPECT_EQ(stepEntries(project.log(), "r1"), 3u);
  steps.runEnded("r1"); // nothing left: nothing written twice
  EXPECT_EQ(stepEntries(project.log(), "r1"), 3u);
  EXPECT_EQ(hooks::verifyAuditLog(project.log()).status, hooks::AuditVerifyResult::Status::Ok);
}

TEST(RuntimePluginAudit, ALongRunIsFlushedEverySixtyFourEntries) {
  AuditProject project;
  hooks::PluginSet set = hooks::discoverPlugins(project.scratch.root);
  ASSERT_FALSE(set.hasErrors());
  rt::plugins::PluginPool pool(project.scratch.root, std::move(set));
  rt::plugins::HostedStepExecutor steps(pool);
  rt::StepStateIo state; // no run store: nothing stored yet
  warm(steps);
  const size_t batch = rt::plugins::PluginPool::kAuditFlushEntries;
  for (size_t i = 0; i < batch + 5; ++i)
    steps.execute("upper", {{"text", "a"}},
                  {{"run", "long"}, {"step", "W/s#" + std::to_string(i)}, {"attempt", 1}}, state);
  // Written before the run ended (at 64 entries, or earlier when a second passed), but not the
  // last few.
  size_t written = stepEntries(project.log(), "long");
  EXPECT_GT(written, 0u);
  EXPECT_LT(written, batch + 5);
  steps.runEnded("long");
  EXPECT_EQ(stepEntries(project.log(), "long"), batch + 5);
}

TEST(RuntimePluginAudit, EntriesOfARunThatNeverEndedAreWrittenAtShutdown) {
  AuditProject project;
  {
    hooks::PluginSet set = hooks::discoverPlugins(project.scratch.root);
    ASSERT_FALSE(set.hasErrors());
    rt::plugins::PluginPool pool(project.scratch.root, std::move(set));
    rt::plugins::HostedStepExecutor steps(pool);
    rt::StepStateIo state; // no run store: nothing stored yet
    steps.execute("upper", {{"text", "a"}}, {{"run", "r"}, {"step", "W/u"}, {"attempt", 1}}, state);
  }
  EXPECT_EQ(stepEntries(project.log(), "r"), 1u);
}

} // namespace
} // namespace locus::test
