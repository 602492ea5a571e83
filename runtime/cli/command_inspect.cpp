// locus runs / locus trace / locus messages.
#include "runtime/cli/cli.h"
#include "runtime/engine/run_query.h"
#include "runtime/engine/time_values.h"

#include <cstdio>
#include <ctime>

namespace locus::cli {

std::string timeText(int64_t ms) {
  if (!ms) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string waitText(const rt::RunRecord& run) {
  if (run.status != "queued" || run.waitReason.empty()) return "";
  if (run.notBeforeMs > rt::nowMs())
    return run.waitReason + " until " + timeText(run.notBeforeMs) + " UTC";
  // No time to wait for: earlier runs of its throttle key start first.
  return run.waitReason == "throttled" && run.notBeforeMs == 0
             ? "throttled behind earlier runs of its key"
             : "";
}

// The last column of `locus runs`: an ended run's error, or why a queued run waits.
std::string noteOf(const rt::RunRecord& r) {
  if (r.error.is_object()) return r.error.value("message", "");
  return waitText(r);
}

int commandRuns(const SessionOptions& so, const RunsQuery& q) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  rt::RunQuery query{q.workflow, q.status, 0, q.limit, 0};
  if (!q.since.empty()) {
    std::optional<int64_t> ago = rt::durationMsOf(Json(q.since));
    query.sinceMs = ago ? rt::nowMs() - *ago : *rt::timeMsOf(Json(q.since));
  }
  std::string error;
  std::vector<rt::InputCondition> where;
  if (!q.where.empty()) where = *rt::parseInputWhere(q.where, error); // validated before
  std::vector<rt::RunRecord> runs = rt::findRuns(*s.store, query, where);
  if (so.json) {
    for (const rt::RunRecord& r : runs) {
      Json j = {{"run", r.id},
                {"workflow", r.workflow},
                {"status", r.status},
                {"createdMs", r.createdMs},
                {"updatedMs", r.updatedMs},
                {"input", r.input},
                {"output", r.output},
                {"error", r.error}};
      if (r.flow.priority) j["priority"] = r.flow.priority;
      if (!r.waitReason.empty() && r.status == "queued")
        j["waitReason"] = r.waitReason, j["notBeforeMs"] = r.notBeforeMs;
      std::printf("%s\n", j.dump().c_str());
    }
    return 0;
  }
  std::printf("%-18s %-20s %-10s %-20s %s\n", "RUN", "WORKFLOW", "STATUS", "CREATED (UTC)",
              "ERROR / WAITING");
  for (const rt::RunRecord& r : runs)
    std::printf("%-18s %-20s %-10s %-20s %s\n", r.id.c_str(), r.workflow.c_str(), r.status.c_str(),
                timeText(r.createdMs).c_str(), noteOf(r).c_str());
  return 0;
}

int commandTrace(const SessionOptions& so, const TraceOptions& o) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  if (!s.store->getRun(o.run)) {
    std::fprintf(stderr, "locus: no run %s in %s\n", o.run.c_str(), s.dbPath.c_str());
    return kUsage;
  }
  std::vector<Json> events = s.store->trace(o.run);
  if (so.json) {
    for (const Json& e : events) std::printf("%s\n", e.dump().c_str());
    return 0;
  }
  std::printf("%-48s %-14s %7s %-10s %10s  %s\n", "STEP", "KIND", "ATTEMPT", "OUTCOME", "MS",
              "ERROR");
  for (const Json& e : events)
    std::printf("%-48s %-14s %7d %-10s %10.2f  %s\n", e.value("step", "").c_str(),
                e.value("kind", "").c_str(), e.value("attempt", 0), e.value("outcome", "").c_str(),
                e.value("durationUs", 0) / 1000.0,
                e.contains("error") && e["error"].is_object()
                    ? e["error"].value("message", "").c_str()
                    : "");
  return 0;
}

int commandMessages(const SessionOptions& so, const MessagesOptions& o) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  if (o.retry || o.drop) {
    int64_t seq = o.retry ? o.retry : o.drop;
    if (!s.store->moveMessage(seq, "dead", o.retry ? "pending" : "dropped")) {
      std::fprintf(stderr,
                   "locus messages: message %lld is not dead-lettered (locus messages "
                   "--dead lists those)\n",
                   static_cast<long long>(seq));
      return kFailed;
    }
    std::fprintf(stderr, "message %lld %s\n", static_cast<long long>(seq),
                 o.retry ? "is pending again (a worker delivers it)" : "dropped");
    return 0;
  }
  for (const rt::QueueMessage& m : s.store->messages(o.topic)) {
    if (o.dead && m.status != "dead") continue;
    Json j = {{"seq", m.seq},
              {"key", m.key},
              {"topic", m.topic},
              {"payload", m.payload},
              {"status", m.status}};
    if (m.attempts) j["deliveries"] = m.attempts, j["lastError"] = m.lastError;
    std::printf("%s\n", j.dump().c_str());
  }
  return 0;
}

} // namespace locus::cli
