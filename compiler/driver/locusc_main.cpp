// locusc: the Locus compiler driver. Thin: parses the command line, calls the library.
#include "compiler/base/core_version.h"
#include "compiler/driver/commands.h"

#include <llvm/Support/CommandLine.h>
#include <llvm/Support/Process.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdlib>
#include <malloc.h>

using namespace llvm;

namespace {

cl::OptionCategory category("locusc options");

cl::SubCommand checkCmd("check", "Parse and validate a project (a .locus file or a directory)");
cl::SubCommand astCmd("ast", "Print the AST of one .locus file as JSON");
cl::SubCommand explainCmd("explain", "Explain a diagnostic code, e.g. `locusc explain E0201`");
cl::SubCommand irCmd("ir", "Print the IR of a project (a .locus file or a directory) as JSON");
cl::SubCommand buildCmd("build", "Generate the application of a project into its output folder");
cl::SubCommand watchCmd("watch",
                        "Build, then rebuild on every change to the project or its plugins");

cl::SubCommand fmtCmd("fmt",
                      "Rewrite .locus files in the canonical layout (--check: list, exit 1)");
cl::SubCommand testCmd("test", "Run the project's `test` blocks (workflows and actions against a "
                               "throwaway store) with step coverage");
cl::SubCommand deployCmd("deploy", "Build a release of the project and make it live on the "
                                   "[deploy.ENV] target of Locus.toml (migrations, health gate)");
cl::SubCommand rollbackCmd("rollback", "Make the release before the live one of [deploy.ENV] live "
                                       "again");
cl::SubCommand lspCmd("lsp", "Run the language server (LSP 3.17) on stdin/stdout");
cl::SubCommand
    pluginCmd("plugin", "Plugins: list | inspect NAME | new NAME --lang L | test DIR | logs NAME | "
                        "grant|revoke NAME PERMISSION [VALUE...] | pack DIR | keygen | sign FILE | "
                        "verify FILE | publish FILE | promote NAME VERSION CHANNEL | yank NAME "
                        "VERSION | install [NAME[@RANGE]...] | update [NAME] | remove NAME | "
                        "rollback | search TEXT | info NAME | outdated");
cl::SubCommand auditCmd("audit", "Plugin audit log: verify [--log FILE]");
cl::SubCommand registryCmd("registry",
                           "Plugin registry: serve [--root DIR] [--db URL] [--port N] "
                           "| token add OWNER [--pubkey KEY.pub] | owner add NAME OWNER");

cl::list<std::string> pluginArgs(cl::Positional,
                                 cl::desc("list | inspect NAME | new NAME | test DIR"),
                                 cl::OneOrMore, cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginProject("project", cl::desc("Project folder (default: .)"),
                                   cl::init("."), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginLang("lang", cl::desc("Language of `plugin new`: cpp, python, node"),
                                cl::init("python"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginHook("hook", cl::desc("`plugin test`: the hook (or method) to call"),
                                cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginInput("input", cl::desc("`plugin test`: JSON params file"),
                                 cl::value_desc("FILE"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginOut("o", cl::desc("`plugin pack`: the .tgz; `plugin keygen`: PREFIX"),
                               cl::value_desc("FILE"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginKey("key", cl::desc("`plugin sign`: the secret key file"),
                               cl::value_desc("FILE"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginPubKey("pubkey",
                                  cl::desc("`plugin verify`: the public key (default: the "
                                           "registries' keys in Locus.toml)"),
                                  cl::value_desc("FILE"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginRegistry("registry",
                                    cl::desc("Registry URL (file:///DIR or http://HOST:PORT)"),
                                    cl::value_desc("URL"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginChannel("channel", cl::desc("Lowest channel: draft, beta, ga"),
                                   cl::sub(pluginCmd), cl::cat(category));
cl::opt<bool> pluginAllowDowngrade("allow-downgrade",
                                   cl::desc("Allow installing a version below the locked one"),
                                   cl::sub(pluginCmd), cl::cat(category));
cl::opt<bool> pluginAcceptPermissions("accept-permissions",
                                      cl::desc("Grant the new permissions an update asks for"),
                                      cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginTokenFile("token-file",
                                     cl::desc("`plugin publish|promote|yank` to an http:// "
                                              "registry: the file holding the publish token "
                                              "(default: $LOCUS_REGISTRY_TOKEN)"),
                                     cl::value_desc("FILE"), cl::sub(pluginCmd), cl::cat(category));
cl::opt<bool> pluginOffline("offline", cl::desc("Install from the local cache only"),
                            cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginStepKind("step-kind",
                                    cl::desc("`plugin search`: declares this step kind"),
                                    cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginCapability("capability",
                                      cl::desc("`plugin search`: hooks, steps or generators"),
                                      cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> pluginCompatible("compatible",
                                      cl::desc("`plugin search`: works with this core version"),
                                      cl::sub(pluginCmd), cl::cat(category));
cl::list<std::string> registryArgs(cl::Positional,
                                   cl::desc("serve [DIR] | token add OWNER | owner add NAME OWNER"),
                                   cl::OneOrMore, cl::sub(registryCmd), cl::cat(category));
cl::opt<int> registryPort("port", cl::desc("`registry serve`: port on 127.0.0.1 (0: any free one)"),
                          cl::init(0), cl::sub(registryCmd), cl::cat(category));
cl::opt<std::string> registryRoot("root",
                                  cl::desc("The registry's folder: artifacts/ and registry.db "
                                           "(default: .)"),
                                  cl::value_desc("DIR"), cl::sub(registryCmd), cl::cat(category));
cl::opt<std::string> registryDb("db",
                                cl::desc("The registry's database: postgres://USER@HOST:PORT/DB or "
                                         "sqlite:FILE (default: ROOT/registry.db)"),
                                cl::value_desc("URL"), cl::sub(registryCmd), cl::cat(category));
cl::opt<std::string> registryPubKey("pubkey",
                                    cl::desc("`registry token add`: the owner's publisher key"),
                                    cl::value_desc("KEY.pub"), cl::sub(registryCmd),
                                    cl::cat(category));
cl::list<std::string> auditArgs(cl::Positional, cl::desc("verify"), cl::OneOrMore,
                                cl::sub(auditCmd), cl::cat(category));
cl::opt<bool>
    pluginUpdate("update",
                 cl::desc("`plugin test`: write the results as fixtures/<hook>.expected.json"),
                 cl::sub(pluginCmd), cl::cat(category));
cl::opt<bool> pluginUntrusted("untrusted",
                              cl::desc("`plugin test`: grant no network, environment or secrets "
                                       "(how a registry runs a publisher's fixtures)"),
                              cl::sub(pluginCmd), cl::cat(category));
cl::opt<unsigned> pluginLogLines("lines", cl::desc("`plugin logs`: how many of the last lines"),
                                 cl::init(100), cl::sub(pluginCmd), cl::cat(category));
cl::opt<std::string> auditLog("log", cl::desc("Audit log (default: ./.locus/audit.log)"),
                              cl::value_desc("FILE"), cl::sub(auditCmd), cl::cat(category));

cl::list<std::string> fmtPaths(cl::Positional, cl::desc("[files and folders | -]"), cl::ZeroOrMore,
                               cl::sub(fmtCmd), cl::cat(category));
cl::opt<bool> fmtCheck("check",
                       cl::desc("Write nothing; list the files fmt would change and exit 1 if any"),
                       cl::sub(fmtCmd), cl::cat(category));

cl::opt<std::string> checkInput(cl::Positional, cl::desc("<file.locus | dir>"), cl::init("."),
                                cl::sub(checkCmd), cl::cat(category));
cl::opt<std::string> astInput(cl::Positional, cl::desc("<file.locus>"), cl::Required,
                              cl::sub(astCmd), cl::cat(category));
cl::opt<std::string> explainCode(cl::Positional, cl::desc("<CODE>"), cl::Required,
                                 cl::sub(explainCmd), cl::cat(category));
cl::opt<std::string> irInput(cl::Positional, cl::desc("<file.locus | dir>"), cl::init("."),
                             cl::sub(irCmd), cl::cat(category));

cl::opt<std::string> buildInput(cl::Positional, cl::desc("<file.locus | dir>"), cl::init("."),
                                cl::sub(buildCmd), cl::cat(category));
cl::opt<std::string> buildOut("o",
                              cl::desc("Output folder (default: Locus.toml [build] output, "
                                       "else <project>/generated)"),
                              cl::value_desc("dir"), cl::sub(buildCmd), cl::cat(category));
cl::opt<bool> buildCheck("check",
                         cl::desc("Write nothing; exit 1 and list the stale files when the output "
                                  "differs from what the build would write"),
                         cl::sub(buildCmd), cl::cat(category));
cl::list<std::string> buildGenerators("generators",
                                      cl::desc("Generators to run (overrides Locus.toml)"),
                                      cl::CommaSeparated, cl::value_desc("a,b"), cl::sub(buildCmd),
                                      cl::cat(category));
cl::opt<std::string> buildMetrics("metrics", cl::desc("Write per-plugin metrics JSON to FILE"),
                                  cl::value_desc("FILE"), cl::sub(buildCmd), cl::cat(category));
cl::opt<std::string> buildInflightDb(
    "inflight-db",
    cl::desc("Fail when a run in flight in this state database (a SQLite file or postgres:// URL) "
             "could not continue on the program built"),
    cl::value_desc("DB"), cl::sub(buildCmd), cl::cat(category));
cl::opt<bool> listGenerators(
    "list-generators",
    cl::desc("List the built-in generators and the project's plugin generators, and exit"),
    cl::sub(buildCmd), cl::cat(category));

cl::opt<std::string> watchInput(cl::Positional, cl::desc("<file.locus | dir>"), cl::init("."),
                                cl::sub(watchCmd), cl::cat(category));
cl::opt<std::string> watchOut("o", cl::desc("Output folder (as for build)"), cl::value_desc("dir"),
                              cl::sub(watchCmd), cl::cat(category));
cl::list<std::string> watchGenerators("generators",
                                      cl::desc("Generators to run (overrides Locus.toml)"),
                                      cl::CommaSeparated, cl::value_desc("a,b"), cl::sub(watchCmd),
                                      cl::cat(category));

cl::opt<std::string> testInput(cl::Positional, cl::desc("<file.locus | dir>"), cl::init("."),
                               cl::sub(testCmd), cl::cat(category));
cl::opt<std::string> testFilter("filter", cl::desc("Run only the tests whose name contains TEXT"),
                                cl::value_desc("TEXT"), cl::sub(testCmd), cl::cat(category));
cl::opt<std::string> testJunit("junit", cl::desc("Write the results as JUnit XML"),
                               cl::value_desc("FILE"), cl::sub(testCmd), cl::cat(category));
cl::opt<std::string> testCoverage("coverage",
                                  cl::desc("Write the step coverage (by step ID) as JSON"),
                                  cl::value_desc("FILE"), cl::sub(testCmd), cl::cat(category));

cl::list<std::string> deployArgs(cl::Positional, cl::desc("ENV [DIR]"), cl::OneOrMore,
                                 cl::sub(deployCmd), cl::sub(rollbackCmd), cl::cat(category));

cl::opt<std::string> formatOpt("format",
                               cl::desc("Diagnostics format: pretty, json, sarif, github"),
                               cl::init("pretty"), cl::sub(checkCmd), cl::sub(astCmd),
                               cl::sub(irCmd), cl::sub(buildCmd), cl::sub(watchCmd),
                               cl::sub(fmtCmd), cl::sub(testCmd), cl::cat(category));
cl::opt<std::string> color("color", cl::desc("Colored diagnostics: auto, always, never"),
                           cl::init("auto"), cl::sub(checkCmd), cl::sub(astCmd), cl::sub(irCmd),
                           cl::sub(buildCmd), cl::sub(watchCmd), cl::sub(fmtCmd), cl::sub(testCmd),
                           cl::sub(deployCmd), cl::sub(rollbackCmd), cl::cat(category));
cl::opt<bool> quiet("quiet", cl::desc("Only report errors"), cl::sub(checkCmd), cl::sub(irCmd),
                    cl::sub(buildCmd), cl::sub(watchCmd), cl::sub(testCmd), cl::sub(deployCmd),
                    cl::sub(rollbackCmd), cl::cat(category));
cl::alias quietShort("q", cl::aliasopt(quiet));
cl::opt<std::string>
    environment("env",
                cl::desc("Environment whose [env.NAME.plugins.*.config] applies (also LOCUS_ENV)"),
                cl::value_desc("NAME"), cl::sub(checkCmd), cl::sub(buildCmd), cl::sub(watchCmd),
                cl::sub(pluginCmd), cl::cat(category));
cl::opt<bool>
    verbose("verbose",
            cl::desc("Print what plugins write to stderr (print, console.log) as it comes; "
                     "it is always kept in .locus/logs/<plugin>.log"),
            cl::sub(checkCmd), cl::sub(buildCmd), cl::sub(watchCmd), cl::sub(deployCmd),
            cl::sub(rollbackCmd), cl::cat(category));
cl::opt<bool> denyWarnings("deny-warnings", cl::desc("Treat warnings as errors (exit 1)"),
                           cl::sub(checkCmd), cl::sub(buildCmd), cl::cat(category));

bool useColor() {
  if (color == "always") return true;
  if (color == "never" || std::getenv("NO_COLOR")) return false;
  return sys::Process::StandardErrIsDisplayed();
}

// Without jemalloc (cmake/Dependencies.cmake): let glibc grow the heap in large steps, because
// the parser allocates many small objects and every heap-growth syscall is expensive on this VM.
// With jemalloc linked these settings only reach the unused glibc allocator.
void tuneAllocator() {
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
}

int run(int argc, char** argv);

int usage(const char* text) {
  errs() << "locusc: usage: " << text << "\n";
  return 2;
}

locus::PackageCommandOptions packageOptions() {
  locus::PackageCommandOptions o;
  o.registry = pluginRegistry;
  o.channel = pluginChannel;
  o.allowDowngrade = pluginAllowDowngrade;
  o.acceptPermissions = pluginAcceptPermissions;
  o.offline = pluginOffline;
  o.hook = pluginHook;
  o.stepKind = pluginStepKind;
  o.capability = pluginCapability;
  o.compatible = pluginCompatible;
  o.tokenFile = pluginTokenFile;
  return o;
}

// The package verbs; -1 when `args` is none of them.
int runPluginPackageCommand(const std::vector<std::string>& args) {
  const std::string& verb = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string& project = pluginProject;
  if (verb == "pack" && rest.size() <= 1)
    return locus::runPluginPack(rest.empty() ? "." : rest[0], pluginOut);
  if (verb == "keygen" && rest.empty()) return locus::runPluginKeygen(pluginOut);
  if (verb == "sign" && rest.size() == 1) return locus::runPluginSign(rest[0], pluginKey);
  if (verb == "verify" && rest.size() == 1)
    return locus::runPluginVerify(project, rest[0], pluginPubKey);
  if (verb == "publish" && rest.size() == 1)
    return locus::runPluginPublish(rest[0], packageOptions());
  if (verb == "promote" && rest.size() == 3)
    return locus::runPluginPromote(rest[0], rest[1], rest[2], packageOptions());
  if ((verb == "yank" || verb == "unyank") && rest.size() == 2)
    return locus::runPluginYank(rest[0], rest[1], verb == "yank", packageOptions());
  if (verb == "install") return locus::runPluginInstall(project, rest, packageOptions());
  if (verb == "update") return locus::runPluginUpdate(project, rest, packageOptions());
  if (verb == "remove" && rest.size() == 1) return locus::runPluginRemove(project, rest[0]);
  if (verb == "rollback" && rest.empty()) return locus::runPluginRollback(project);
  if (verb == "search" && rest.size() <= 1)
    return locus::runPluginSearch(project, rest.empty() ? "" : rest[0], packageOptions());
  if (verb == "info" && rest.size() == 1)
    return locus::runPluginInfo(project, rest[0], packageOptions());
  if (verb == "outdated" && rest.empty())
    return locus::runPluginOutdated(project, packageOptions());
  return -1;
}

int runPluginCommand() {
  const std::vector<std::string> args(pluginArgs.begin(), pluginArgs.end());
  const std::string& verb = args[0];
  if (verb == "list" && args.size() == 1) return locus::runPluginList(pluginProject);
  if (verb == "inspect" && args.size() == 2) return locus::runPluginInspect(pluginProject, args[1]);
  if (verb == "new" && args.size() == 2) return locus::runPluginNew(args[1], pluginLang);
  if (verb == "test" && args.size() == 2)
    return locus::runPluginTest(args[1], pluginHook, pluginInput, pluginUpdate, pluginUntrusted);
  if (verb == "logs" && args.size() == 2)
    return locus::runPluginLogs(pluginProject, args[1], pluginLogLines);
  if ((verb == "grant" || verb == "revoke") && args.size() >= 3)
    return locus::runPluginGrant(pluginProject, {args.begin() + 1, args.end()}, verb == "grant");
  if (int status = runPluginPackageCommand(args); status >= 0) return status;
  return usage("locusc plugin list | inspect NAME | new NAME --lang cpp|python|node | "
               "test DIR [--hook H --input FILE] | logs NAME [--lines N] | "
               "grant|revoke NAME network|env|fs.read|secrets [VALUE...] | pack [DIR] [-o FILE] | "
               "keygen [-o PREFIX] | sign FILE --key KEY | verify FILE [--pubkey KEY.pub] | "
               "publish FILE --registry URL [--channel C] | promote NAME VERSION CHANNEL "
               "--registry URL | yank|unyank NAME VERSION --registry URL | install "
               "[NAME[@RANGE]...] | update [NAME...] | remove NAME | rollback | search [TEXT] | "
               "info NAME | outdated");
}

// `locusc registry serve [DIR] | token add OWNER | owner add NAME OWNER`.
int runRegistryCommand() {
  const std::vector<std::string> args(registryArgs.begin(), registryArgs.end());
  locus::RegistryCommandOptions o;
  o.root = registryRoot.empty() ? "." : std::string(registryRoot);
  o.db = registryDb;
  o.port = registryPort;
  if (args[0] == "serve" && args.size() <= 2 && (args.size() == 1 || registryRoot.empty())) {
    if (args.size() == 2) o.root = args[1];
    return locus::runRegistryServe(o);
  }
  if (args.size() == 3 && args[0] == "token" && args[1] == "add")
    return locus::runRegistryTokenAdd(args[2], registryPubKey, o);
  if (args.size() == 4 && args[0] == "owner" && args[1] == "add")
    return locus::runRegistryOwnerAdd(args[2], args[3], o);
  return usage("locusc registry serve [--root DIR] [--db URL] [--port N] | token add OWNER "
               "[--pubkey KEY.pub] [--root DIR] [--db URL] | owner add NAME OWNER [--root DIR] "
               "[--db URL]");
}

} // namespace

int main(int argc, char** argv) {
  tuneAllocator();
  int status = run(argc, argv);
  // Skip static destructors (ANTLR's DFA caches, LLVM option tables): the OS frees it all.
  outs().flush();
  errs().flush();
  std::fflush(nullptr);
  std::_Exit(status);
}

namespace {

int run(int argc, char** argv) {
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](raw_ostream& os) { os << "locusc " << locus::coreVersion() << "\n"; });
  if (!cl::ParseCommandLineOptions(argc, argv, "Locus compiler\n", &errs())) return 2;

  locus::OutputOptions out;
  std::optional<locus::DiagnosticFormat> fmt = locus::parseDiagnosticFormat(formatOpt);
  if (!fmt) {
    errs() << "locusc: unknown --format '" << formatOpt << "' (pretty, json, sarif, github)\n";
    return 2;
  }
  out.render.format = *fmt;
  out.render.color = useColor();
  out.render.toolVersion = locus::coreVersion();
  out.quiet = quiet;
  out.verbose = verbose;
  // The plugin host reads the environment where it loads plugins (hooks/discovery).
  if (!environment.empty()) ::setenv("LOCUS_ENV", environment.c_str(), 1);
  out.denyWarnings = denyWarnings;

  if (checkCmd) return locus::runCheck(checkInput, out);
  if (pluginCmd) return runPluginCommand();
  if (registryCmd) return runRegistryCommand();
  if (auditCmd) {
    if (auditArgs.size() != 1 || auditArgs[0] != "verify")
      return usage("locusc audit verify [--log FILE]");
    return locus::runAuditVerify(auditLog);
  }
  if (astCmd) return locus::runAst(astInput, out);
  if (explainCmd) return locus::runExplain(explainCode);
  if (lspCmd) return locus::runLsp();
  if (fmtCmd) return locus::runFmt({{fmtPaths.begin(), fmtPaths.end()}, fmtCheck}, out);
  if (irCmd) return locus::runIr(irInput, out);
  if (deployCmd || rollbackCmd) {
    if (deployArgs.size() > 2)
      return usage(deployCmd ? "locusc deploy ENV [DIR]" : "locusc rollback ENV [DIR]");
    std::string dir = deployArgs.size() == 2 ? deployArgs[1] : ".";
    return deployCmd ? locus::runDeploy(dir, deployArgs[0], out)
                     : locus::runRollback(dir, deployArgs[0], out);
  }
  if (testCmd) return locus::runTest(testInput, {testFilter, testJunit, testCoverage}, out);
  if (buildCmd) {
    if (listGenerators) return locus::runListGenerators(buildInput);
    locus::BuildOptions build;
    build.outputDir = buildOut;
    build.check = buildCheck;
    build.generators = {buildGenerators.begin(), buildGenerators.end()};
    build.metricsFile = buildMetrics;
    build.inflightDb = buildInflightDb;
    return locus::runBuild(buildInput, build, out);
  }
  if (watchCmd) {
    locus::BuildOptions build;
    build.outputDir = watchOut;
    build.generators = {watchGenerators.begin(), watchGenerators.end()};
    return locus::runWatch(watchInput, build, out);
  }
  cl::PrintHelpMessage();
  return 2;
}

} // namespace
