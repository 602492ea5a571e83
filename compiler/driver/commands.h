// The locusc subcommands. Each returns the process exit status: 0 ok, 1 diagnostics with
// errors, 2 usage or I/O error.
#pragma once

#include "compiler/diagnostics/render.h"

#include <string>

namespace locus {

struct OutputOptions {
  RenderOptions render;
  bool quiet = false; // suppress warnings and the summary
};

int runCheck(const std::string& input, const OutputOptions& out);
int runAst(const std::string& file, const OutputOptions& out);
int runExplain(const std::string& code);
int runIr(const std::string& input, const OutputOptions& out); // `locusc ir`: prints the IR

} // namespace locus
