// locus worker: delivers queue messages to the workflows they trigger (`on:queue(topic)`), starts
// the runs of `on:schedule("cron")` workflows whose minute has come (catching up after downtime),
// then executes every run that is due — queued runs, waiting runs whose timer is due or whose
// signal arrived, runs whose owner died — up to --concurrency of them at once (WorkerLoop).
#include "runtime/cli/cli.h"
#include "runtime/cli/worker_loop.h"

#include <csignal>
#include <cstdio>

namespace locus::cli {

namespace {

WorkerLoop* activeLoop = nullptr;
void requestStop(int) {
  if (activeLoop) activeLoop->stopFromSignal();
}

} // namespace

int commandWorker(const SessionOptions& so, const WorkerConfig& config) {
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* current = nullptr;
  if (so.projectGiven || !so.bundle.empty()) {
    current = loadCurrentProgram(so, s);
    if (!current) return kUsage;
  }
  try {
    WorkerLoop loop(s, current, config);
    activeLoop = &loop;
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    loop.run();
    activeLoop = nullptr;
  } catch (const std::exception& e) {
    activeLoop = nullptr;
    std::fprintf(stderr, "locus worker: %s\n", e.what());
    return kUsage;
  }
  return 0;
}

} // namespace locus::cli
