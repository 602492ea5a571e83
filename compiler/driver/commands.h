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
  bool quiet = false;   // suppress warnings and the summary
  bool verbose = false; // --verbose: print the plugins' log lines (print, console.log) as they come
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
  bool inPlace = false; // replace only the changed files, in place: a dev server watches the output
  std::string
      inflightDb; // --inflight-db: refuse a program the runs in flight could not continue on
};
int runBuild(const std::string& input, const BuildOptions& build, const OutputOptions& out);
// One build with the plugins of `host` (whose workers may already be warm from an earlier build).
int runBuildWith(PluginHost& host, const std::string& input, const BuildOptions& build,
                 const OutputOptions& out);
int runListGenerators(const std::string& input); // `locusc build [DIR] --list-generators`
// `locusc watch`: builds, then rebuilds on every change until SIGINT/SIGTERM (exit 0).
int runWatch(const std::string& input, const BuildOptions& build, const OutputOptions& out);

// `locusc fmt [--check] [PATHS]`: files and folders (all their .locus files); `-` is stdin →
// stdout. Lists the files it changed (with --check: would change, and exits 1 when there are any).
struct FmtOptions {
  std::vector<std::string> paths; // empty = "."
  bool check = false;
};
int runFmt(const FmtOptions& fmt, const OutputOptions& out);
// `locusc test [FILE|DIR]`: runs the project's `test` blocks (docs/language/testing.md); exit 1
// when a test fails.
struct TestOptions {
  std::string filter;       // --filter TEXT: only tests whose name contains TEXT
  std::string junitFile;    // --junit FILE: JUnit XML
  std::string coverageFile; // --coverage FILE: step coverage as JSON
};
int runTest(const std::string& input, const TestOptions& test, const OutputOptions& out);
// `locusc deploy ENV [DIR]` / `locusc rollback ENV [DIR]`: releases of the project's
// `[deploy.ENV]` target (docs/deploy.md); exit 1 when the deploy failed (and was rolled back).
int runDeploy(const std::string& input, const std::string& env, const OutputOptions& out);
int runRollback(const std::string& input, const std::string& env, const OutputOptions& out);
// `locusc lsp`: the language server on stdin/stdout until `exit`.
int runLsp();

// `locusc audit verify [--log FILE]` (default: ./.locus/audit.log).
int runAuditVerify(const std::string& logFile);

// `locusc plugin ...` (docs/cli.md "Plugins"); `project` is the project folder.
int runPluginList(const std::string& project);
int runPluginInspect(const std::string& project, const std::string& name);
int runPluginNew(const std::string& name, const std::string& lang);
// --update: write the results as the snapshots; --untrusted: grant no network, environment or
// secrets (a registry running a publisher's fixtures), only fs.read within the fixture project.
int runPluginTest(const std::string& dir, const std::string& hook, const std::string& inputFile,
                  bool update = false, bool untrusted = false);
// `locusc plugin logs NAME [--lines N]`: the plugin's last log lines (.locus/logs/NAME.log).
int runPluginLogs(const std::string& project, const std::string& name, unsigned lines);
// `locusc plugin grant|revoke NAME PERMISSION [VALUE…]` (args: NAME, PERMISSION, values…).
int runPluginGrant(const std::string& project, const std::vector<std::string>& args, bool grant);

// Plugin packages (docs/plugins/packages.md): pack, sign, publish, install and the rest.
struct PackageCommandOptions {
  std::string registry; // --registry URL
  std::string channel;  // --channel draft|beta|ga
  bool allowDowngrade = false;
  bool acceptPermissions = false;
  bool offline = false;
  std::string hook, stepKind, capability, compatible; // search filters
  std::string tokenFile; // --token-file: the publish token for an http:// registry
};
int runPluginPack(const std::string& dir, const std::string& output);
int runPluginKeygen(const std::string& output);
int runPluginSign(const std::string& file, const std::string& keyFile);
int runPluginVerify(const std::string& project, const std::string& file,
                    const std::string& pubKeyFile);
int runPluginInstall(const std::string& project, const std::vector<std::string>& specs,
                     const PackageCommandOptions& options);
int runPluginUpdate(const std::string& project, const std::vector<std::string>& names,
                    const PackageCommandOptions& options);
int runPluginRemove(const std::string& project, const std::string& name);
int runPluginRollback(const std::string& project);
int runPluginSearch(const std::string& project, const std::string& text,
                    const PackageCommandOptions& options);
int runPluginInfo(const std::string& project, const std::string& name,
                  const PackageCommandOptions& options);
int runPluginOutdated(const std::string& project, const PackageCommandOptions& options);
int runPluginPublish(const std::string& file, const PackageCommandOptions& options);
int runPluginPromote(const std::string& name, const std::string& version,
                     const std::string& channel, const PackageCommandOptions& options);
int runPluginYank(const std::string& name, const std::string& version, bool yanked,
                  const PackageCommandOptions& options);
// `locusc registry serve | token add | owner add` (docs/plugins/packages.md, "Registry API").
struct RegistryCommandOptions {
  std::string root = "."; // --root (or serve's DIR): artifacts/ and registry.db
  std::string db;         // --db: "" (SQLite under root), sqlite:FILE or postgres://…
  int port = 0;           // --port
};
int runRegistryServe(const RegistryCommandOptions& options);
int runRegistryTokenAdd(const std::string& owner, const std::string& pubKeyFile,
                        const RegistryCommandOptions& options);
int runRegistryOwnerAdd(const std::string& package, const std::string& owner,
                        const RegistryCommandOptions& options);

} // namespace locus
