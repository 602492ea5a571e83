// The locusc subcommands. Each returns the process exit status: 0 ok, 1 diagnostics with
// errors, 2 usage or I/O error.
#pragma once

#include "compiler/diagnostics/render.h"

#include <string>
#include <vector>

namespace locus {

class PluginHost;

struct OutputOptions {
  RenderOptions render;
  bool quiet = false;        // suppress warnings and the summary
  bool denyWarnings = false; // --deny-warnings: a warning fails the command (exit 1)
};

int runCheck(const std::string& input, const OutputOptions& out);
int runAst(const std::string& file, const OutputOptions& out);
int runExplain(const std::string& code);
int runIr(const std::string& input, const OutputOptions& out); // `locusc ir`: prints the IR

struct BuildOptions {
  std::string outputDir; // -o; empty = Locus.toml [build] output, else <project>/generated
  bool check = false;    // --check: compare with the disk, write nothing, exit 1 when stale
  std::vector<std::string> generators; // --generators a,b (overrides Locus.toml when non-empty)
  std::string metricsFile;             // --metrics FILE: per-plugin metrics JSON
  bool keepWorkers = false;            // leave plugin workers running (watch mode rebuilds)
};
int runBuild(const std::string& input, const BuildOptions& build, const OutputOptions& out);
// One build with the plugins of `host` (whose workers may already be warm from an earlier build).
int runBuildWith(PluginHost& host, const std::string& input, const BuildOptions& build,
                 const OutputOptions& out);
int runListGenerators(const std::string& input); // `locusc build [DIR] --list-generators`
// `locusc watch`: builds, then rebuilds on every change until SIGINT/SIGTERM (exit 0).
int runWatch(const std::string& input, const BuildOptions& build, const OutputOptions& out);

// `locusc fmt [--check] [PATHS]`: files and folders (all their .locus files); `-` is stdin → stdout.
// Lists the files it changed (with --check: would change, and exits 1 when there are any).
struct FmtOptions {
  std::vector<std::string> paths; // empty = "."
  bool check = false;
};
int runFmt(const FmtOptions& fmt, const OutputOptions& out);
// `locusc lsp`: the language server on stdin/stdout until `exit`.
int runLsp();

// `locusc audit verify [--log FILE]` (default: ./.locus/audit.log).
int runAuditVerify(const std::string& logFile);

// `locusc plugin ...` (docs/cli.md "Plugins"); `project` is the project folder.
int runPluginList(const std::string& project);
int runPluginInspect(const std::string& project, const std::string& name);
int runPluginNew(const std::string& name, const std::string& lang);
int runPluginTest(const std::string& dir, const std::string& hook, const std::string& inputFile);

} // namespace locus
