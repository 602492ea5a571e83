// Poll-based I/O with a plugin: write a request while reading stdout (frames) and stderr (log)
// until one frame is complete, the plugin closes stdout, the frame reader reports a violation,
// or the deadline passes. Never blocks beyond the deadline, whatever the plugin does.
#pragma once

#include "hooks/protocol/framing.h"
#include "hooks/worker/stderr_capture.h"

#include <chrono>
#include <string>

namespace locus::hooks {

using Deadline = std::chrono::steady_clock::time_point;

// Views of the process's fds (non-blocking); an fd is closed and set to -1 at EOF.
struct PluginPipes {
  int& stdinFd;
  int& stdoutFd;
  int& stderrFd;
};

struct Exchange {
  enum class Kind { Frame, Closed, Violation, TimedOut } kind = Kind::TimedOut;
  std::string body;      // Frame
  std::string violation; // Violation
};

Exchange exchangeFrame(PluginPipes& pipes, std::string toWrite, FrameReader& reader,
                       StderrCapture& stderrCapture, Deadline deadline);
// After the plugin closed stdout: collect what it still writes to stderr (its traceback) until
// EOF or the deadline.
void drainStderr(PluginPipes& pipes, StderrCapture& stderrCapture, Deadline deadline);

} // namespace locus::hooks
