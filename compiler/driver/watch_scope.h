// What `locusc watch` looks at (docs/cli.md "locusc watch"): the project's `.locus` files, its
// Locus.toml and its templates folder. Never the output folder or `.locus/` (the build writes
// there: watching them would rebuild forever), never plugin folders (their own watcher restarts
// the plugin's worker first, then asks for the rebuild), never editor droppings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace locus {

struct WatchScope {
  std::filesystem::path root;                    // the project folder (absolute, normal form)
  std::filesystem::path outputDir;               // ignored with everything below it
  std::filesystem::path templatesDir;            // every file below it counts
  std::vector<std::filesystem::path> pluginDirs; // ignored here (hooks' PluginFileWatcher)
};

// The scope of `input` (a .locus file or a project folder): reads Locus.toml for the output and
// templates folders; `outputOverride` is `-o`. A broken Locus.toml gives the defaults (the build
// reports the error; watch keeps running and picks the file up again when it is fixed).
WatchScope watchScopeOf(const std::string& input, const std::string& outputOverride);

// True for a folder watch must not descend into: the output, `.locus/`, plugin folders,
// node_modules, hidden folders and caches. `path` is absolute.
bool skippedWatchFolder(const WatchScope& scope, const std::filesystem::path& path);

// True when a change of `path` (absolute) must rebuild: a `.locus` file, the project's
// Locus.toml, anything in the templates folder, or a folder appearing or going away (it may hold
// `.locus` files) — unless it is inside a skipped folder or is an editor's temporary file.
bool triggersRebuild(const WatchScope& scope, const std::filesystem::path& path, bool isFolder);

} // namespace locus
