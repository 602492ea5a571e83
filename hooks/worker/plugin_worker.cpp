#include "hooks/worker/plugin_worker.h"

#include "compiler/base/core_version.h"
#include "hooks/sandbox/userns_check.h"

#include <csignal>
#include <filesystem>
#include <sys/stat.h>
#include <sys/wait.h>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kStderrDrain = std::chrono::milliseconds(300);
constexpr int kCapabilityRefused = -32001;

long long millisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

std::string checkHandshake(const json& answer, const std::string& pluginName) {
  if (!answer.is_object()) return "the initialize result is not an object";
  if (!answer.contains("name") || !answer["name"].is_string())
    return "the initialize result lacks a string 'name'";
  if (answer["name"] != pluginName)
    return "the plugin calls itself '" + answer["name"].get<std::string>() +
           "' but its manifest names it '" + pluginName + "'";
  if (!answer.contains("version") || !answer["version"].is_string())
    return "the initialize result lacks a string 'version'";
  if (answer.contains("protocol") && answer["protocol"] != kProtocolVersion)
    return "the plugin speaks protocol " + answer["protocol"].dump() + "; this host speaks " +
           std::to_string(kProtocolVersion);
  for (const char* list : {"hooks", "steps", "generators"})
    if (answer.contains(list) && !answer[list].is_array())
      return std::string("'") + list + "' in the initialize result must be an array";
  return "";
}

// The workspace is bound read-write into the sandbox; bwrap follows a symlink in the source, so a
// planted link could expose any host folder. It must be a real directory.
std::string prepareWorkspace(const std::string& dir) {
  if (dir.empty()) return "no workspace folder was given";
  std::error_code ec;
  fs::create_directories(dir, ec);
  struct stat info;
  if (lstat(dir.c_str(), &info) != 0) return "cannot create the workspace '" + dir + "'";
  if (!S_ISDIR(info.st_mode)) return "the workspace '" + dir + "' is not a directory (a symlink?)";
  return "";
}
} // namespace

PluginWorker::PluginWorker(WorkerOptions options) : options_(std::move(options)) {
  json& params = options_.initializeParams;
  if (!params.is_object()) params = json::object();
  if (!params.contains("protocol")) params["protocol"] = kProtocolVersion;
  if (!params.contains("core")) params["core"] = coreVersion();
  if (!params.contains("plugin")) params["plugin"] = options_.pluginName;
  if (!params.contains("permissions")) params["permissions"] = json::object();
  if (!params.contains("workspace")) params["workspace"] = kSandboxWorkspaceDir;
}

PluginWorker::~PluginWorker() {
  shutdown();
}

bool PluginWorker::running() const {
  std::lock_guard lock(mutex_);
  return process_.pid > 0;
}

json PluginWorker::handshake() const {
  std::lock_guard lock(mutex_);
  return handshake_;
}

WorkerStats PluginWorker::stats() const {
  std::lock_guard lock(mutex_);
  WorkerStats out = stats_;
  if (process_.pid > 0) { // the running instance, so far
    CgroupUsage now = readCgroupUsage(process_.jail);
    out.cpuSeconds += now.cpuSeconds.value_or(0);
    out.maxRssKb = std::max(out.maxRssKb, now.peakMemoryKb.value_or(0));
  }
  return out;
}

std::string PluginWorker::stderrTail(std::size_t maxBytes) const {
  std::lock_guard lock(mutex_);
  return stderr_ ? stderr_->tail(maxBytes) : "";
}

PluginCall PluginWorker::asCall() {
  return [this](const std::string& method, const json& params, Deadline deadline) {
    return call(method, params, deadline);
  };
}

CallOutcome PluginWorker::start() {
  std::lock_guard lock(mutex_);
  return process_.pid > 0 ? CallOutcome{} : startLocked();
}

CallOutcome PluginWorker::restart() {
  std::lock_guard lock(mutex_);
  stopLocked(/*polite=*/true);
  return startLocked();
}

void PluginWorker::shutdown() {
  std::lock_guard lock(mutex_);
  stopLocked(/*polite=*/true);
}

CallOutcome PluginWorker::call(const std::string& method, const json& params, Deadline deadline) {
  return callWith(
      method,
      [&](long id) {
        return serializeRequest(RpcRequest{id, method, params});
      },
      deadline);
}

CallOutcome PluginWorker::callText(const std::string& method, const std::string& paramsText,
                                   Deadline deadline) {
  return callWith(
      method, [&](long id) { return serializeRequestText(id, method, paramsText); }, deadline);
}

