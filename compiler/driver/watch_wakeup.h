// Wakes `locusc watch`'s loop from a signal handler or another thread (self-pipe): SIGINT and
// SIGTERM set the stop flag, plugin reloads (PluginFileWatcher's thread) just wake it. The loop
// polls `fd()` together with the project's inotify descriptor. Restores the previous signal
// handlers when destroyed.
#pragma once

namespace locus {

class WatchWakeup {
public:
  WatchWakeup(); // installs the SIGINT/SIGTERM handlers (one instance per process)
  ~WatchWakeup();
  WatchWakeup(const WatchWakeup&) = delete;
  WatchWakeup& operator=(const WatchWakeup&) = delete;

  int fd() const; // readable after wake() or a stop signal
  void wake();    // async-signal-safe
  bool stopRequested() const;
  void requestStop(); // what SIGINT/SIGTERM do
  void drain();       // empties the pipe
};

} // namespace locus
