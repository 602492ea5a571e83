#include "compiler/driver/watch_scope.h"

#include "compiler/base/tree_watcher.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/plugin_host.h"
#include "compiler/driver/project_config.h"

#include <algorithm>
#include <optional>

namespace locus {

namespace fs = std::filesystem;

namespace {

fs::path normal(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  fs::path result = (ec ? path : absolute).lexically_normal();
  // "dir/" and "dir" name the same folder; keep one spelling so paths compare equal.
  return result.has_filename() || !result.has_parent_path() || result == result.root_path()
             ? result
             : result.parent_path();
}

// True when `path` is `dir` or below it (both absolute and normal).
bool within(const fs::path& path, const fs::path& dir) {
  if (dir.empty()) return false;
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end() || (std::next(d) == dir.end() && d->empty()); // "dir/" ends in ""
}

} // namespace

WatchScope watchScopeOf(const std::string& input, const std::string& outputOverride) {
  WatchScope scope;
  scope.root = normal(projectRootOf(input));
  scope.outputDir = scope.root / "generated";
  scope.templatesDir = scope.root / "templates";
  SourceSet sources;
  DiagnosticSink sink;
  if (std::optional<ProjectConfig> config = loadProjectConfig(input, sources, sink)) {
    scope.outputDir = normal(config->outputDir);
    scope.templatesDir = normal(config->templatesDir);
  }
  if (!outputOverride.empty()) scope.outputDir = normal(outputOverride);
  return scope;
}

bool skippedWatchFolder(const WatchScope& scope, const fs::path& path) {
  if (within(path, scope.outputDir) || within(path, scope.root / ".locus")) return true;
  for (const fs::path& dir : scope.pluginDirs)
    if (within(path, dir)) return true;
  // Names are judged below the watched folder they sit in (templates may live outside the root).
  const fs::path& base = !within(path, scope.root) && within(path, scope.templatesDir)
                             ? scope.templatesDir
                             : scope.root;
  fs::path relative = path.lexically_relative(base);
  for (const fs::path& part : relative)
    if (part == "node_modules") return true;
  return !relative.empty() && relative != "." && isEditorDropping(relative);
}

bool triggersRebuild(const WatchScope& scope, const fs::path& path, bool isFolder) {
  if (skippedWatchFolder(scope, path.parent_path()) || skippedWatchFolder(scope, path))
    return false;
  if (isEditorDropping(path.filename())) return false;
  if (isFolder || path.extension() == ".locus" || path == scope.root / "Locus.toml") return true;
  return within(path, scope.templatesDir);
}

} // namespace locus
