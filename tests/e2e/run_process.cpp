#include "tests/e2e/run_process.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace locus::test {

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
} // namespace

ProcessResult runProcess(const std::string& command, const std::string& cwd) {
  char dir[] = "/tmp/locus-e2e-XXXXXX";
  std::string tmp = mkdtemp(dir) ? dir : "/tmp";
  std::string outPath = tmp + "/out", errPath = tmp + "/err";
  std::string full = (cwd.empty() ? "" : "cd '" + cwd + "' && ") + command + " </dev/null >'" +
                     outPath + "' 2>'" + errPath + "'";
  int status = std::system(full.c_str());
  ProcessResult r;
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(outPath);
  r.err = slurp(errPath);
  std::remove(outPath.c_str());
  std::remove(errPath.c_str());
  rmdir(tmp.c_str());
  return r;
}

} // namespace locus::test
