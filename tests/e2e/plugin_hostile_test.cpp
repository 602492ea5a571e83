// Hostile plugins against the real sandbox: each attack is
// contained, reported as a failure naming the plugin and the hook, fast, and the host is untouched.
#include "tests/unit/hooks_worker_fixture.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>

using namespace locus::hooks;
using locus::test::in;
using locus::test::ScratchPlugin;
using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {
constexpr const char* kSecretName = "LOCUS_HOSTILE_TEST_SECRET";
constexpr const char* kSecretValue = "s3cr3t-value-from-the-host";

class PluginHostile : public testing::Test {
protected:
  void SetUp() override {
    plugin = std::make_unique<ScratchPlugin>("hostile", "hostile",
                                             std::vector{locus::test::sdkFile("locus_plugin.py")});
    // A unique argument lets the test find any process the plugin leaves behind.
    token = "locus-hostile-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
    options = plugin->options("hostile", {"python3", "main.py", token});
    options.policy.limits.timeoutMs = 3000;
    options.policy.limits.cpuSeconds = 2;
    options.policy.limits.memoryMb = 128;
    options.policy.limits.maxPids = 32;
    options.policy.limits.maxOutputMb = 1;
    options.policy.limits.maxStderrBytes = 64 * 1024;
    options.onStderrLine = [this](const std::string&, const std::string&) { ++stderrLines; };
  }

  void TearDown() override {
    worker.reset();
    EXPECT_EQ(leftoverProcesses(), 0) << "processes of the plugin survived the worker";
    for (const char* path : {"/usr/pwned", "/pwned", "/etc/pwned"})
      EXPECT_FALSE(std::filesystem::exists(path)) << path;
    EXPECT_FALSE(std::filesystem::exists(plugin->pluginDir / "pwned"));
  }

  PluginWorker& start() {
    worker = std::make_unique<PluginWorker>(options);
    CallOutcome started = worker->start();
    EXPECT_TRUE(started.ok()) << started.failure->describe();
    return *worker;
  }

  CallOutcome call(const std::string& hook, const json& params = json::object()) {
    auto began = Clock::now();
    CallOutcome outcome = worker->call(hook, params, in(30s));
    took = Clock::now() - began;
    if (outcome.failure) {
      EXPECT_EQ(outcome.failure->plugin, "hostile");
      EXPECT_EQ(outcome.failure->method, hook);
      EXPECT_NE(outcome.failure->describe().find("plugin 'hostile' failed in " + hook),
                std::string::npos);
    }
    return outcome;
  }

  // After a failure the worker is stopped and the next call starts a clean one.
  void expectRecovers() {
    CallOutcome again = call("ping");
    ASSERT_TRUE(again.ok()) << again.failure->describe();
    EXPECT_EQ(again.result["pong"], true);
  }

  int leftoverProcesses() const {
    int count = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
      std::ifstream cmdline(entry.path() / "cmdline");
      std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
      if (text.find(token) != std::string::npos) ++count;
    }
    return count;
  }

  static inline int counter = 0;
  std::unique_ptr<ScratchPlugin> plugin;
  std::string token;
  WorkerOptions options;
  std::unique_ptr<PluginWorker> worker;
  Clock::duration took{};
  int stderrLines = 0;
};
} // namespace

TEST_F(PluginHostile, NetworkIsUnreachableWithoutThePermission) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  start();
  CallOutcome outcome = call("network", {{"hostPort", ntohs(address.sin_port)}});
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  for (const char* probe : {"internet", "hostLoopback", "dns"})
    EXPECT_EQ(outcome.result[probe]["ok"], false) << probe << ": " << outcome.result[probe].dump();
  EXPECT_LT(accept(listener, nullptr, nullptr), 0) << "the plugin reached a host socket";
  close(listener);
}

TEST_F(PluginHostile, HostDeathTakesThePluginDown) {
  // Child mode: this test binary re-run as a host that is SIGKILLed while its plugin hangs in a
  // hook (so only --die-with-parent and the pid namespace can stop it, not stdin's EOF).
  if (const char* childToken = getenv("LOCUS_HOSTILE_HOST_TOKEN")) {
    options.policy.entry.back() = childToken;
    options.policy.workspaceDir = getenv("LOCUS_HOSTILE_WORKSPACE");
    options.policy.pluginDir = getenv("LOCUS_HOSTILE_PLUGIN");
    std::filesystem::remove_all(plugin->root); // this process dies without its TearDown
    options.policy.limits.timeoutMs = 60000;
    start();
    call("hang");
    return;
  }
  pid_t host = fork();
  if (host == 0) {
    setenv("LOCUS_HOSTILE_HOST_TOKEN", token.c_str(), 1);
    setenv("LOCUS_HOSTILE_WORKSPACE", plugin->workspaceDir.c_str(), 1);
    setenv("LOCUS_HOSTILE_PLUGIN", plugin->pluginDir.c_str(), 1);
    execl("/proc/self/exe", "host", "--gtest_filter=PluginHostile.HostDeathTakesThePluginDown",
          nullptr);
    _exit(127);
  }
  auto deadline = Clock::now() + 20s;
  while (!std::filesystem::exists(plugin->workspaceDir / "hanging") && Clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_GT(leftoverProcesses(), 0) << "the child host never got its plugin into the hook";
  kill(host, SIGKILL);
  waitpid(host, nullptr, 0);
  deadline = Clock::now() + 3s;
  while (leftoverProcesses() > 0 && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(leftoverProcesses(), 0) << "the plugin outlived its host";
}

TEST_F(PluginHostile, NetworkPermissionGrantsTheHostNetwork) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  options.policy.network = true;
  start();
  CallOutcome outcome = call("network", {{"hostPort", ntohs(address.sin_port)}});
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  EXPECT_EQ(outcome.result["hostLoopback"]["ok"], true) << outcome.result.dump();
  close(listener);
}

TEST_F(PluginHostile, GrantedVariablesAreTheOnlyOnesPassed) {
  setenv(kSecretName, kSecretValue, 1);
  options.policy.env = {{"GRANTED_TOKEN", "granted-value"}};
  start();
  CallOutcome outcome = call("readSecrets", {{"home", "/root"}, {"hostFile", "/etc/hostname"}});
  unsetenv(kSecretName);
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  EXPECT_EQ(outcome.result["environ"]["GRANTED_TOKEN"], "granted-value");
  EXPECT_FALSE(outcome.result["environ"].contains(kSecretName));
}

TEST_F(PluginHostile, CannotReadHostFilesHomeOrEnvironmentSecrets) {
  setenv(kSecretName, kSecretValue, 1);
  std::filesystem::path hostFile = plugin->root / "host-secret.txt";
  std::ofstream(hostFile) << kSecretValue;
  start();
  const char* home = getenv("HOME");
  CallOutcome outcome =
      call("readSecrets", {{"home", home ? home : "/root"}, {"hostFile", hostFile.string()}});
  unsetenv(kSecretName);
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  for (const char* probe : {"shadow", "passwd", "hostFile"})
    EXPECT_EQ(outcome.result[probe]["ok"], false) << probe << ": " << outcome.result[probe].dump();
  // $HOME may exist inside by name (HOME=/tmp is the sandbox's own tmpfs) but shows nothing of
  // the host's folder.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(home ? home : "/root", ec))
    for (const auto& seen : outcome.result["home"].value("value", json::array()))
      EXPECT_NE(seen, entry.path().filename().string()) << "host $HOME is visible";
  EXPECT_EQ(outcome.result.dump().find(kSecretValue), std::string::npos) << outcome.result.dump();
  EXPECT_TRUE(outcome.result["procEnviron"].contains("1")) << "the probe saw bwrap (pid 1)";
  std::set<std::string> allowed{"PATH",     "HOME", "TMPDIR", "LANG", "LOCUS_WORKSPACE",
                                "LC_CTYPE", "PWD"};
  for (const auto& [name, value] : outcome.result["environ"].items())
    EXPECT_TRUE(allowed.count(name)) << "unexpected variable " << name << "=" << value;
}

TEST_F(PluginHostile, InheritsNoHostFileDescriptors) {
  // A host file opened without O_CLOEXEC (as libraries do) must not reach the plugin.
  std::filesystem::path hostFile = plugin->root / "host-database.db";
  std::ofstream(hostFile) << kSecretValue;
  int leaked = open(hostFile.c_str(), O_RDWR);
  ASSERT_GE(leaked, 3);
  start();
  CallOutcome outcome = call("inheritedFds");
  close(leaked);
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  for (const auto& [fd, target] : outcome.result.items()) {
    int number = std::stoi(fd);
    // 0-2 are the protocol pipes and the log (the SDK keeps a private copy of stdout); the
    // rest is the directory being listed.
    std::string text = target.get<std::string>();
    bool pipeOrListing = text.rfind("pipe:", 0) == 0 || text.rfind("/proc/", 0) == 0 ||
                         text.find("No such file") != std::string::npos;
    EXPECT_TRUE(pipeOrListing) << "fd " << number << " -> " << target;
  }
}

TEST_F(PluginHostile, CannotWriteOutsideItsWorkspaceAndTmp) {
  std::filesystem::path outside = plugin->root / "outside.txt";
  start();
  CallOutcome outcome = call("writeOutside", {{"paths", {outside.string()}}});
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  for (const auto& [path, result] : outcome.result.items()) {
    bool allowed = path == "/tmp/scratch" || path == "/workspace/ok";
    EXPECT_EQ(result["ok"], allowed) << path << ": " << result.dump();
  }
  EXPECT_FALSE(std::filesystem::exists(outside));
  EXPECT_TRUE(std::filesystem::exists(plugin->workspaceDir / "ok"));
}

TEST_F(PluginHostile, ForkBombIsContained) {
  start();
  CallOutcome outcome = call("forkBomb", {{"max", 5000}});
  if (outcome.ok()) {
    EXPECT_LT(outcome.result["children"].get<int>(), options.policy.limits.maxPids);
    EXPECT_FALSE(outcome.result["error"].is_null());
  } else {
    EXPECT_EQ(outcome.failure->kind, FailureKind::TimedOut) << outcome.failure->describe();
  }
  EXPECT_LT(took, 10s);
  worker->shutdown();
  EXPECT_EQ(leftoverProcesses(), 0);
}

TEST_F(PluginHostile, MemoryBombIsStopped) {
  start();
  CallOutcome outcome = call("memoryBomb");
  if (outcome.ok()) { // no memory cgroup: RLIMIT_AS made allocation fail inside the plugin
    EXPECT_LE(outcome.result["allocatedMb"].get<int>(),
              options.policy.limits.memoryMb + options.policy.limits.addressSpaceHeadroomMb);
  } else if (outcome.failure->kind == FailureKind::Crashed) { // the memory cgroup OOM-killed it
    EXPECT_NE(outcome.failure->explanation.find("memory limit exceeded"), std::string::npos)
        << outcome.failure->describe();
  } else { // no memory cgroup and touching the RLIMIT_AS worth of pages outlasted the deadline
    EXPECT_EQ(outcome.failure->kind, FailureKind::TimedOut) << outcome.failure->describe();
  }
  EXPECT_LT(took, 10s);
  expectRecovers();
}

TEST_F(PluginHostile, CpuSpinHitsTheCpuLimit) {
  options.policy.limits.cpuSeconds = 1;
  options.policy.limits.timeoutMs = 8000;
  start();
  CallOutcome outcome = call("cpuSpin");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::Crashed) << outcome.failure->describe();
  EXPECT_NE(outcome.failure->explanation.find("CPU limit exceeded"), std::string::npos)
      << outcome.failure->describe();
  EXPECT_LT(took, 6s);
  expectRecovers();
}