CallOutcome PluginWorker::callWith(const std::string& method,
                                   const std::function<std::string(long id)>& body,
                                   Deadline deadline) {
  std::lock_guard lock(mutex_);
  ++stats_.calls;
  if (process_.pid <= 0) {
    CallOutcome started = startLocked();
    if (!started.ok()) {
      ++stats_.failures;
      started.failure->method = method + " (starting the worker)";
      return started;
    }
  }
  Deadline capped = std::min(
      deadline, Clock::now() + std::chrono::milliseconds(options_.policy.limits.timeoutMs));
  std::optional<double> cpuBefore = readCgroupCpuSeconds(process_.jail);
  long id = nextId_++;
  CallOutcome outcome = exchangeLocked(method, id, body(id), capped);
  if (cpuBefore && process_.pid > 0)
    outcome.cpuSeconds = readCgroupCpuSeconds(process_.jail).value_or(0) - *cpuBefore;
  if (!outcome.ok()) ++stats_.failures;
  return outcome;
}

CallOutcome PluginWorker::startLocked() {
  ++stats_.starts;
  stderr_ = std::make_unique<StderrCapture>(
      options_.pluginName, options_.policy.limits.maxStderrBytes, options_.onStderrLine);
  FrameLimits limits;
  limits.maxMessageBytes = static_cast<std::size_t>(options_.policy.limits.maxOutputMb) << 20;
  reader_ = std::make_unique<FrameReader>(limits);
  handshake_ = nullptr;
  auto startFailure = [&](std::string message) {
    CallOutcome outcome;
    outcome.failure = CallFailure{FailureKind::StartFailed,
                                  options_.pluginName,
                                  "initialize",
                                  std::move(message),
                                  std::nullopt,
                                  "",
                                  ""};
    return outcome;
  };
  if (UsernsCheck check = checkUserNamespaces(options_.policy.bwrapPath); !check.ok)
    return startFailure(check.message);
  if (std::string problem = prepareWorkspace(options_.policy.workspaceDir); !problem.empty())
    return startFailure(problem);
  SpawnOutcome spawn = spawnSandboxed(options_.policy);
  if (!spawn.error.empty()) return startFailure(spawn.error);
  process_ = std::move(spawn.process);
  stats_.pidsLimit = process_.jail.explanation;
  options_.initializeParams["capability"] = {
      {"token", capability_.issue(options_.pluginName, options_.initializeParams["permissions"])}};

  CallOutcome answer =
      requestLocked("initialize", options_.initializeParams, Clock::now() + options_.startTimeout);
  if (answer.ok()) {
    std::string problem = checkHandshake(answer.result, options_.pluginName);
    if (problem.empty() && options_.checkAnswer) problem = options_.checkAnswer(answer.result);
    if (problem.empty()) {
      handshake_ = answer.result;
      return answer;
    }
    answer = failAndStop(FailureKind::HandshakeFailed, "initialize", problem);
  } else if (answer.failure->kind == FailureKind::ErrorReply) {
    stopLocked(/*polite=*/false);
  }
  answer.failure->kind = FailureKind::HandshakeFailed;
  return answer;
}

CallOutcome PluginWorker::requestLocked(const std::string& method, const json& params,
                                        Deadline deadline) {
  long id = nextId_++;
  return exchangeLocked(method, id, serializeRequest(RpcRequest{id, method, params}), deadline);
}

CallOutcome PluginWorker::exchangeLocked(const std::string& method, long id,
                                         const std::string& body, Deadline deadline) {
  std::string frame = encodeFrame(body);
  PluginPipes pipes{process_.stdinFd, process_.stdoutFd, process_.stderrFd};
  auto started = Clock::now();
  Exchange exchange = exchangeFrame(pipes, std::move(frame), *reader_, *stderr_, deadline);
  // While the call is in progress the plugin may ask the host (a secret, its state, …): answer each
  // request and keep waiting for the call's own answer, within the same deadline.
  RpcMessage message = ProtocolViolation{};
  while (exchange.kind == Exchange::Kind::Frame) {
    message = parseRpcMessage(exchange.body);
    auto* request = std::get_if<RpcRequest>(&message);
    if (!request || !options_.hostApi || method == "initialize" || method == "shutdown") break;
    bool notification = request->id.is_null();
    RpcResponse response = answerHostRequest(std::move(*request));
    std::string reply = notification ? "" : encodeFrame(serializeResponse(response));
    exchange = exchangeFrame(pipes, std::move(reply), *reader_, *stderr_, deadline);
  }
  CallOutcome outcome;
  switch (exchange.kind) {
  case Exchange::Kind::TimedOut:
    outcome = failAndStop(FailureKind::TimedOut, method,
                          "no answer within " + std::to_string(millisSince(started)) +
                              " ms; the plugin's processes were killed");
    break;
  case Exchange::Kind::Violation:
    outcome = failAndStop(FailureKind::ProtocolViolation, method,
                          "invalid output on stdout: " + exchange.violation);
    break;
  case Exchange::Kind::Closed:
    outcome = failAndStop(FailureKind::Crashed, method,
                          reader_->midFrame() ? "the plugin died in the middle of its reply"
                                              : "the plugin closed stdout without answering");
    break;
  case Exchange::Kind::Frame:
    outcome = answerFromMessage(std::move(message), id, method);
    break;
  }
  outcome.elapsed = Clock::now() - started;
  return outcome;
}

