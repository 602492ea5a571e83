// `locusc watch [FILE|DIR] [-o OUT] [--generators a,b]` (docs/cli.md "locusc watch"): one build,
// then a rebuild after every change to the project's `.locus` files, Locus.toml or templates, all
// with the same PluginHost so plugin workers stay warm. A change in a plugin's folder restarts
// that plugin's worker (hooks' PluginFileWatcher) and rebuilds. A failed build leaves the last
// good output in place (the writer's atomic swap) and the loop goes on; SIGINT/SIGTERM stop it
// cleanly: workers shut down, exit 0.
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

// Watches every loaded plugin's folder; reloads go to `queue` and wake the loop.
void watchPlugins(PluginHost& host, hooks::PluginFileWatcher& watcher, ReloadQueue& queue,
                  WatchWakeup& wakeup, WatchScope& scope) {
  for (const hooks::LoadedPlugin& plugin : host.set().plugins) {
    hooks::PluginWorker* worker = host.pool().worker(plugin.manifest.name);
    std::string error;
    if (!worker || !watcher.watch(*worker, plugin.manifest.dir, error))
      llvm::errs() << "locusc watch: warning: plugin " << plugin.manifest.name
                   << " will not hot-reload: " << error << "\n";
    scope.pluginDirs.push_back(std::filesystem::weakly_canonical(plugin.manifest.dir));
  }
  watcher.start([&queue, &wakeup](const hooks::PluginReload& reload) {
    {
      std::lock_guard lock(queue.mutex);
      queue.items.push_back(reload);
    }
    wakeup.wake();
  });
}

// Waits for the next change burst (project files or plugin reloads) and describes it; empty when
// a stop was requested.
std::string waitForChange(ProjectWatcher& project, ReloadQueue& reloads, WatchWakeup& wakeup,
                          const std::filesystem::path& auditLog) {
  std::vector<std::string> changed;
  bool pluginChanged = false;
  auto collect = [&] {
    wakeup.drain();
    for (std::string& path : project.drain()) changed.push_back(std::move(path));
    for (const hooks::PluginReload& reload : reloads.take()) {
      reportReload(reload, auditLog);
      pluginChanged = true;
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
  if (wakeup.stopRequested()) return {};
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  std::string cause = changed.empty() ? "" : joinPaths(changed) + " changed";
  if (pluginChanged) cause += std::string(cause.empty() ? "" : "; ") + "plugin changed";
  return cause;
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
  build.check = false;
  WatchWakeup wakeup; // first: a Ctrl-C during the first build already stops cleanly
  PluginHost host(projectRootOf(input));
  ReloadQueue reloads; // before the watcher: its thread pushes here until it is stopped
  hooks::PluginFileWatcher pluginWatcher(kQuiet);
  WatchScope scope = watchScopeOf(input, build.outputDir);
  watchPlugins(host, pluginWatcher, reloads, wakeup, scope);
  auto project = std::make_unique<ProjectWatcher>(scope);
  std::string error;
  if (!project->start(error)) {
    llvm::errs() << "locusc watch: " << error << "\n";
    return 2;
  }
  llvm::errs() << "locusc watch: watching " << scope.root.string() << " (output "
               << scope.outputDir.string() << "); Ctrl-C stops\n";
  int number = 1;
  rebuild(host, input, build, out, number, "initial build");
  for (;;) {
    std::string cause = waitForChange(*project, reloads, wakeup, host.auditLog());
    if (wakeup.stopRequested()) break;
    rebuild(host, input, build, out, ++number, cause);
    // Locus.toml may have moved the output or templates folder: watch the new scope.
    WatchScope next = watchScopeOf(input, build.outputDir);
    next.pluginDirs = scope.pluginDirs;
    if (next.outputDir != scope.outputDir || next.templatesDir != scope.templatesDir) {
      scope = next;
      auto replacement = std::make_unique<ProjectWatcher>(scope);
      if (replacement->start(error))
        project = std::move(replacement);
      else
        llvm::errs() << "locusc watch: warning: " << error << "\n";
    }
  }
  pluginWatcher.stop();
  host.shutdownAll();
  llvm::errs() << "locusc watch: stopped\n";
  return 0;
}

} // namespace locus
