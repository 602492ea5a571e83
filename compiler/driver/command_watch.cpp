// `locusc watch [FILE|DIR] [-o OUT] [--generators a,b]` (docs/cli.md "locusc watch"): one build,
// then a rebuild after every change to the project's `.locus` files, Locus.toml or templates, all
// with the same PluginHost so plugin workers stay warm. A change in a plugin's folder restarts
// that plugin's worker (hooks' PluginFileWatcher) and rebuilds; a change of Locus.toml or of a
// plugin manifest loads the plugins again (what is loaded, permissions and limits may differ). A
// failed build leaves the last good output in place (the writer's atomic swap) and the loop goes
// on; SIGINT/SIGTERM stop it cleanly: workers shut down, exit 0.
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_host.h"
#include "compiler/driver/watch_project_watcher.h"
#include "compiler/driver/watch_wakeup.h"
#include "hooks/audit/audit_log.h"
#include "hooks/worker/plugin_file_watcher.h"

#include <llvm/Support/Format.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <utility>

namespace locus {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kQuiet{100}; // an editor's save is a burst of events

// Plugin reloads reported by the PluginFileWatcher's thread, taken by the loop.
struct ReloadQueue {
  std::mutex mutex;
  std::vector<hooks::PluginReload> items;

  std::vector<hooks::PluginReload> take() {
    std::lock_guard lock(mutex);
    return std::exchange(items, {});
  }
};

std::string joinPaths(const std::vector<std::string>& paths) {
  std::string out;
  constexpr std::size_t kShown = 3;
  for (std::size_t i = 0; i < paths.size() && i < kShown; ++i) out += (i ? ", " : "") + paths[i];
  if (paths.size() > kShown) out += " and " + std::to_string(paths.size() - kShown) + " more";
  return out;
}

// Rebuilds and prints the one-line result: number, status, wall time, what triggered it.
int rebuild(PluginHost& host, const std::string& input, const BuildOptions& build,
            const OutputOptions& out, int number, const std::string& cause) {
  auto begin = Clock::now();
  int status = runBuildWith(host, input, build, out);
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
  llvm::errs() << "locusc watch: build " << number << (status == 0 ? " ok" : " failed") << " in "
               << llvm::format("%.1f", ms) << " ms";
  if (!cause.empty()) llvm::errs() << " (" << cause << ")";
  if (status != 0) llvm::errs() << "; the previous output is kept, fix the errors above";
  llvm::errs() << "\n";
  return status;
}

void reportReload(const hooks::PluginReload& reload, const std::filesystem::path& auditLog) {
  llvm::errs() << "locusc watch: plugin " << reload.plugin << " changed ("
               << joinPaths(reload.changed) << ")";
  nlohmann::json entry = {{"event", "plugin.reload"},
                          {"plugin", reload.plugin},
                          {"changed", reload.changed},
                          {"restarted", reload.restarted}};
  if (!reload.restarted)
    llvm::errs() << "; its worker starts from the new files on its next call";
  else if (reload.outcome.ok())
    llvm::errs() << "; worker restarted";
  else {
    llvm::errs() << "; restart failed: " << reload.outcome.failure->describe();
    entry["error"] = reload.outcome.failure->describe();
  }
  llvm::errs() << "\n";
  hooks::appendAudit(auditLog, {entry});
}

// The plugins of a watch session: the host (warm workers), the watcher of their folders and the
// reloads it reports. Opened again when Locus.toml or a plugin manifest changes what is loaded.
struct PluginSession {
  PluginHost host;
  ReloadQueue reloads;                        // outlives the watcher's thread
  hooks::PluginFileWatcher watcher{kQuiet};   // destroyed (stopped) first
  std::vector<std::filesystem::path> folders; // the plugins' folders (canonical)

