#include "compiler/driver/watch_wakeup.h"

#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace locus {

namespace {

// Signal handlers can reach only globals; there is one watch loop per process.
int pipeFds[2] = {-1, -1};
std::atomic<bool> stopFlag{false};
struct sigaction previousInt, previousTerm;

void onStopSignal(int) {
  stopFlag = true;
  char byte = 's';
  [[maybe_unused]] ssize_t n = ::write(pipeFds[1], &byte, 1);
}

} // namespace

WatchWakeup::WatchWakeup() {
  stopFlag = false;
  if (::pipe2(pipeFds, O_CLOEXEC | O_NONBLOCK) != 0) pipeFds[0] = pipeFds[1] = -1;
  struct sigaction action = {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; // no SA_RESTART: a blocking poll(2) returns at once
  sigaction(SIGINT, &action, &previousInt);
  sigaction(SIGTERM, &action, &previousTerm);
}

WatchWakeup::~WatchWakeup() {
  sigaction(SIGINT, &previousInt, nullptr);
  sigaction(SIGTERM, &previousTerm, nullptr);
  for (int& fd : pipeFds)
    if (fd >= 0) ::close(fd), fd = -1;
}

int WatchWakeup::fd() const {
  return pipeFds[0];
}

void WatchWakeup::wake() {
  char byte = 'w';
  [[maybe_unused]] ssize_t n = ::write(pipeFds[1], &byte, 1);
}

bool WatchWakeup::stopRequested() const {
  return stopFlag;
}

void WatchWakeup::requestStop() {
  onStopSignal(SIGTERM);
}

void WatchWakeup::drain() {
  char buffer[64];
  while (::read(pipeFds[0], buffer, sizeof buffer) > 0) {
  }
}

} // namespace locus
