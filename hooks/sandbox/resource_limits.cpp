#include "hooks/sandbox/resource_limits.h"

#include <sys/resource.h>

namespace locus::hooks {

namespace {
bool setLimit(int resource, rlim_t soft, rlim_t hard) {
  struct rlimit limit {
    soft, hard
  };
  return setrlimit(resource, &limit) == 0;
}

rlim_t mebibytes(long long mb) {
  return static_cast<rlim_t>(mb) << 20;
}
} // namespace

bool applyResourceLimits(const SandboxLimits& limits, const CgroupJail& jail) {
  // CPU: SIGXCPU at the soft limit, SIGKILL one second later if it is ignored.
  rlim_t cpu = static_cast<rlim_t>(limits.cpuSeconds);
  rlim_t addressSpace = mebibytes(limits.memoryMb + limits.addressSpaceHeadroomMb);
  rlim_t fileSize = mebibytes(limits.maxFileMb);
  rlim_t files = static_cast<rlim_t>(limits.maxOpenFiles);
  bool ok = setLimit(RLIMIT_CPU, cpu, cpu + 1) && setLimit(RLIMIT_AS, addressSpace, addressSpace) &&
            setLimit(RLIMIT_FSIZE, fileSize, fileSize) && setLimit(RLIMIT_NOFILE, files, files) &&
            setLimit(RLIMIT_CORE, 0, 0);
  if (ok && jail.pids == PidsLimit::RlimitNproc) {
    rlim_t nproc = static_cast<rlim_t>(jail.nprocLimit);
    ok = setLimit(RLIMIT_NPROC, nproc, nproc);
  }
  return ok;
}

} // namespace locus::hooks
