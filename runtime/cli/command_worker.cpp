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

bool readWorkerConfig(const Args& args, WorkerConfig& config, const char* command) {
  try {
    config.pollMs = std::max(1LL, std::stoll(args.get("poll-ms", "200")));
    config.concurrency = static_cast<size_t>(std::stoul(args.get("concurrency", "1")));
    config.cronCatchUp = std::stoi(args.get("cron-catch-up", "1"));
  } catch (const std::exception&) {
    std::fprintf(stderr, "locus %s: --poll-ms, --concurrency and --cron-catch-up take numbers\n",
                 command);
    return false;
  }
  if (config.concurrency < 1 || config.concurrency > 256) {
    std::fprintf(stderr, "locus %s: --concurrency is between 1 and 256, not %zu\n", command,
                 config.concurrency);
    return false;
  }
  if (config.cronCatchUp < 1 || config.cronCatchUp > 1000) {
    std::fprintf(stderr,
                 "locus %s: --cron-catch-up is between 1 (fire only the latest missed minute) and "
                 "1000, not %d\n",
                 command, config.cronCatchUp);
    return false;
  }
  config.once = args.has("once");
  return true;
}

int commandWorker(const Args& args) {
  WorkerConfig config;
  if (!readWorkerConfig(args, config, "worker")) return kUsage;
  Session s;
  if (!openSession(args, s) || !loadPlugins(s)) return kUsage;
  const rt::Program* current = nullptr;
  if (args.options.count("project") || args.options.count("bundle")) {
    current = loadCurrentProgram(args, s);
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
