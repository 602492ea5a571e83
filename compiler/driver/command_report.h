// How the subcommands print diagnostics and turn a front-end result into an exit status.
#pragma once

#include "compiler/driver/commands.h"
#include "compiler/frontend/compile.h"

namespace locus {

// Machine formats go to stdout (so they can be piped), pretty output to stderr like every
// compiler's. With `stdoutHoldsData` (e.g. `locusc ir`, whose stdout is the IR) diagnostics of a
// successful run go to stderr whatever the format.
void reportDiagnostics(const DiagnosticSink& sink, const SourceSet& sources,
                       const OutputOptions& out, bool stdoutHoldsData = false);

// What reportDiagnostics prints, and where (the no-change rebuild replays it).
struct ReportedDiagnostics {
  std::string text;
  bool toStdout = false;
};
ReportedDiagnostics renderReport(const DiagnosticSink& sink, const SourceSet& sources,
                                 const OutputOptions& out, bool stdoutHoldsData = false);
void printReport(const ReportedDiagnostics& report);

// 2 when an input could not be read, 1 with errors, else 0.
int frontEndStatus(const FrontEndResult& r);
// True when --deny-warnings is set and `sink` holds a warning.
bool warningsDenied(const DiagnosticSink& sink, const OutputOptions& out);

} // namespace locus
