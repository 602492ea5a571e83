#include "hooks/sandbox/bwrap_argv.h"

namespace locus::hooks {

namespace {
// Files a resolver and TLS client need; bound only when the network is granted.
constexpr const char* kNetworkEtcFiles[] = {"/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf",
                                            "/etc/ssl", "/etc/ca-certificates"};

void add(std::vector<std::string>& argv, std::initializer_list<std::string> items) {
  argv.insert(argv.end(), items);
}
} // namespace

std::vector<std::string> buildBwrapArgv(const SandboxPolicy& policy) {
  std::vector<std::string> argv{policy.bwrapPath};
  // Namespaces: everything private; no nested user namespaces; killed with the host.
  add(argv, {"--unshare-all", "--unshare-user", "--disable-userns"});
  if (policy.network) argv.push_back("--share-net");
  add(argv, {"--die-with-parent", "--new-session", "--cap-drop", "ALL"});
  // The system, read-only. /etc is not mounted: python3 and node start without it.
  add(argv, {"--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64",
             "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"});
  if (policy.network)
    for (const char* file : kNetworkEtcFiles) add(argv, {"--ro-bind-try", file, file});
  add(argv, {"--proc", "/proc", "--dev", "/dev"});
  add(argv, {"--size", std::to_string(static_cast<long long>(policy.limits.tmpfsMb) << 20),
             "--tmpfs", "/tmp"});
  add(argv, {"--ro-bind", policy.pluginDir, kSandboxPluginDir});
  add(argv, {"--bind", policy.workspaceDir, kSandboxWorkspaceDir});
  // Granted project paths; -try because a file may vanish between the grant and the start.
  for (const ReadOnlyBind& b : policy.readOnlyBinds) {
    if (b.source.empty())
      add(argv, {"--symlink", b.symlinkTarget, b.target});
    else
      add(argv, {"--ro-bind-try", b.source, b.target});
  }
  // A cleared environment: the host's variables (and secrets) never reach the plugin.
  add(argv, {"--clearenv", "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp", "--setenv",
             "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8", "--setenv", "LOCUS_WORKSPACE",
             kSandboxWorkspaceDir});
  for (const auto& [name, value] : policy.env) add(argv, {"--setenv", name, value});
  add(argv, {"--uid", "65534", "--gid", "65534", "--chdir", kSandboxPluginDir});
  add(argv, {"--remount-ro", "/", "--"});
  argv.insert(argv.end(), policy.entry.begin(), policy.entry.end());
  return argv;
}

} // namespace locus::hooks
