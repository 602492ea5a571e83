// What a plugin's sandbox looks like and what it may use: the input of every sandbox function.
// Filled by the host from the manifest (`permissions`, `limits`) and the project layout.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace locus::hooks {

// Mount points inside the sandbox (the plugin sees these paths, never host paths).
inline constexpr const char* kSandboxPluginDir = "/plugin";
inline constexpr const char* kSandboxWorkspaceDir = "/workspace";
inline constexpr const char* kSandboxProjectDir = "/project"; // granted `fs.read` paths, read-only

struct SandboxLimits {
  int timeoutMs = 2000; // wall clock per call; the process group is killed when it passes
  int memoryMb = 256;   // memory cgroup limit when one is available
  int cpuSeconds = 5;   // RLIMIT_CPU over the worker's lifetime (a restart resets it)
  int maxOutputMb = 16; // largest protocol message the plugin may send
  std::size_t maxStderrBytes = 256 * 1024; // stderr kept per worker; the rest is counted, dropped
  int maxPids = 64;       // processes and threads in the sandbox (cgroup or RLIMIT_NPROC)
  int tmpfsMb = 64;       // size of the private /tmp
  int maxFileMb = 64;     // RLIMIT_FSIZE: the largest file the plugin may write
  int maxOpenFiles = 256; // RLIMIT_NOFILE
  // RLIMIT_AS is memoryMb plus this headroom: V8 (node) reserves ~1 GiB of address space that it
  // never touches, so a tight RLIMIT_AS stops node from starting. The cgroup bounds real memory.
  int addressSpaceHeadroomMb = 1024;
};

// One granted project path inside the sandbox at /project/<path>: a read-only bind of a file or a
// whole folder, or — for a symlink — the same symlink recreated inside the sandbox, so it resolves
// there and never through the host's file system.
struct ReadOnlyBind {
  std::string source;        // host path (canonical); empty for a symlink
  std::string target;        // path inside the sandbox, under kSandboxProjectDir
  std::string symlinkTarget; // the link's text when the granted path is a symlink
};

struct SandboxPolicy {
  std::string bwrapPath = "bwrap"; // looked up in PATH when it has no '/'
  std::string pluginDir;           // host folder, bound read-only at /plugin (the cwd)
  std::string workspaceDir;        // host folder `.locus/workspaces/<name>/`, bound read-write
  std::vector<std::string> entry;  // the manifest's `entry`, run inside the sandbox
  bool network = false;            // `permissions.network`: --share-net plus resolver files
  std::vector<std::pair<std::string, std::string>> env; // granted variables (`permissions.env`)
  std::vector<ReadOnlyBind> readOnlyBinds; // granted `fs.read` paths (see fs_read_binds.h)
  SandboxLimits limits;
};

} // namespace locus::hooks
