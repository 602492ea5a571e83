// Runtime hot paths: durable steps per second on SQLite (each `run` step commits its
// checkpoint and trace event in its own transaction), the executor's per-step cost for steps
// that need no durability, a 1,000-branch parallel and a 10,000-iteration loop.
#include "runtime/cli/compile_project.h"
#include "runtime/engine/runner.h"
#include "stdlib-steps/register.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

namespace {

using namespace locus;

struct Bench {
  std::string dir;
  std::unique_ptr<rt::Program> program;
  std::unique_ptr<rt::Store> store;
  rt::StepRegistry steps;
  int runs = 0;

  Bench(const std::string& source, bool full) {
    char tmpl[] = "/tmp/locus-bench-rt-XXXXXX";
    dir = mkdtemp(tmpl);
    std::ofstream(dir + "/app.locus") << source;
    rt::CompileResult c = rt::compileProject(dir);
    if (!c.program) throw std::runtime_error(c.diagnostics);
    program = std::move(c.program);
    store = rt::openSqliteStore(dir + "/state.db", rt::SqliteOptions{full});
    store->saveProgram(program->hash, program->ir.dump());
    steps::registerStdlibSteps(steps);
  }
  ~Bench() { std::filesystem::remove_all(dir); }

  void run(const std::string& workflow, const rt::Json& input) {
    rt::RunRecord r = rt::newRun(*program, workflow, input, "b" + std::to_string(runs++));
    store->createRun(r);
    rt::EngineServices services{*store, *program, steps, nullptr, nullptr, rt::EngineOptions{}};
    rt::RunOutcome out;
    rt::claimAndExecute(services, r.id, "bench:1:x", out);
    if (out.status != "completed")
      throw std::runtime_error("bench run failed: " + out.error.dump());
  }
};

const char* kActions = "action double(x: Integer): Integer { return x * 2 }\n";

rt::Json items(int64_t n) {
  rt::Json a = rt::Json::array();
  for (int64_t i = 0; i < n; ++i) a.push_back(i);
  return a;
}

// Durable steps: one checkpointed `run` per iteration.
void checkpointedSteps(benchmark::State& state, bool full) {
  Bench b(
      std::string(kActions) +
          "workflow Steps { input { xs: Integer[] } steps { forEach x in xs { run double(x) } } }",
      full);
  rt::Json input = {{"xs", items(state.range(0))}};
  for (auto _ : state) b.run("Steps", input);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_CheckpointedSteps_Normal(benchmark::State& s) {
  checkpointedSteps(s, false);
}
void BM_CheckpointedSteps_Full(benchmark::State& s) {
  checkpointedSteps(s, true);
}
BENCHMARK(BM_CheckpointedSteps_Normal)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckpointedSteps_Full)->Arg(1000)->Unit(benchmark::kMillisecond);

// In-memory steps: an `if` step per iteration (evaluated, dispatched, its empty branch walked;
// nothing to checkpoint), so the figure is the executor's own cost per step.
void BM_InMemoryStepOverhead(benchmark::State& state) {
  Bench b(
      std::string(kActions) +
          "workflow Walk { input { xs: Integer[] } steps { forEach x in xs { if x < 0 { } } } }",
      false);
  rt::Json input = {{"xs", items(state.range(0))}};
  for (auto _ : state) b.run("Walk", input);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_InMemoryStepOverhead)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_Parallel1000Branches(benchmark::State& state) {
  std::string src = std::string(kActions) + "workflow Fan { steps { parallel {\n";
  for (int i = 0; i < 1000; ++i) src += "branch { run double(" + std::to_string(i) + ") }\n";
  src += "} } }";
  Bench b(src, false);
  for (auto _ : state) b.run("Fan", rt::Json::object());
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_Parallel1000Branches)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace
