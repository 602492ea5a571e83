// The sandbox's pieces on their own: the bwrap argv, the cgroup jail, the user-namespace advice,
// exit descriptions. The isolation itself is tested end to end in tests/e2e/plugin_hostile_test.
#include "hooks/sandbox/bwrap_argv.h"
#include "hooks/sandbox/cgroup_jail.h"
#include "hooks/sandbox/sandboxed_process.h"
#include "hooks/sandbox/userns_check.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace locus::hooks;

namespace {
SandboxPolicy samplePolicy() {
  SandboxPolicy policy;
  policy.pluginDir = "/srv/plugins/slack";
  policy.workspaceDir = "/srv/app/.locus/workspaces/slack";
  policy.entry = {"python3", "main.py"};
  return policy;
}

// True when `sequence` appears in `argv` as consecutive items.
bool hasSequence(const std::vector<std::string>& argv, std::vector<std::string> sequence) {
  return std::search(argv.begin(), argv.end(), sequence.begin(), sequence.end()) != argv.end();
}

std::ptrdiff_t indexOf(const std::vector<std::string>& argv, const std::string& item) {
  return std::find(argv.begin(), argv.end(), item) - argv.begin();
}
} // namespace

TEST(HooksSandboxArgv, IsolatesEverythingByDefault) {
  auto argv = buildBwrapArgv(samplePolicy());
  for (const char* flag : {"--unshare-all", "--unshare-user", "--disable-userns",
                           "--die-with-parent", "--new-session", "--clearenv"})
    EXPECT_NE(indexOf(argv, flag), static_cast<std::ptrdiff_t>(argv.size())) << flag;
  EXPECT_TRUE(hasSequence(argv, {"--cap-drop", "ALL"}));
  EXPECT_TRUE(hasSequence(argv, {"--ro-bind", "/usr", "/usr"}));
  EXPECT_TRUE(hasSequence(argv, {"--ro-bind", "/srv/plugins/slack", "/plugin"}));
  EXPECT_TRUE(hasSequence(argv, {"--bind", "/srv/app/.locus/workspaces/slack", "/workspace"}));
  EXPECT_TRUE(hasSequence(argv, {"--size", std::to_string(64 << 20), "--tmpfs", "/tmp"}));
  EXPECT_TRUE(hasSequence(argv, {"--chdir", "/plugin"}));
  EXPECT_EQ(indexOf(argv, "--share-net"), static_cast<std::ptrdiff_t>(argv.size()));
  EXPECT_EQ(indexOf(argv, "/etc/resolv.conf"), static_cast<std::ptrdiff_t>(argv.size()));
  // Nothing of the host besides /usr and the two folders is bound.
  for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == "--ro-bind" || argv[i] == "--bind") {
      EXPECT_TRUE(argv[i + 1] == "/usr" || argv[i + 1].rfind("/srv/", 0) == 0) << argv[i + 1];
    }
  }
  // The entry comes last, after the separator.
  ASSERT_GE(argv.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(argv.end() - 3, argv.end()),
            (std::vector<std::string>{"--", "python3", "main.py"}));
}

TEST(HooksSandboxArgv, NetworkPermissionSharesTheNetworkAndResolver) {
  SandboxPolicy policy = samplePolicy();
  policy.network = true;
  auto argv = buildBwrapArgv(policy);
  EXPECT_LT(indexOf(argv, "--share-net"), indexOf(argv, "--"));
  EXPECT_TRUE(hasSequence(argv, {"--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"}));
}

TEST(HooksSandboxArgv, OnlyGrantedEnvironmentIsSet) {
  SandboxPolicy policy = samplePolicy();
  policy.env = {{"SLACK_TOKEN", "t0k"}};
  auto argv = buildBwrapArgv(policy);
  EXPECT_LT(indexOf(argv, "--clearenv"), indexOf(argv, "SLACK_TOKEN"));
  EXPECT_TRUE(hasSequence(argv, {"--setenv", "SLACK_TOKEN", "t0k"}));
  EXPECT_TRUE(hasSequence(argv, {"--setenv", "PATH", "/usr/bin"}));
}

TEST(HooksSandboxCgroup, JailLimitsPidsOrExplainsWhyNot) {
  SandboxLimits limits;
  limits.maxPids = 17;
  CgroupJail jail = createCgroupJail(limits);
  EXPECT_FALSE(jail.explanation.empty());
  if (jail.pids == PidsLimit::CgroupV1 || jail.pids == PidsLimit::CgroupV2) {
    ASSERT_FALSE(jail.dirs.empty());
    std::ifstream max(jail.dirs.front() + "/pids.max");
    std::string value;
    max >> value;
    EXPECT_EQ(value, "17");
    EXPECT_NE(jail.explanation.find("pids.max=17"), std::string::npos);
  } else if (getuid() == 0) {
    EXPECT_EQ(jail.pids, PidsLimit::None);
    EXPECT_NE(jail.explanation.find("root"), std::string::npos);
  } else {
    EXPECT_EQ(jail.pids, PidsLimit::RlimitNproc);
    EXPECT_GT(jail.nprocLimit, 17);
  }
  std::vector<std::string> dirs = jail.dirs;
  releaseCgroupJail(jail);
  for (const std::string& dir : dirs) EXPECT_FALSE(std::filesystem::exists(dir)) << dir;
}

TEST(HooksSandboxUserns, SelfCheckPassesOnThisMachine) {
  UsernsCheck check = checkUserNamespaces();
  EXPECT_TRUE(check.ok) << check.message;
}

TEST(HooksSandboxUserns, MissingBwrapSaysHowToInstallIt) {
  UsernsCheck check = checkUserNamespaces("/nonexistent/bwrap");
  EXPECT_FALSE(check.ok);
  EXPECT_NE(check.message.find("apt-get install bubblewrap"), std::string::npos) << check.message;
}

TEST(HooksSandboxUserns, AdviceNamesTheAppArmorSysctl) {
  auto dir = std::filesystem::temp_directory_path() / ("locus-sysctl-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "kernel");
  std::ofstream(dir / "kernel/apparmor_restrict_unprivileged_userns") << "1\n";
  std::string advice =
      usernsFixAdvice("bwrap: setting up uid map: Permission denied", dir.string());
  EXPECT_NE(advice.find("kernel.apparmor_restrict_unprivileged_userns=0"), std::string::npos)
      << advice;
  std::filesystem::create_directories(dir / "user");
  std::ofstream(dir / "user/max_user_namespaces") << "0\n";
  EXPECT_NE(usernsFixAdvice("", dir.string()).find("user.max_user_namespaces"), std::string::npos);
  std::filesystem::remove_all(dir);
  EXPECT_NE(usernsFixAdvice("Permission denied", "/nonexistent").find("fix:"), std::string::npos);
}

TEST(HooksSandboxExit, DescribesBwrapExitCodesAsSignals) {
  EXPECT_EQ(describeExit(3 << 8), "exited with status 3");
  EXPECT_NE(describeExit((128 + SIGXCPU) << 8).find("signal 24"), std::string::npos);
  EXPECT_NE(describeExit(SIGKILL).find("signal 9"), std::string::npos);
}

TEST(HooksSandboxExit, FindsExecutablesInPath) {
  EXPECT_FALSE(findExecutable("sh").empty());
  EXPECT_TRUE(findExecutable("no-such-program-locus").empty());
  EXPECT_EQ(findExecutable("/bin/sh"), "/bin/sh");
}