TEST_F(PluginHostile, HangIsKilledAtTheDeadline) {
  options.policy.limits.timeoutMs = 500;
  start();
  CallOutcome outcome = call("hang");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::TimedOut);
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 2s);
  EXPECT_FALSE(worker->running());
  EXPECT_EQ(leftoverProcesses(), 0);
  expectRecovers();
}

struct Violation {
  const char* hook;
  const char* reason;
};

void PrintTo(const Violation& violation, std::ostream* out) {
  *out << violation.hook;
}

class PluginHostileProtocol : public PluginHostile,
                              public testing::WithParamInterface<Violation> {};

TEST_P(PluginHostileProtocol, IsAViolationAndTheWorkerIsReplaced) {
  start();
  CallOutcome outcome = call(GetParam().hook);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::ProtocolViolation) << outcome.failure->describe();
  EXPECT_NE(outcome.failure->message.find(GetParam().reason), std::string::npos)
      << outcome.failure->describe();
  EXPECT_LT(took, 2s);
  EXPECT_FALSE(worker->running());
  expectRecovers();
}

INSTANTIATE_TEST_SUITE_P(Attacks, PluginHostileProtocol,
                         testing::Values(Violation{"stdoutFlood", "frame header longer than"},
                                         Violation{"garbage", "bytes outside a frame"},
                                         Violation{"notJson", "not valid JSON"},
                                         Violation{"oversized", "exceeds the cap"},
                                         Violation{"wrongId", "id 999999"}),
                         [](const auto& info) { return std::string(info.param.hook); });

TEST_F(PluginHostile, CrashMidReplyIsReportedWithItsStderr) {
  start();
  CallOutcome outcome = call("crashMidReply");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::Crashed);
  EXPECT_NE(outcome.failure->message.find("middle of its reply"), std::string::npos)
      << outcome.failure->describe();
  EXPECT_NE(outcome.failure->stderrTail.find("about to die"), std::string::npos);
  expectRecovers();
}

TEST_F(PluginHostile, StderrFloodIsCappedAndTheCallSucceeds) {
  start();
  CallOutcome outcome = call("stderrFlood", {{"kb", 4096}});
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  EXPECT_LE(worker->stderrTail(1 << 30).size(), options.policy.limits.maxStderrBytes);
  EXPECT_LE(stderrLines, 70) << "lines past the cap were passed to the log";
}

TEST_F(PluginHostile, PlantedSymlinksLeadNowhereOnTheHost) {
  start();
  CallOutcome outcome = call("plantSymlinks");
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  EXPECT_EQ(outcome.result["shadowThroughLink"]["ok"], false);
  // "../../.." from /workspace is the sandbox's own root, not the host's.
  for (const auto& entry : outcome.result["upListing"]["value"])
    EXPECT_TRUE(entry != "root" && entry != "home" && entry != "etc" && entry != "var") << entry;
  EXPECT_TRUE(std::filesystem::is_symlink(plugin->workspaceDir / "shadow"));
  // The links stay in the workspace; a restarted worker is still confined.
  ASSERT_TRUE(worker->restart().ok());
  EXPECT_EQ(call("plantSymlinks").result["shadowThroughLink"]["ok"], false);
}
