// locus runs / locus trace / locus messages.
#include "runtime/cli/cli.h"

#include <cstdio>
#include <ctime>

namespace locus::cli {

namespace {

std::string timeText(int64_t ms) {
  if (!ms) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

} // namespace

int commandRuns(const SessionOptions& so, const RunsQuery& q) {
  Session s;
  if (!openSession(so, s)) return kUsage;
  std::vector<rt::RunRecord> runs = s.store->listRuns(q.limit, q.status);
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
      std::printf("%s\n", j.dump().c_str());
    }
    return 0;
  }
  std::printf("%-18s %-20s %-10s %-20s %s\n", "RUN", "WORKFLOW", "STATUS", "CREATED (UTC)",
              "ERROR");
  for (const rt::RunRecord& r : runs)
    std::printf("%-18s %-20s %-10s %-20s %s\n", r.id.c_str(), r.workflow.c_str(), r.status.c_str(),
                timeText(r.createdMs).c_str(),
                r.error.is_object() ? r.error.value("message", "").c_str() : "");
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
  for (const rt::QueueMessage& m : s.store->messages(o.topic))
    std::printf("%s\n", Json({{"seq", m.seq},
                              {"key", m.key},
                              {"topic", m.topic},
                              {"payload", m.payload},
                              {"status", m.status}})
                            .dump()
                            .c_str());
  return 0;
}

} // namespace locus::cli
