#include "runtime/engine/webhook_request.h"

#include "compiler/base/sha256.h"
#include "runtime/engine/executor.h"
#include "runtime/engine/runner.h"

#include <cstdlib>

namespace locus::rt {

namespace {

const Json* webhookTrigger(const Json& workflow) {
  for (const Json& t : workflow["triggers"])
    if (t.value("kind", "") == "webhook") return &t; // the first one, as the Express API does
  return nullptr;
}

std::string webhookNames(const Program& program) {
  std::string names;
  for (const auto& [name, wf] : program.workflows)
    if (webhookTrigger(*wf)) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "none" : names;
}

// "missing input `amount` (Integer)" -> {field: "amount", message: …}.
Json detailOf(const std::string& problem) {
  auto a = problem.find('`');
  auto b = a == std::string::npos ? a : problem.find('`', a + 1);
  std::string field = b == std::string::npos ? "" : problem.substr(a + 1, b - a - 1);
  return {{"field", field}, {"message", problem}};
}

} // namespace

EnvLookup processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Json apiError(const std::string& code, const std::string& message, const Json& details) {
  return {{"error", {{"code", code}, {"message", message}, {"details", details}}}};
}

bool secretMatches(const std::string& expected, const std::string& given) {
  Sha256Digest a = sha256({expected}), b = sha256({given}); // equal length: constant-time compare
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

WebhookReply startWebhookRun(Store& store, const Program& program, const std::string& workflow,
                             const std::optional<std::string>& secret, const std::string& body,
                             const EnvLookup& env, const std::string& idempotencyKey) {
  const Json* wf = program.workflow(workflow);
  const Json* trigger = wf ? webhookTrigger(*wf) : nullptr;
  if (!trigger)
    return {404,
            apiError("not_found",
                     "no webhook workflow `" + workflow +
                         "` (the program's webhook workflows: " + webhookNames(program) + ")"),
            ""};
  std::string secretEnv = trigger->value("secret", "");
  std::optional<std::string> expected = env(secretEnv);
  if (!expected || expected->empty())
    return {503,
            apiError("webhook_not_configured", "the server has no " + secretEnv +
                                                   " set, so it accepts no calls to this webhook"),
            ""};
  if (!secret || !secretMatches(*expected, *secret))
    return {401,
            apiError("unauthorized",
                     std::string("missing or wrong ") + kWebhookSecretHeader + " header"),
            ""};
  Json input = body.empty() ? Json::object() : Json::parse(body, nullptr, false);
  if (input.is_discarded())
    return {400, apiError("invalid_json", "the request body is not valid JSON"), ""};
  std::vector<std::string> problems = validateInput(*wf, input, program);
  if (!problems.empty()) {
    Json details = Json::array();
    std::string fields;
    for (const std::string& p : problems) {
      details.push_back(detailOf(p));
      const std::string& f = details.back()["field"].get_ref<const std::string&>();
      if (!f.empty()) fields += (fields.empty() ? ": " : ", ") + f;
    }
    return {400, apiError("validation_failed", "the request is invalid" + fields, details), ""};
  }
  std::string id = idempotencyKey.empty() ? "" : "idem-" + irHash(workflow + "\n" + idempotencyKey);
  RunRecord run = newRun(program, workflow, input, id); // the program is already saved
  if (!store.createRun(run)) {
    std::optional<RunRecord> old = store.getRun(run.id);
    if (!old || old->workflow != workflow || old->input != input)
      return {409,
              apiError("idempotency_conflict",
                       std::string("the ") + kIdempotencyKeyHeader +
                           " was already used for a different request; use a new key"),
              ""};
    Json status = runStatusJson(*old);
    status["statusUrl"] = "/runs/" + old->id;
    return {200, status, ""};
  }
  // Queued, or skipped by the workflow's rate limit (flow control applies on creation).
  std::optional<RunRecord> created = store.getRun(run.id);
  Json reply = {{"run", run.id},
                {"workflow", workflow},
                {"status", created ? created->status : "queued"},
                {"statusUrl", "/runs/" + run.id}};
  if (created && created->status == "skipped") reply["error"] = created->error;
  return {202, reply, run.id};
}

Json runStatusJson(const RunRecord& run) {
  Json j = {{"run", run.id},        {"workflow", run.workflow},   {"status", run.status},
            {"output", run.output}, {"createdMs", run.createdMs}, {"updatedMs", run.updatedMs}};
  if (!run.error.is_null()) j["error"] = run.error;
  if (run.wakeAtMs) j["wakeAtMs"] = run.wakeAtMs;
  return j;
}

} // namespace locus::rt
