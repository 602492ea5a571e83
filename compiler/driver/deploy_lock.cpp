#include "compiler/driver/deploy_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace locus {

DeployLock DeployLock::acquire(const std::filesystem::path& target, std::string& error) {
  std::filesystem::path file = target / ".deploy.lock";
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open " + file.string() + ": " + std::strerror(errno);
    return DeployLock(-1);
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    error = err == EWOULDBLOCK ? "another deploy or rollback holds " + file.string() +
                                     "; run again when it has finished"
                               : "cannot lock " + file.string() + ": " + std::strerror(err);
    return DeployLock(-1);
  }
  return DeployLock(fd);
}

DeployLock::~DeployLock() {
  if (fd_ >= 0) ::close(fd_); // closing the descriptor releases the flock
}

} // namespace locus