// A host-API request of the plugin: refused unless its capability token and nonce are right.
RpcResponse PluginWorker::answerHostRequest(RpcRequest request) {
  RpcResponse response;
  response.id = request.id;
  std::string refusal;
  json capability = request.params.is_object() && request.params.contains("capability")
                        ? request.params["capability"]
                        : json();
  if (!capability_.admit(capability, refusal)) {
    response.error = RpcError{kCapabilityRefused, "capability refused: " + refusal, nullptr};
    return response;
  }
  request.params.erase("capability");
  return options_.hostApi(request);
}

// One frame arrived: it must be the response to request `id`.
CallOutcome PluginWorker::answerFromMessage(RpcMessage message, long id,
                                            const std::string& method) {
  if (auto* violation = std::get_if<ProtocolViolation>(&message))
    return failAndStop(FailureKind::ProtocolViolation, method, violation->reason);
  if (auto* request = std::get_if<RpcRequest>(&message))
    return failAndStop(FailureKind::ProtocolViolation, method,
                       "the plugin sent a request ('" + request->method +
                           "'); in protocol v1 plugins only answer");
  auto& response = std::get<RpcResponse>(message);
  if (response.id != id)
    return failAndStop(FailureKind::ProtocolViolation, method,
                       "answer with id " + response.id.dump() + " to request " +
                           std::to_string(id));
  CallOutcome outcome;
  if (response.error)
    outcome.failure =
        CallFailure{FailureKind::ErrorReply, options_.pluginName, method, response.error->message,
                    response.error,          stderr_->tail(),     ""};
  else
    outcome.result = std::move(response.result);
  return outcome;
}

CallOutcome PluginWorker::failAndStop(FailureKind kind, const std::string& method,
                                      std::string message) {
  killSandboxed(process_);
  PluginPipes pipes{process_.stdinFd, process_.stdoutFd, process_.stderrFd};
  drainStderr(pipes, *stderr_, Clock::now() + kStderrDrain);
  ExitInfo exit = reapLocked();
  if (kind == FailureKind::Crashed) message += " (bwrap " + describeExit(exit.status) + ")";
  CallOutcome outcome;
  outcome.failure = CallFailure{kind,
                                options_.pluginName,
                                method,
                                std::move(message),
                                std::nullopt,
                                stderr_->tail(),
                                exitExplanation(exit)};
  return outcome;
}

std::string PluginWorker::exitExplanation(const ExitInfo& exit) const {
  const SandboxLimits& limits = options_.policy.limits;
  if (exit.oomKilled) return "memory limit exceeded: memoryMb=" + std::to_string(limits.memoryMb);
  int signal = WIFSIGNALED(exit.status)         ? WTERMSIG(exit.status)
               : WEXITSTATUS(exit.status) > 128 ? WEXITSTATUS(exit.status) - 128
                                                : 0;
  if (signal == SIGXCPU)
    return "CPU limit exceeded: cpuSeconds=" + std::to_string(limits.cpuSeconds);
  if (signal == SIGXFSZ)
    return "file size limit exceeded: maxFileMb=" + std::to_string(limits.maxFileMb);
  return "";
}

ExitInfo PluginWorker::reapLocked() {
  ExitInfo exit = reapSandboxed(process_);
  // bwrap's rusage misses the plugin when it is killed in bwrap's pid namespace (it is never
  // reaped by bwrap), so the cgroup's count of the whole tree wins where there is one.
  double bwrapCpu = exit.usage.ru_utime.tv_sec + exit.usage.ru_utime.tv_usec / 1e6 +
                    exit.usage.ru_stime.tv_sec + exit.usage.ru_stime.tv_usec / 1e6;
  stats_.cpuSeconds += exit.tree.cpuSeconds.value_or(bwrapCpu);
  stats_.maxRssKb =
      std::max(stats_.maxRssKb, exit.tree.peakMemoryKb.value_or(exit.usage.ru_maxrss));
  stats_.treeAccounting = exit.tree.cpuSeconds.has_value();
  return exit;
}

void PluginWorker::stopLocked(bool polite) {
  if (process_.pid <= 0) return;
  if (polite) {
    Deadline deadline = Clock::now() + options_.shutdownGrace;
    CallOutcome answer = requestLocked("shutdown", json::object(), deadline);
    if (process_.pid <= 0) return; // the plugin failed the shutdown request and was stopped
    // Wait for the plugin to exit on its own (stdout closes), then make sure of it.
    PluginPipes pipes{process_.stdinFd, process_.stdoutFd, process_.stderrFd};
    if (process_.stdinFd >= 0) close(process_.stdinFd), process_.stdinFd = -1;
    exchangeFrame(pipes, "", *reader_, *stderr_, deadline);
  }
  killSandboxed(process_);
  reapLocked();
}

} // namespace locus::hooks
