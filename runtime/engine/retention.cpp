#include "runtime/engine/retention.h"

namespace locus::rt {

namespace {

Json archiveLine(Store& store, const RunRecord& r) {
  Json checkpoints = Json::object();
  for (auto& [step, result] : store.checkpoints(r.id)) checkpoints[step] = std::move(result);
  Json run = {{"id", r.id},         {"workflow", r.workflow},   {"program", r.programHash},
              {"status", r.status}, {"input", r.input},         {"output", r.output},
              {"error", r.error},   {"createdMs", r.createdMs}, {"updatedMs", r.updatedMs}};
  return {{"run", run}, {"checkpoints", checkpoints}, {"trace", store.trace(r.id)}};
}

} // namespace

PruneReport pruneStore(Store& store, int64_t cutoffMs, std::ostream* archive, bool dryRun) {
  PruneReport report;
  constexpr size_t kBatch = 200;
  size_t skip = 0; // dry run: the same rows come back, so page past them
  for (;;) {
    std::vector<std::string> ids = store.endedRunsBefore(cutoffMs, kBatch + skip);
    if (ids.size() <= skip) break;
    ids.erase(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(skip));
    if (archive)
      for (const std::string& id : ids)
        if (std::optional<RunRecord> r = store.getRun(id))
          *archive << archiveLine(store, *r).dump() << "\n";
    if (archive) {
      archive->flush();
      if (!*archive) throw StoreError("the archive could not be written; nothing was deleted");
    }
    report.runs += ids.size();
    if (dryRun)
      skip += ids.size();
    else
      store.deleteRuns(ids);
    if (ids.size() < kBatch) break;
  }
  if (!dryRun) report.messages = store.pruneMessages(cutoffMs);
  return report;
}

} // namespace locus::rt
