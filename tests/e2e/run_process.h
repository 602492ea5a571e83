// Runs a command line through /bin/sh and captures its output and exit status.
#pragma once

#include <string>

namespace locus::test {

struct ProcessResult {
  int exitCode = -1;
  std::string out; // stdout
  std::string err; // stderr
};

// `cwd` is the working directory ("" = unchanged). stdin is /dev/null.
ProcessResult runProcess(const std::string& command, const std::string& cwd = "");

} // namespace locus::test
