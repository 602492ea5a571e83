// locus approve RUN STEP / locus signal RUN NAME: deliver what a wait_for step waits for. The run
// is marked due, and `locus worker` (or `locus resume RUN`) continues it.
#include "runtime/cli/cli.h"

#include <cstdio>

namespace locus::cli {

namespace {

int deliver(const Args& args, const std::string& name, const Json& payload, const char* what) {
  Session s;
  if (!openSession(args, s)) return kUsage;
  std::optional<rt::RunRecord> run = s.store->getRun(args.positional[0]);
  if (!run) {
    std::fprintf(stderr, "locus: no run %s in %s\n", args.positional[0].c_str(), s.dbPath.c_str());
    return kUsage;
  }
  if (run->status == "completed" || run->status == "failed") {
    std::fprintf(stderr, "locus: run %s is already %s\n", run->id.c_str(), run->status.c_str());
    return kUsage;
  }
  bool added = s.store->sendSignal(run->id, name, payload);
  std::fprintf(stderr, "%s %s for run %s%s\n", what, added ? "recorded" : "was already recorded",
               run->id.c_str(), run->status == "waiting" ? " (locus worker or locus resume continues it)" : "");
  return 0;
}

} // namespace

int commandApprove(const Args& args) {
  if (args.positional.size() != 2) {
    std::fprintf(stderr, "usage: locus approve RUN STEP [--reject] [--by NAME]\n");
    return kUsage;
  }
  Json payload = {{"approved", !args.has("reject")}};
  if (args.options.count("by")) payload["by"] = args.get("by");
  return deliver(args, "approval:" + args.positional[1], payload, args.has("reject") ? "rejection" : "approval");
}

int commandSignal(const Args& args) {
  if (args.positional.size() != 2) {
    std::fprintf(stderr, "usage: locus signal RUN NAME [--data JSON]\n");
    return kUsage;
  }
  Json payload = Json::parse(args.get("data", "null"), nullptr, false);
  if (payload.is_discarded()) {
    std::fprintf(stderr, "locus: --data is not valid JSON\n");
    return kUsage;
  }
  return deliver(args, args.positional[1], payload, "signal");
}

} // namespace locus::cli
