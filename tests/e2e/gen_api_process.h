// A long-running child process for the API end-to-end test (the generated server under node):
// started with its own environment, stdout read until a line appears, killed with its process
// group at the end.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace locus::test {

class ChildProcess {
public:
  // stderr goes to `stderrPath`. The environment is the parent's plus `env`.
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::string& cwd, const std::string& stderrPath);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout until a line starting with `prefix` arrives; returns it, or "" on timeout/exit.
  std::string waitForLine(const std::string& prefix, std::chrono::milliseconds timeout);
  void stop();

private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  std::string buffered_;
};

} // namespace locus::test
