// `locusc deploy ENV [DIR]` and `locusc rollback ENV [DIR]` (docs/deploy.md): releases of the
// project in the folder of its `[deploy.ENV]` table. A deploy builds into a new release folder
// (starting from a hard-linked copy of the newest one, so the `sql` generator sees the migrations
// already applied), lets the plugins prepare it (onDeploy), applies its migrations under the
// target's lock, switches `current` atomically and waits for the health gate; a release that
// fails it is switched away from at once (onRollback). Old releases beyond `keep` are pruned.
#include "compiler/driver/commands.h"

#include "compiler/base/suggest.h"
#include "compiler/driver/command_report.h"
#include "compiler/driver/config_reader.h"
#include "compiler/driver/deploy_health.h"
#include "compiler/driver/deploy_hooks.h"
#include "compiler/driver/deploy_lock.h"
#include "compiler/driver/deploy_migrate.h"
#include "compiler/driver/deploy_releases.h"
#include "compiler/driver/plugin_diagnostics.h"
#include "compiler/driver/project_config.h"
#include "hooks/dispatch/optional_failures.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

namespace {

namespace fs = std::filesystem;

// What one deploy or rollback works with; the plugins' diagnostics are gathered in `pending`.
struct DeployRun {
  std::string input;
  const DeployTarget& target;
  const SourceSet& sources;
  const OutputOptions& out;
  PluginHost host;
  PendingPluginDiagnostics pending;

  DeployRun(std::string in, const DeployTarget& t, const SourceSet& s, const OutputOptions& o)
      : input(std::move(in)), target(t), sources(s), out(o),
        host(projectRootOf(input), o.verbose ? pluginLinesToStderr() : nullptr) {}

  fs::path dir() const { return target.dir; }

  void say(const std::string& line) const {
    if (!out.quiet) llvm::errs() << line << "\n";
  }
  // "locusc: <verb> ENV: <message>" on stderr, whatever --quiet says.
  int fail(const std::string& verb, const std::string& message, int status = 1) {
    reportPlugins();
    llvm::errs() << "locusc: " << verb << " " << target.name << ": " << message << "\n";
    return status;
  }
  // Prints the plugins' diagnostics gathered so far; true when one is an error.
  bool reportPlugins() {
    hooks::degradeOptionalFailures(pending.items, host.set());
    DiagnosticSink sink;
    reportPluginDiagnostics(pending.items, sources, host.root().string(), sink);
    pending.items.clear();
    if (sink.all().empty()) return false;
    reportDiagnostics(sink, sources, out);
    return sink.hasErrors();
  }

  nlohmann::json payload(const std::string& release) const {
    return {{"env", target.name},       {"path", target.dir},
            {"release", release},       {"releaseDir", releaseDir(dir(), release).string()},
            {"keep", target.keep},      {"health", target.health},
            {"options", target.options}};
  }

