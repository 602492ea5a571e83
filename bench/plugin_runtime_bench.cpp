// A plugin step kind at run time (runtime/plugins): the warm cost of one `executeStep` through
// HostedStepExecutor — the sandboxed C++ echo plugin's `upper` step — by audit mode: 0 no audit
// entry, 1 the runtime's per-run batching (one fsync'ed append per 64 entries or at run end),
// 2 one fsync'ed append per step (the behaviour before batching). Counters median_ms / p95_ms /
// mean_ms (the mean includes the batches' appends); see docs/performance.md.
#include "hooks/dispatch/plugin_extensions.h"
#include "runtime/plugins/plugin_pool.h"
#include "runtime/plugins/plugin_step_executor.h"
#include "tests/unit/hooks_worker_fixture.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <fstream>

using namespace locus;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// A project folder holding the echo-cpp plugin, discovered like `locus run` does.
struct BenchProject {
  test::ScratchPlugin scratch{"echo-cpp", "echo-cpp", {LOCUS_ECHO_CPP_PLUGIN}};
  BenchProject() {
    std::ofstream(scratch.root / "Locus.toml") << "[plugins]\npaths = [\"plugin\"]\n";
    // The fixture's manifest runs ./echo_cpp_plugin, which the ScratchPlugin copied beside it.
  }
};

void BM_PluginStepWarm(benchmark::State& state) {
  BenchProject project;
  hooks::PluginSet set = hooks::discoverPlugins(project.scratch.root);
  if (set.hasErrors()) {
    state.SkipWithError(set.problems.front().str().c_str());
    return;
  }
  rt::plugins::PluginPool pool(project.scratch.root, std::move(set));
  rt::plugins::HostedStepExecutor steps(pool);
  rt::StepStateIo stepState; // no run store: nothing stored yet
  const int64_t mode = state.range(0);
  hooks::DispatchContext ctx = pool.context();
  if (mode == 0) ctx.auditLog.clear();
  json params = {{"text", "hello"}};
  json info = {{"run", "r1"}, {"step", "Bench/upper"}, {"attempt", 1}};
  steps.execute("upper", params, info, stepState); // start the worker outside the measurement
  std::vector<double> samples;
  for (auto _ : state) {
    auto start = Clock::now();
    if (mode == 1) {
      benchmark::DoNotOptimize(steps.execute("upper", params, info, stepState));
    } else {
      hooks::StepOutcome out =
          hooks::executePluginStep(ctx, "echo-cpp", {"upper", params, "r1", "Bench/upper", 1});
      benchmark::DoNotOptimize(out);
    }
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  steps.runEnded("r1");
  double sum = 0;
  for (double x : samples) sum += x;
  state.counters["mean_ms"] = samples.empty() ? 0 : sum / static_cast<double>(samples.size());
  std::sort(samples.begin(), samples.end());
  state.counters["median_ms"] = samples[samples.size() / 2];
  state.counters["p95_ms"] = samples[std::min(samples.size() - 1, samples.size() * 95 / 100)];
}
BENCHMARK(BM_PluginStepWarm)->Arg(2)->Arg(1)->Arg(0)->ArgName("audit")->Iterations(300);

} // namespace
