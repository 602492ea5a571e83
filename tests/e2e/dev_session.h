// `locus dev` as a test runs it: the real binary on a copy of an example project, its stdout read
// line by line (the ready line), its stderr kept in a file, and the checks that a stop leaves no
// process behind. Used by the `locus dev` and the browser end-to-end tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace locus::test {

class DevSession {
public:
  // Starts `locus dev PROJECT --port 0 EXTRA…` with the parent's environment plus `env`.
  DevSession(const std::filesystem::path& project, const std::vector<std::string>& extra,
             const std::map<std::string, std::string>& env = {});
  ~DevSession(); // SIGKILL if it still runs (a failed test)
  DevSession(const DevSession&) = delete;
  DevSession& operator=(const DevSession&) = delete;

  // The next stdout line, or "" after `timeout` or at the end of the output.
  std::string line(std::chrono::seconds timeout);
  // Exit status after waiting up to `timeout`; -1 if it still runs.
  int waitExit(std::chrono::seconds timeout);
  std::string stderrText() const;
  pid_t pid() const { return pid_; }

private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

struct DevReady {
  int web = 0, api = 0; // 0: the ready line did not come (the test has failed)
};

// Waits for the ready line, which is the first line on stdout.
DevReady waitReady(DevSession& dev);

// A copy of examples/NAME in a fresh temporary folder (its parent is removed by the caller).
std::filesystem::path copyExample(const std::string& name);

// The process whose working folder is `cwd` (0: none).
pid_t processWithCwd(const std::filesystem::path& cwd);

// Fails the test when some process still works in or names `dir` 5 s from now.
void expectNoProcessLeft(const std::filesystem::path& dir);

} // namespace locus::test
