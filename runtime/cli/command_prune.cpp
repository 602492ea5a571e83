// locus prune --older-than 30d [--archive FILE.jsonl] [--dry-run]: retention (rt::pruneStore).
#include "runtime/cli/cli.h"
#include "runtime/engine/retention.h"
#include "runtime/engine/time_values.h"

#include <cstdio>
#include <fstream>

namespace locus::cli {

int commandPrune(const SessionOptions& so, const PruneOptions& o) {
  int64_t age = *rt::durationMsOf(Json(o.olderThan)); // validated by the command line
  Session s;
  if (!openSession(so, s)) return kUsage;
  std::ofstream archive;
  if (!o.archive.empty()) {
    archive.open(o.archive, std::ios::app | std::ios::binary);
    if (!archive) {
      std::fprintf(stderr, "locus prune: cannot write the archive %s; nothing was deleted\n",
                   o.archive.c_str());
      return kUsage;
    }
  }
  try {
    rt::PruneReport r = rt::pruneStore(*s.store, rt::nowMs() - age,
                                       o.archive.empty() ? nullptr : &archive, o.dryRun);
    std::printf("%s %zu run(s) that ended more than %s ago%s",
                o.dryRun ? "would delete" : "deleted", r.runs, o.olderThan.c_str(),
                o.archive.empty() ? "" : ", archived to ");
    if (!o.archive.empty()) std::printf("%s", o.archive.c_str());
    if (!o.dryRun) std::printf("; %zu delivered message(s)", r.messages);
    std::printf("\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus prune: %s\n", e.what());
    return kUsage;
  }
  return 0;
}

} // namespace locus::cli