  PluginSession(const std::filesystem::path& root, hooks::StderrLineSink echo)
      : host(root, std::move(echo)) {}
};

// Loads the project's plugins and watches each one's folder; reloads wake the loop.
std::unique_ptr<PluginSession> openPlugins(const std::filesystem::path& root, WatchWakeup& wakeup,
                                           bool verbose) {
  auto session = std::make_unique<PluginSession>(root, verbose ? pluginLinesToStderr() : nullptr);
  for (const hooks::LoadedPlugin& plugin : session->host.set().plugins) {
    hooks::PluginWorker* worker = session->host.pool().worker(plugin.manifest.name);
    std::string error;
    if (!worker || !session->watcher.watch(*worker, plugin.manifest.dir, error))
      llvm::errs() << "locusc watch: warning: plugin " << plugin.manifest.name
                   << " will not hot-reload: " << error << "\n";
    session->folders.push_back(std::filesystem::weakly_canonical(plugin.manifest.dir));
  }
  ReloadQueue& queue = session->reloads;
  session->watcher.start([&queue, &wakeup](const hooks::PluginReload& reload) {
    {
      std::lock_guard lock(queue.mutex);
      queue.items.push_back(reload);
    }
    wakeup.wake();
  });
  return session;
}

struct Change {
  std::string cause;          // for the result line
  bool reloadPlugins = false; // Locus.toml or a manifest changed: load the plugins again
};

// Waits for the next change burst (project files or plugin reloads) and describes it; returns
// nothing useful when a stop was requested.
Change waitForChange(ProjectWatcher& project, PluginSession& plugins, WatchWakeup& wakeup) {
  std::vector<std::string> changed;
  bool pluginChanged = false;
  Change change;
  auto collect = [&] {
    wakeup.drain();
    for (std::string& path : project.drain()) {
      if (path == "Locus.toml") change.reloadPlugins = true;
      changed.push_back(std::move(path));
    }
    for (const hooks::PluginReload& reload : plugins.reloads.take()) {
      reportReload(reload, plugins.host.auditLog());
      pluginChanged = true;
      for (const std::string& path : reload.changed)
        if (path == "locus-plugin.json") change.reloadPlugins = true;
    }
  };
  while (!wakeup.stopRequested() && changed.empty() && !pluginChanged) {
    waitReadable({project.fd(), wakeup.fd()}, std::chrono::milliseconds(-1));
    collect();
  }
  // The rest of the burst, bounded so a folder that never settles still rebuilds.
  auto burstEnd = Clock::now() + std::chrono::seconds(2);
  while (!wakeup.stopRequested() && Clock::now() < burstEnd &&
         waitReadable({project.fd(), wakeup.fd()}, kQuiet) > 0)
    collect();
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  change.cause = changed.empty() ? "" : joinPaths(changed) + " changed";
  if (pluginChanged)
    change.cause += std::string(change.cause.empty() ? "" : "; ") + "plugin changed";
  return change;
}

// A project watcher for `input`'s current scope (Locus.toml may move the output or templates).
std::unique_ptr<ProjectWatcher> watchProject(const std::string& input, const BuildOptions& build,
                                             const PluginSession& plugins, std::string& error) {
  WatchScope scope = watchScopeOf(input, build.outputDir);
  scope.pluginDirs = plugins.folders;
  auto project = std::make_unique<ProjectWatcher>(scope);
  if (!project->start(error)) return nullptr;
  return project;
}

} // namespace

int runWatch(const std::string& input, const BuildOptions& options, const OutputOptions& out) {
  std::error_code ec;
  if (!std::filesystem::exists(input.empty() ? "." : input, ec)) {
    llvm::errs() << "locusc watch: '" << input
                 << "' does not exist; give a .locus file or a project folder\n";
    return 2;
  }
  BuildOptions build = options;
  build.keepWorkers = true;
  build.inPlace = true; // a dev server (next dev, tsc --watch) may watch the output
  build.check = false;
  WatchWakeup wakeup; // first: a Ctrl-C during the first build already stops cleanly
  const std::filesystem::path root = projectRootOf(input);
  std::unique_ptr<PluginSession> plugins = openPlugins(root, wakeup, out.verbose);
  std::string error;
  std::unique_ptr<ProjectWatcher> project = watchProject(input, build, *plugins, error);
  if (!project) {
    llvm::errs() << "locusc watch: " << error << "\n";
    return 2;
  }
  llvm::errs() << "locusc watch: watching " << project->scope().root.string() << " (output "
               << project->scope().outputDir.string() << "); Ctrl-C stops\n";
  int number = 1;
  rebuild(plugins->host, input, build, out, number, "initial build");
  for (;;) {
    Change change = waitForChange(*project, *plugins, wakeup);
    if (wakeup.stopRequested()) break;
    if (change.reloadPlugins) {
      plugins.reset(); // stops the old workers before the new set starts any
      plugins = openPlugins(root, wakeup, out.verbose);
      llvm::errs() << "locusc watch: plugins loaded again (" << plugins->host.set().plugins.size()
                   << ")\n";
    }
    rebuild(plugins->host, input, build, out, ++number, change.cause);
    // Locus.toml may have moved the output or templates folder, plugins may have come or gone.
    WatchScope next = watchScopeOf(input, build.outputDir);
    next.pluginDirs = plugins->folders;
    const WatchScope& now = project->scope();
    if (next.outputDir != now.outputDir || next.templatesDir != now.templatesDir ||
        next.pluginDirs != now.pluginDirs) {
      if (auto replacement = watchProject(input, build, *plugins, error))
        project = std::move(replacement);
      else
        llvm::errs() << "locusc watch: warning: " << error << "\n";
    }
  }
  plugins->watcher.stop();
  plugins->host.shutdownAll();
  llvm::errs() << "locusc watch: stopped\n";
  return 0;
}

} // namespace locus
