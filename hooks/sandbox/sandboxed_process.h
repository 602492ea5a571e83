// Starting and stopping one sandboxed process: fork, rlimits, cgroup, exec bwrap with pipes on
// fds 0/1/2 in its own process group. fork+exec rather than posix_spawn because the child must
// call setrlimit and join the cgroup (notes/toolchain.md §6).
#pragma once

#include "hooks/sandbox/cgroup_jail.h"
#include "hooks/sandbox/sandbox_policy.h"

#include <string>
#include <sys/resource.h>
#include <sys/types.h>

namespace locus::hooks {

struct SandboxedProcess {
  pid_t pid = -1;                                 // bwrap; also the process group id
  int stdinFd = -1, stdoutFd = -1, stderrFd = -1; // host ends, non-blocking, close-on-exec
  CgroupJail jail;
};

struct SpawnOutcome {
  SandboxedProcess process;
  std::string error; // non-empty when nothing was started (bwrap missing, fork failed, …)
};

struct ExitInfo {
  int status = 0;         // as from waitpid
  struct rusage usage {}; // bwrap and every descendant it reaped (the plugin)
  bool oomKilled = false; // the memory cgroup killed a process
  CgroupUsage tree;       // the whole process tree's CPU and peak memory, where cgroups count
};

SpawnOutcome spawnSandboxed(const SandboxPolicy& policy);
// SIGKILLs the process group and the cgroup. Safe to call more than once.
void killSandboxed(const SandboxedProcess& process);
// Waits for the process (after killSandboxed, or after it exited), closes the fds, releases the
// cgroup. Blocks only until the kernel has delivered SIGKILL.
ExitInfo reapSandboxed(SandboxedProcess& process);
// "exited with status 3", "killed by signal 9 (Killed)", reading bwrap's 128+N convention.
std::string describeExit(int status);
// The resolved absolute path of `program` (searched in PATH when it has no '/'), or "".
std::string findExecutable(const std::string& program);

} // namespace locus::hooks
