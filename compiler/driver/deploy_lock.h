// The lock of a deploy target: `locusc deploy` and `rollback` of one environment hold an
// exclusive flock(2) on <target>/.deploy.lock for their whole run, so two deploys never switch
// `current` or apply migrations at the same time. The kernel drops it if the process dies.
#pragma once

#include <filesystem>
#include <string>

namespace locus {

class DeployLock {
public:
  // Takes the lock without waiting; on failure `error` says who holds it or what failed.
  static DeployLock acquire(const std::filesystem::path& target, std::string& error);
  DeployLock(DeployLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DeployLock& operator=(DeployLock&&) = delete;
  ~DeployLock();
  bool held() const { return fd_ >= 0; }

private:
  explicit DeployLock(int fd) : fd_(fd) {}
  int fd_;
};

} // namespace locus
