// `locus`: the workflow runtime CLI. Thin: the command line (command_line.cpp) dispatches to the
// commands in runtime/cli/; exit statuses are listed in cli.h.
#include "runtime/cli/cli.h"

int main(int argc, char** argv) {
  return locus::cli::runCommandLine(argc, argv);
}
