// One plugin's long-lived worker (docs/design/DESIGN.md §5 "Process model"): started lazily inside
// the sandbox on the first call, greeted with the versioned `initialize` handshake, then one
// JSON-RPC request per call with a deadline. Crashes, timeouts and protocol violations are detected
// here and returned as CallFailure values naming the plugin and the method; the worker is then
// stopped and the next call starts a fresh one. The dispatcher (hooks/dispatch/) plugs `call` in as
// a PluginCall.
#pragma once

#include "hooks/hostapi/capability.h"
#include "hooks/protocol/framing.h"
#include "hooks/sandbox/sandbox_policy.h"
#include "hooks/sandbox/sandboxed_process.h"
#include "hooks/worker/call_outcome.h"
#include "hooks/worker/pipe_exchange.h"
#include "hooks/worker/stderr_capture.h"

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace locus::hooks {

inline constexpr int kProtocolVersion = 1;

using PluginCall =
    std::function<CallOutcome(const std::string& method, const nlohmann::json& params, Deadline)>;

struct WorkerOptions {
  std::string pluginName;
  SandboxPolicy policy;
  // `initialize` params; protocol, core, plugin and workspace are filled in when absent.
  nlohmann::json initializeParams = nlohmann::json::object();
  std::chrono::milliseconds startTimeout{10000}; // spawn + handshake
  std::chrono::milliseconds shutdownGrace{1000}; // polite `shutdown` before the kill
  StderrLineSink onStderrLine;                   // attributed log lines; may be empty
  // Checks the `initialize` answer against what the manifest declares (hooks, steps, generators);
  // returns "" or the one reason the worker must not be used. May be empty (no manifest).
  std::function<std::string(const nlohmann::json& answer)> checkAnswer;
  // Answers the host-API requests a plugin sends while one of its calls is in progress
  // (`secrets.get`, `state.put`, …; docs/plugin-protocol.md "Host API"), after the worker checked
  // the request's capability token. Empty: a request from the plugin is a protocol violation.
  std::function<RpcResponse(const RpcRequest& request)> hostApi;
};

struct WorkerStats {
  long calls = 0;
  long failures = 0;
  long starts = 0;
  // CPU and peak memory of the plugin's whole process tree as its cgroup counts them (instances
  // that exited plus the running one); bwrap's wait4 rusage where no cgroup counts.
  double cpuSeconds = 0;
  long maxRssKb = 0;
  bool treeAccounting = false; // the figures come from cgroups
  std::string pidsLimit;       // how the pids limit was enforced for the last start
};

class PluginWorker {
public:
  explicit PluginWorker(WorkerOptions options);
  ~PluginWorker();
  PluginWorker(const PluginWorker&) = delete;
  PluginWorker& operator=(const PluginWorker&) = delete;

  // Starts the worker if needed, then sends one request. Thread-safe (calls are serialized).
  CallOutcome call(const std::string& method, const nlohmann::json& params, Deadline deadline);
  // The same with params already written as JSON text (one object), spliced into the request.
  CallOutcome callText(const std::string& method, const std::string& paramsText, Deadline deadline);
  // Starts now instead of on the first call (to start many plugins in parallel). ok() or failure.
  CallOutcome start();
  // `shutdown`, then stop the process (killed if it does not exit within the grace period).
  void shutdown();
  // Stops and starts again (`locusc watch` hot reload of a plugin's files).
  CallOutcome restart();

  bool running() const;
  nlohmann::json handshake() const; // the plugin's `initialize` result (null before start)
  WorkerStats stats() const;        // CPU/RSS cover instances that have exited
  std::string stderrTail(std::size_t maxBytes = 2048) const;
  const std::string& name() const { return options_.pluginName; }
  PluginCall asCall();

private:
  CallOutcome startLocked();
  // Starts the worker when needed, then sends the request `body` makes for its id.
  CallOutcome callWith(const std::string& method, const std::function<std::string(long id)>& body,
                       Deadline deadline);
  CallOutcome requestLocked(const std::string& method, const nlohmann::json& params,
                            Deadline deadline);
  CallOutcome exchangeLocked(const std::string& method, long id, const std::string& body,
                             Deadline deadline);
  CallOutcome answerFromMessage(RpcMessage message, long id, const std::string& method);
  RpcResponse answerHostRequest(RpcRequest request);
  CallOutcome failAndStop(FailureKind kind, const std::string& method, std::string message);
  std::string exitExplanation(const ExitInfo& exit) const;
  void stopLocked(bool polite);
  ExitInfo reapLocked();

  WorkerOptions options_;
  mutable std::mutex mutex_;
  SandboxedProcess process_;
  std::unique_ptr<FrameReader> reader_;
  std::unique_ptr<StderrCapture> stderr_;
  nlohmann::json handshake_;
  CapabilityGuard capability_; // this instance's token for host-API requests
  WorkerStats stats_;
  long nextId_ = 1;
};

} // namespace locus::hooks
