// `on:webhook(secret: ENV)` triggers served by `locus serve`: POST /webhooks/<Workflow> with the
// secret in the X-Webhook-Secret header, exactly as the generated Express API checks it
// (generators/express/templates/webhooks.ts.mustache): the secret is compared in constant time
// with the environment variable the trigger names, the JSON body is validated against the
// workflow's `input`, and a valid call creates a queued run and answers 202 with its ID. Errors
// answer {"error": {"code", "message", "details": [{field, message}]}} like the Express API.
#pragma once

#include "runtime/engine/program.h"
#include "runtime/store/store.h"

#include <functional>
#include <optional>
#include <string>

namespace locus::rt {

inline constexpr const char* kWebhookSecretHeader = "X-Webhook-Secret";
// A client's retry of the same start: the same key (per workflow) names the same run.
inline constexpr const char* kIdempotencyKeyHeader = "Idempotency-Key";

struct WebhookReply {
  int status = 500;
  Json body;
  std::string runId; // set when a run was created (202)
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup processEnvironment();

// The error document of the Express API.
Json apiError(const std::string& code, const std::string& message,
              const Json& details = Json::array());

// Equal-length digests make the comparison constant-time whatever the lengths of the inputs.
bool secretMatches(const std::string& expected, const std::string& given);

// Checks and starts one webhook call. `secret` is the header's value (nullopt when absent).
// With an `idempotencyKey` the run's ID derives from the workflow and the key: a repeat with the
// same body answers 200 with that run's status; a different body is 409, and nothing starts.
WebhookReply startWebhookRun(Store& store, const Program& program, const std::string& workflow,
                             const std::optional<std::string>& secret, const std::string& body,
                             const EnvLookup& env, const std::string& idempotencyKey = "");

// GET /runs/<id>: the run's status document.
Json runStatusJson(const RunRecord& run);

} // namespace locus::rt
