// A fresh cgroup per worker that bounds its processes (pids) and memory, where the machine lets us
// create one: cgroup v2 when our cgroup delegates `pids`/`memory`, else cgroup v1 hierarchies we
// can write (this VM: a hybrid layout, notes/toolchain.md §6). Without a pids cgroup the fallback
// is RLIMIT_NPROC, which the kernel ignores for root — `explanation` says what the host gets.
#pragma once

#include "hooks/sandbox/sandbox_policy.h"

#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

enum class PidsLimit { CgroupV2, CgroupV1, RlimitNproc, None };

struct CgroupJail {
  std::vector<std::string> dirs; // cgroup directories created for this worker
  std::vector<int> procsFds;     // their cgroup.procs, open for the child to join
  PidsLimit pids = PidsLimit::None;
  bool memory = false;     // real memory bounded by a cgroup (not only RLIMIT_AS)
  std::string memoryDir;   // where to look for OOM kills and the peak memory
  std::string cpuDir;      // where the tree's CPU time is counted (v2 cgroup or v1 cpuacct)
  bool cpuV2 = false;      // cpuDir is a v2 cgroup (cpu.stat) rather than v1 cpuacct
  long nprocLimit = 0;     // RLIMIT_NPROC to set when pids == RlimitNproc
  std::string explanation; // how the pids limit is enforced, in one sentence
};

// In the host, before fork. `limits` gives pids.max and the memory limit. Never fails: when no
// cgroup can be made the jail says so and the caller uses rlimits only.
CgroupJail createCgroupJail(const SandboxLimits& limits);
// In the forked child (async-signal-safe): moves the calling process into every cgroup.
void enterCgroupJail(const CgroupJail& jail);
// SIGKILLs every process still in the jail (processes that escaped the process group).
void killCgroupJail(const CgroupJail& jail);
// What the kernel counted for every process that was in the jail (the plugin and its children,
// not only bwrap, whose wait4 rusage misses processes killed in its pid namespace).
struct CgroupUsage {
  std::optional<double> cpuSeconds; // user + system
  std::optional<long> peakMemoryKb; // high-water mark of the memory cgroup
};
CgroupUsage readCgroupUsage(const CgroupJail& jail);
// The CPU part alone, with one small read (it is taken before and after every call).
std::optional<double> readCgroupCpuSeconds(const CgroupJail& jail);
// True when the kernel OOM-killed a process of the jail's memory cgroup.
bool cgroupJailOomKilled(const CgroupJail& jail);
// Closes the fds and removes the directories (later, if the kernel has not yet released them).
void releaseCgroupJail(CgroupJail& jail);
const char* pidsLimitName(PidsLimit pids);

} // namespace locus::hooks