  HealthResult checkHealth(const std::string& release) const {
    HealthCheck check{target.health,
                      target.healthTimeoutSeconds,
                      dir() / "current",
                      {{"LOCUS_DEPLOY_ENV", target.name}, {"LOCUS_RELEASE", release}}};
    return waitHealthy(check);
  }
};

// The `[deploy.ENV]` table, or nullptr after saying which ones exist.
const DeployTarget* findTarget(const ProjectConfig& config, const std::string& env) {
  auto it = config.deployTargets.find(env);
  if (it != config.deployTargets.end()) return &it->second;
  std::vector<std::string> names;
  for (const auto& [name, target] : config.deployTargets) names.push_back(name);
  llvm::errs() << "locusc: no [deploy." << env << "] in "
               << (config.configPath.empty() ? "Locus.toml (the project has none)"
                                             : config.configPath);
  if (std::string best = closestMatch(env, names); !best.empty())
    llvm::errs() << "; did you mean '" << best << "'?";
  else if (!names.empty())
    llvm::errs() << " (environments: " << ConfigReader::joinNames(names) << ")";
  llvm::errs() << "\n";
  return nullptr;
}

// The new release starts as a hard-linked copy of the newest one — the live one, or one set
// aside after its migrations ran: the `sql` generator then writes only migrations the database
// has not seen, and the build replaces changed files with new ones.
std::string seedRelease(const fs::path& dir, const fs::path& release) {
  std::error_code ec;
  fs::create_directories(release.parent_path(), ec);
  std::optional<std::string> newest = newestRelease(dir);
  if (!newest) return "";
  fs::copy(releaseDir(dir, *newest), release,
           fs::copy_options::recursive | fs::copy_options::create_hard_links |
               fs::copy_options::copy_symlinks,
           ec);
  return ec ? "cannot copy release " + *newest + ": " + ec.message() : "";
}

// Health failed: back to `previous` (or no live release at all), the failed one kept aside.
int rollBackAutomatically(DeployRun& run, const std::string& id,
                          const std::optional<std::string>& previous, const std::string& why) {
  std::string problem = previous ? switchCurrent(run.dir(), *previous) : "";
  std::error_code ec;
  if (!previous) fs::remove(run.dir() / "current", ec);
  if (problem.empty()) problem = setAside(run.dir(), id, "failed");
  nlohmann::json target = run.payload(previous.value_or(""));
  target["from"] = id;
  target["reason"] = why;
  runOnRollback(run.host, "automatic", target, run.pending);
  std::string back = previous ? "rolled back to release " + *previous
                              : "no release was live before it, so none is now";
  return run.fail("deploy", "release " + id + " failed its health check (" + why + "); " + back +
                                (problem.empty() ? "" : " (" + problem + ")"));
}

int deploy(DeployRun& run) {
  fs::path dir = run.dir();
  std::error_code ec;
  fs::create_directories(dir / "releases", ec);
  std::string error;
  DeployLock lock = DeployLock::acquire(dir, error);
  if (!lock.held()) return run.fail("deploy", error, 2);

  std::optional<std::string> previous = currentRelease(dir);
  std::string id = newReleaseId(dir, std::chrono::system_clock::now());
  fs::path release = releaseDir(dir, id);
  if (std::string problem = seedRelease(dir, release); !problem.empty())
    return run.fail("deploy", problem, 2);
  run.say("deploy " + run.target.name + ": building release " + id);
  BuildOptions build;
  build.outputDir = release.string();
  if (int status = runBuildWith(run.host, run.input, build, run.out)) {
    fs::remove_all(release, ec);
    return run.fail("deploy", "the build failed; nothing was deployed", status);
  }

  nlohmann::json target = run.payload(id);
  target["previous"] = previous ? nlohmann::json(*previous) : nlohmann::json();
  runOnDeploy(run.host, "prepare", target, release, run.pending);
  if (run.reportPlugins()) {
    fs::remove_all(release, ec);
    return run.fail("deploy", "a plugin stopped the deploy at onDeploy (prepare); nothing changed");
  }
  if (!run.target.database.empty()) {
    DeployMigration m = migrateRelease(run.target.database, release);
    for (const std::string& name : m.applied) run.say("applied migration " + name);
    if (!m.error.empty()) {
      fs::remove_all(release, ec);
      return run.fail("deploy", "migrations failed, `current` is unchanged: " + m.error);
    }
  }
  if (std::string problem = switchCurrent(dir, id); !problem.empty())
    return run.fail("deploy", problem, 2);
  if (!run.target.health.empty()) {
    HealthResult health = run.checkHealth(id);
    if (!health.healthy) return rollBackAutomatically(run, id, previous, health.lastProblem);
    run.say("deploy " + run.target.name + ": healthy after " + std::to_string(health.attempts) +
            (health.attempts == 1 ? " check" : " checks"));
  }
  runOnDeploy(run.host, "live", target, release, run.pending);
  bool pluginErrors = run.reportPlugins();
  std::vector<std::string> pruned = pruneReleases(dir, run.target.keep, error);
  for (const std::string& name : pruned) run.say("removed old release " + name);
  if (!error.empty()) run.say("locusc: deploy " + run.target.name + ": " + error);
  run.say("deployed " + run.target.name + ": release " + id + " is live" +
          (previous ? " (previous: " + *previous + ")" : ""));
  return pluginErrors ? 1 : 0;
}

int rollback(DeployRun& run) {
  fs::path dir = run.dir();
  std::string error;
  DeployLock lock = DeployLock::acquire(dir, error);
  if (!lock.held()) return run.fail("rollback", error, 2);
  std::optional<std::string> live = currentRelease(dir);
  if (!live) return run.fail("rollback", "no release is live in " + dir.string());
  std::optional<std::string> previous = releaseBefore(dir, *live);
  if (!previous)
    return run.fail("rollback", "release " + *live + " is the oldest kept; nothing to go back to");
  if (std::string problem = switchCurrent(dir, *previous); !problem.empty())
    return run.fail("rollback", problem, 2);
  std::string aside = setAside(dir, *live, "rolled-back");
  run.say("rollback " + run.target.name + ": release " + *previous + " is live again (" + *live +
          " is set aside as " + *live + ".rolled-back)");
  if (!aside.empty()) run.say("locusc: rollback " + run.target.name + ": " + aside);
  nlohmann::json target = run.payload(*previous);
  target["from"] = *live;
  target["reason"] = "locusc rollback";
  runOnRollback(run.host, "manual", target, run.pending);
  bool pluginErrors = run.reportPlugins();
  if (!run.target.health.empty()) {
    HealthResult health = run.checkHealth(*previous);
    if (!health.healthy)
      return run.fail("rollback", "release " + *previous +
                                      " is live but failed its health check (" +
                                      health.lastProblem + ")");
  }
  return pluginErrors ? 1 : 0;
}

using DeployCommand = int (*)(DeployRun&);

int runDeployCommand(const std::string& input, const std::string& env, const OutputOptions& out,
                     DeployCommand command) {
  SourceSet sources;
  DiagnosticSink sink;
  std::optional<ProjectConfig> config = loadProjectConfig(input, sources, sink);
  if (!config) {
    reportDiagnostics(sink, sources, out);
    return 2;
  }
  const DeployTarget* target = findTarget(*config, env);
  if (!target) return 2;
  DeployRun run(input, *target, sources, out);
  return command(run);
}

} // namespace

int runDeploy(const std::string& input, const std::string& env, const OutputOptions& out) {
  return runDeployCommand(input, env, out, deploy);
}

int runRollback(const std::string& input, const std::string& env, const OutputOptions& out) {
  return runDeployCommand(input, env, out, rollback);
}

} // namespace locus
