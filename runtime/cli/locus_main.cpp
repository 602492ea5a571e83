// `locus`: the workflow runtime CLI. The engine arrives with issue 5; today it reports its version
// and says plainly that execution is not available yet.
#include "runtime/version.h"

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc >= 2 &&
      (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "version") == 0)) {
    std::printf("locus %s\n", locus::runtimeVersion());
    return 0;
  }
  std::fprintf(stderr,
               "locus %s: the workflow runtime is not implemented yet (only --version works).\n",
               locus::runtimeVersion());
  return 2;
}
