// Plugin host speed: cold start (spawn + handshake) against bare `bwrap ...
// true`, the warm round trip of a small hook call, and many plugins started in parallel.
// Each benchmark reports the median and p95 of its own samples (counters median_ms / p95_ms);
// see docs/performance.md, "Plugin host".
#include "hooks/sandbox/sandboxed_process.h"
#include "tests/unit/hooks_worker_fixture.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <thread>

using namespace locus::hooks;
using locus::test::ScratchPlugin;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {
struct Language {
  const char* fixture;
  std::vector<std::string> extraFiles;
  std::vector<std::string> entry;
};

Language language(int index) {
  switch (index) {
  case 0:
    return {"echo-cpp", {LOCUS_ECHO_CPP_PLUGIN}, {"./echo_cpp_plugin"}};
  case 1:
    return {"echo-python", {locus::test::sdkFile("locus_plugin.py")}, {"python3", "main.py"}};
  default:
    return {"echo-node", {locus::test::sdkFile("locus_plugin.js")}, {"node", "main.js"}};
  }
}

const char* languageName(int index) {
  return index == 0 ? "cpp" : index == 1 ? "python" : "node";
}

void reportSamples(benchmark::State& state, std::vector<double> millis) {
  if (millis.empty()) return;
  std::sort(millis.begin(), millis.end());
  state.counters["median_ms"] = millis[millis.size() / 2];
  state.counters["p95_ms"] = millis[std::min(millis.size() - 1, millis.size() * 95 / 100)];
}

double millisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The floor: bwrap with the plugin's own isolation flags, limits and cgroup, running `true`.
void BM_BareBwrapTrue(benchmark::State& state) {
  ScratchPlugin plugin("echo-python", "bare");
  std::filesystem::create_directories(plugin.workspaceDir);
  SandboxPolicy policy = plugin.options("bare", {"true"}).policy;
  std::vector<double> samples;
  for (auto _ : state) {
    auto start = Clock::now();
    SpawnOutcome spawn = spawnSandboxed(policy);
    if (!spawn.error.empty()) state.SkipWithError(spawn.error.c_str());
    ExitInfo exit = reapSandboxed(spawn.process);
    samples.push_back(millisSince(start));
    benchmark::DoNotOptimize(exit);
  }
  reportSamples(state, samples);
}
BENCHMARK(BM_BareBwrapTrue)->Unit(benchmark::kMillisecond)->Iterations(60);

// Spawn + `initialize` handshake until the plugin's answer is in (shutdown not timed).
void BM_ColdStart(benchmark::State& state) {
  Language lang = language(static_cast<int>(state.range(0)));
  std::string name = std::string("echo-") + languageName(static_cast<int>(state.range(0)));
  ScratchPlugin plugin(lang.fixture, name, lang.extraFiles);
  std::vector<double> samples;
  for (auto _ : state) {
    PluginWorker worker(plugin.options(name, lang.entry));
    auto start = Clock::now();
    CallOutcome started = worker.start();
    samples.push_back(millisSince(start));
    if (!started.ok()) state.SkipWithError(started.failure->describe().c_str());
    state.PauseTiming();
    worker.shutdown();
    state.ResumeTiming();
  }
  state.SetLabel(languageName(static_cast<int>(state.range(0))));
  reportSamples(state, samples);
}
BENCHMARK(BM_ColdStart)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(40);

// One small hook call on a running worker.
void BM_WarmRoundTrip(benchmark::State& state) {
  Language lang = language(static_cast<int>(state.range(0)));
  std::string name = std::string("echo-") + languageName(static_cast<int>(state.range(0)));
  ScratchPlugin plugin(lang.fixture, name, lang.extraFiles);
  PluginWorker worker(plugin.options(name, lang.entry));
  if (!worker.start().ok()) state.SkipWithError("start failed");
  json params = {{"source", "entity User { name: Text }"}};
  std::vector<double> samples;
  for (auto _ : state) {
    auto start = Clock::now();
    CallOutcome outcome = worker.call("onPreParse", params, Clock::now() + std::chrono::seconds(5));
    samples.push_back(millisSince(start));
    if (!outcome.ok()) state.SkipWithError(outcome.failure->describe().c_str());
  }
  state.SetLabel(languageName(static_cast<int>(state.range(0))));
  reportSamples(state, samples);
}
BENCHMARK(BM_WarmRoundTrip)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond)
    ->Iterations(2000);

// N plugins (C++ echo) started in parallel by 8 threads, then one hook call each: the total
// wall time of a build's plugin start-up plus one hook round per plugin.
void BM_ParallelStartAndCall(benchmark::State& state) {
  int count = static_cast<int>(state.range(0));
  Language lang = language(0);
  std::vector<std::unique_ptr<ScratchPlugin>> plugins;
  for (int i = 0; i < count; ++i)
    plugins.push_back(std::make_unique<ScratchPlugin>(lang.fixture, "echo-cpp", lang.extraFiles));
  std::vector<double> samples;
  for (auto _ : state) {
    std::vector<std::unique_ptr<PluginWorker>> workers;
    for (auto& plugin : plugins)
      workers.push_back(std::make_unique<PluginWorker>(plugin->options("echo-cpp", lang.entry)));
    auto start = Clock::now();
    std::atomic<int> next{0}, failures{0};
    auto startOne = [&] {
      for (int i; (i = next++) < count;) {
        CallOutcome outcome = workers[i]->call("onPreParse", {{"source", "x"}},
                                               Clock::now() + std::chrono::seconds(30));
        if (!outcome.ok()) ++failures;
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < std::min(count, 8); ++t) threads.emplace_back(startOne);
    for (auto& thread : threads) thread.join();
    samples.push_back(millisSince(start));
    if (failures) state.SkipWithError("a plugin failed to start");
    state.PauseTiming();
    workers.clear(); // shutdown, not timed
    state.ResumeTiming();
  }
  reportSamples(state, samples);
  state.counters["per_plugin_ms"] = state.counters["median_ms"] / count;
}
BENCHMARK(BM_ParallelStartAndCall)
    ->Arg(1)
    ->Arg(10)
    ->Arg(25)
    ->Arg(50)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();
} // namespace
