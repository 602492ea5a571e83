// What the runtime needs from the plugin host (hooks/), kept to two small interfaces the lead
// wires to the host: executing plugin step kinds in the plugin's sandboxed worker, and the
// onWorkflowExecute / onStepExecute hooks, which observe or veto.
#pragma once

#include "runtime/store/store.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

namespace locus::rt {

// The StepError code with which a plugin step whose fallback chain ends in a person's decision
// asks the engine to wait for `locus approve RUN STEP` (data: {approval: who, error}).
inline constexpr const char* kAwaitApprovalCode = "await-approval";

// The state a plugin step's call reads and writes (state.get/put/delete/list): `load` reads a
// plugin's rows from the run's store (the db_tx's transaction inside one); on success the
// executor leaves the call's writes in `writes`, which the engine commits with the checkpoint.
// Without `load` (a call outside any run), nothing is stored yet.
struct StepStateIo {
  std::function<PluginStateRows(const std::string& plugin)> load;
  std::map<std::string, PluginStateWrites> writes; // by plugin
};

class PluginStepExecutor {
public:
  virtual ~PluginStepExecutor() = default;
  virtual bool hasKind(const std::string& pluginKind) const = 0;
  // `params` are evaluated; `info` is {run, step, workflow, attempt}. Throw StepError to fail
  // (retryable or not); a crashed plugin worker is a retryable StepError with code "plugin".
  virtual nlohmann::json execute(const std::string& pluginKind, const nlohmann::json& params,
                                 const nlohmann::json& info, StepStateIo& state) = 0;
  // One execution of the run ended (completed, failed, waiting, lost): buffered audit entries of
  // the run are written now.
  virtual void runEnded(const std::string& /*runId*/) {}
};

struct HookVerdict {
  bool allow = true;
  std::string reason; // why a hook vetoed
};

class RuntimeHooks {
public:
  virtual ~RuntimeHooks() = default;
  // info: {run, workflow, input} before the first step of every execution (also on resume).
  virtual HookVerdict onWorkflowExecute(const nlohmann::json& info) = 0;
  // info: {run, workflow, step, kind, attempt} before every attempt of a leaf step.
  virtual HookVerdict onStepExecute(const nlohmann::json& info) = 0;
  // info: {run, workflow, step, error: {code, message, …}} when an execution ends failed
  // (observers only: `onError`).
  virtual void runFailed(const nlohmann::json& /*info*/) {}
  virtual void runEnded(const std::string& /*runId*/) {} // as PluginStepExecutor::runEnded
};

} // namespace locus::rt
