#include "hooks/worker/pipe_exchange.h"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

namespace locus::hooks {

namespace {
int millisUntil(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30));
}

// Writes without the process-wide SIGPIPE: the signal is blocked for this thread and a pending
// one consumed, so a plugin that closed stdin yields EPIPE instead of killing the host.
ssize_t writeNoSigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipeSet, old;
  sigemptyset(&pipeSet);
  sigaddset(&pipeSet, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipeSet, &old);
  ssize_t written = write(fd, data, size);
  int error = errno;
  if (written < 0 && error == EPIPE) {
    struct timespec zero {
      0, 0
    };
    sigtimedwait(&pipeSet, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = error;
  return written;
}

// Reads what is available (bounded, so a flood cannot starve the deadline check); false on EOF or
// a hard error.
bool readInto(int fd, std::string& out) {
  char buffer[65536];
  for (int round = 0; round < 16; ++round) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got > 0) {
      out.append(buffer, got);
      if (got < static_cast<ssize_t>(sizeof buffer)) return true;
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return true;
}

void closeFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}
} // namespace

Exchange exchangeFrame(PluginPipes& pipes, std::string toWrite, FrameReader& reader,
                       StderrCapture& stderrCapture, Deadline deadline) {
  Exchange result;
  std::size_t written = 0;
  for (;;) {
    FrameReader::Status status = reader.next(result.body);
    if (status == FrameReader::Status::Frame) return result.kind = Exchange::Kind::Frame, result;
    if (status == FrameReader::Status::Violation) {
      result.violation = reader.violation();
      return result.kind = Exchange::Kind::Violation, result;
    }
    if (pipes.stdoutFd < 0) return result.kind = Exchange::Kind::Closed, result;
    if (std::chrono::steady_clock::now() >= deadline)
      return result.kind = Exchange::Kind::TimedOut, result;
    struct pollfd fds[3] = {{pipes.stdoutFd, POLLIN, 0},
                            {pipes.stderrFd, POLLIN, 0},
                            {written < toWrite.size() ? pipes.stdinFd : -1, POLLOUT, 0}};
    int ready = poll(fds, 3, millisUntil(deadline));
    if (ready < 0 && errno != EINTR) return result.kind = Exchange::Kind::Closed, result;
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      ssize_t n = writeNoSigpipe(pipes.stdinFd, toWrite.data() + written, toWrite.size() - written);
      if (n > 0)
        written += n;
      else if (n < 0 && errno != EAGAIN && errno != EINTR)
        written = toWrite.size(); // reader gone
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      std::string chunk;
      if (!readInto(pipes.stderrFd, chunk)) closeFd(pipes.stderrFd);
      stderrCapture.append(chunk);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      std::string chunk;
      bool open = readInto(pipes.stdoutFd, chunk);
      reader.feed(chunk);
      if (!open) closeFd(pipes.stdoutFd); // EOF: frames already buffered are still returned
    }
  }
}

void drainStderr(PluginPipes& pipes, StderrCapture& stderrCapture, Deadline deadline) {
  while (pipes.stderrFd >= 0 && std::chrono::steady_clock::now() < deadline) {
    struct pollfd fd {
      pipes.stderrFd, POLLIN, 0
    };
    int ready = poll(&fd, 1, millisUntil(deadline));
    if (ready <= 0) return;
    std::string chunk;
    if (!readInto(pipes.stderrFd, chunk)) closeFd(pipes.stderrFd);
    stderrCapture.append(chunk);
  }
}

} // namespace locus::hooks
