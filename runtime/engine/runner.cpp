#include "runtime/engine/runner.h"
#include "runtime/engine/interpreter.h"

#include <cerrno>
#include <csignal>
#include <random>
#include <unistd.h>

namespace locus::rt {

namespace {

std::string hostName() {
  char buf[256] = {0};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

std::string randomHex(size_t digits) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string out;
  while (out.size() < digits) {
    uint64_t x = rng();
    for (int i = 0; i < 16 && out.size() < digits; ++i, x >>= 4) out += hex[x & 15];
  }
  return out;
}

const std::string& myOwnerId() {
  static const std::string id = hostName() + ":" + std::to_string(getpid()) + ":" + randomHex(8);
  return id;
}

// A key or priority expression evaluated on the run's input: its fields by name, and `input` for
// the whole input (unless a field is called so). Null when it cannot be evaluated.
Json evalOnInput(const Program& program, const Json& expr, const Json& input) {
  Scope scope = input.is_object() ? input.get<Scope>() : Scope{};
  scope.emplace("input", input);
  EvalEnv env(program);
  try {
    return evalExpr(expr, scope, env);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The per-key group of `concurrency { group: orderId }`: the key evaluated on the run's input;
// one that cannot be evaluated (missing input) gives one shared group.
std::string concurrencyKey(const Program& program, const Json& expr, const Json& input) {
  Json v = evalOnInput(program, expr, input);
  return v.is_null() ? "" : displayText(v);
}

// "<Workflow>" or "<Workflow>:<key>" for a throttle, rateLimit or debounce spec.
std::string flowKey(const Program& program, const std::string& workflow, const Json& spec,
                    const Json& input) {
  if (!spec.contains("key") || spec["key"].is_null()) return workflow;
  return workflow + ":" + concurrencyKey(program, spec["key"], input);
}

// Throttle, rate limit, debounce and priority from the IR, evaluated on the input.
RunFlow runFlow(const Program& program, const std::string& workflow, const Json& wf,
                const Json& input) {
  RunFlow f;
  if (const Json& t = wf.value("throttle", Json()); t.is_object()) {
    f.throttleKey = flowKey(program, workflow, t, input);
    f.throttleLimit = t.value("limit", int64_t{1});
    f.throttlePeriodMs = t.value("periodMs", int64_t{1000});
  }
  if (const Json& r = wf.value("rateLimit", Json()); r.is_object()) {
    f.rateKey = flowKey(program, workflow, r, input);
    f.rateLimit = r.value("limit", int64_t{1});
    f.ratePeriodMs = r.value("periodMs", int64_t{1000});
  }
  if (const Json& d = wf.value("debounce", Json()); d.is_object()) {
    f.debounceKey = flowKey(program, workflow, d, input);
    f.debouncePeriodMs = d.value("periodMs", int64_t{1000});
    f.debounceTimeoutMs = d["timeoutMs"].is_number() ? d["timeoutMs"].get<int64_t>() : 0;
  }
  if (const Json& p = wf.value("priority", Json()); p.is_object()) {
    Json v = evalOnInput(program, p["value"], input);
    f.priority = v.is_number() ? clampPriority(v.get<double>()) : 0;
    f.agingMs = p.value("agingMs", int64_t{10000});
  }
  return f;
}

constexpr const char* kPluginsKey = "@plugins";

std::string shortDigest(const Json& entry) {
  std::string text = entry.is_string() ? entry.get<std::string>() : "none";
  size_t at = text.find("sha256:");
  return at == std::string::npos ? text : text.substr(0, at + 7 + 12) + "…";
}

// The plugin code a run executes with: recorded at its first execution. A different set refuses
// the run unless allowPluginChange, which records the new set and traces the change.
bool samePlugins(EngineServices& services, const RunRecord& run) {
  const Json& loaded = services.options.pluginDigests;
  std::optional<Json> recorded = services.store.checkpoint(run.id, kPluginsKey);
  if (recorded ? *recorded == loaded : loaded.empty()) return true; // no plugins: nothing kept
  if (recorded && !services.options.allowPluginChange) return false;
  if (recorded) {
    traceRunEvent(services.store, run, "plugins-changed",
                  {{"change", pluginChange(services.store, run, loaded)}});
    services.store.deleteCheckpoints(run.id, {kPluginsKey});
  }
  try {
    auto tx = services.store.begin();
    tx->putCheckpoint(run.id, kPluginsKey, loaded);
    tx->commit();
  } catch (const CheckpointConflict&) { // recorded by a racing process: compared next time
  }
  return true;
}

} // namespace

std::string pluginChange(Store& store, const RunRecord& run, const Json& loaded) {
  std::optional<Json> recorded = store.checkpoint(run.id, kPluginsKey);
  if (!recorded || !recorded->is_object()) return "";
  std::string out;
  auto add = [&](const std::string& text) { out += (out.empty() ? "" : "; ") + text; };
  for (const auto& [name, was] : recorded->items()) {
    if (!loaded.contains(name))
      add(name + " removed");
    else if (loaded[name] != was)
      add(name + " " + shortDigest(was) + " → " + shortDigest(loaded[name]));
  }
  for (const auto& [name, now] : loaded.items())
    if (!recorded->contains(name)) add(name + " added (" + shortDigest(now) + ")");
  return out;
}

std::string makeOwnerId() {
  return myOwnerId();
}

bool ownerIsDead(const std::string& owner) {
  auto a = owner.find(':'), b = owner.rfind(':');
  if (a == std::string::npos || a == b) return false;
  if (owner.substr(0, a) != hostName()) return false; // another machine: wait for its lease
  if (owner == myOwnerId()) return false;
  pid_t pid = static_cast<pid_t>(std::strtol(owner.c_str() + a + 1, nullptr, 10));
  if (pid == getpid()) return true; // our pid, another token: an earlier process
  return pid > 0 && kill(pid, 0) == -1 && errno == ESRCH;
}

std::string newRunId() {
  return randomHex(16);
}

RunRecord newRun(const Program& program, const std::string& workflow, const Json& input,
                 const std::string& id) {
  RunRecord r;
  r.id = id.empty() ? newRunId() : id;
  r.workflow = workflow;
  r.programHash = program.hash;
  r.status = "queued";
  r.input = input;
  const Json& c = (*program.workflow(workflow))["concurrency"];
  if (c.is_object()) {
    r.group = c.value("group", workflow);
    r.limit = c.value("limit", 1);
    if (c.contains("key")) r.group += ":" + concurrencyKey(program, c["key"], input);
  }
  r.flow = runFlow(program, workflow, *program.workflow(workflow), input);
  return r;
}

void traceRunEvent(Store& store, const RunRecord& run, const std::string& outcome,
                   const Json& detail) {
  int64_t now = nowMs();
  Json e = {{"run", run.id},        {"workflow", run.workflow},
            {"step", run.workflow}, {"kind", "lifecycle"},
            {"attempt", 0},         {"startMs", now},
            {"endMs", now},         {"durationUs", 0},
            {"outcome", outcome}};
  for (const auto& [k, v] : detail.items()) e[k] = v;
  store.appendTrace(run.id, e);
}

ClaimResult claimAndExecute(EngineServices& services, const std::string& runId,
                            const std::string& owner, RunOutcome& outcome, int64_t* ahead) {
  std::optional<RunRecord> before = services.store.getRun(runId);
  if (!before) return ClaimResult::Missing;
  if (before->status == "completed" || before->status == "cancelled" ||
      before->status == "terminated" || before->status == "skipped")
    return ClaimResult::Finished;
  if (!samePlugins(services, *before)) return ClaimResult::PluginsChanged;
  int64_t queued = 0;
  if (!services.store.claimRun(runId, owner, services.options.leaseMs, ownerIsDead, &queued)) {
    if (ahead) *ahead = queued;
    return queued > 0 ? ClaimResult::Queued : ClaimResult::Busy;
  }
  std::optional<RunRecord> run = services.store.getRun(runId);
  // Taking over a run that was running: its previous executor crashed or stopped renewing.
  if (before->status == "running" && before->leaseOwner != owner)
    traceRunEvent(
        services.store, *run, "crashed",
        {{"previousOwner", before->leaseOwner}, {"leaseExpired", before->leaseUntilMs <= nowMs()}});
  Execution execution(services, *run, owner);
  outcome = execution.execute();
  return ClaimResult::Claimed;
}

} // namespace locus::rt
