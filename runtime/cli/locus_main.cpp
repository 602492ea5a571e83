// `locus`: the workflow runtime CLI. Dispatches to the commands in runtime/cli/; exit statuses
// are listed in cli.h.
#include "runtime/cli/cli.h"
#include "runtime/version.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

const char* kUsageText =
    "usage: locus COMMAND ...\n"
    "  run WORKFLOW [--input JSON|@file] [--project DIR] [--bundle IR.json] [--db PATH]\n"
    "               [--schema DIR] [--run-id ID] [--no-wait] [--json] [--durability normal|full]\n"
    "               [--no-progress]  (a progress line is drawn only on a terminal)\n"
    "  resume RUN          continue an interrupted, waiting or failed run\n"
    "  runs [--status S] [--limit N] [--json]\n"
    "  trace RUN [--json]  one line per step attempt\n"
    "  approve RUN STEP [--reject] [--by NAME]\n"
    "  signal RUN NAME [--data JSON]\n"
    "  worker [--once] [--poll-ms N] [--concurrency N] [--cron-catch-up N] [--project DIR]\n"
    "  serve [--port N] [--host ADDR] [--max-body BYTES] [--concurrency N] [--project DIR]\n"
    "                      webhooks (POST /webhooks/WORKFLOW) and run status (GET /runs/ID)\n"
    "  messages [--topic T]\n"
    "  secrets set NAME [VALUE] | get NAME | list | rm NAME   encrypted project secrets\n"
    "common options: --db PATH|postgres://USER:PASSWORD@HOST:PORT/DB (default .locus/state.db\n"
    "                under --project), --env NAME (the [env.NAME] plugin configuration), --quiet\n"
    "exit status: 0 completed, 1 failed, 2 usage/input/store error, 3 waiting, 4 queued, 5 busy\n";

} // namespace

int main(int argc, char** argv) {
  using namespace locus::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsageText, argc < 2 ? stderr : stdout);
    return argc < 2 ? kUsage : 0;
  }
  if (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "version")) {
    std::printf("locus %s\n", locus::runtimeVersion());
    return 0;
  }
  struct Command {
    const char* name;
    int (*fn)(const Args&);
  };
  static const Command commands[] = {{"run", commandRun},         {"resume", commandResume},
                                     {"runs", commandRuns},       {"trace", commandTrace},
                                     {"approve", commandApprove}, {"signal", commandSignal},
                                     {"worker", commandWorker},   {"messages", commandMessages},
                                     {"serve", commandServe},     {"secrets", commandSecrets}};
  for (const Command& c : commands) {
    if (std::strcmp(argv[1], c.name)) continue;
    Args args;
    std::string error;
    if (!parseArgs(argc, argv, 2, {"json", "no-wait", "once", "quiet", "reject", "no-progress"},
                   args, error)) {
      std::fprintf(stderr, "locus %s: %s\n", c.name, error.c_str());
      return kUsage;
    }
    // --env NAME selects [env.NAME.plugins.*.config]; the plugin host reads LOCUS_ENV.
    if (std::string env = args.get("env"); !env.empty()) ::setenv("LOCUS_ENV", env.c_str(), 1);
    return c.fn(args);
  }
  std::fprintf(stderr, "locus: unknown command `%s`\n%s", argv[1], kUsageText);
  return kUsage;
}
