#include "hooks/discovery/discover.h"

#include "hooks/lockfile/lockfile.h"
#include "hooks/manifest/manifest_read.h"
#include "hooks/schema/schema_errors.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace locus::hooks {

namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Installed plugins, by folder name so the order does not depend on the file system.
std::vector<PluginRef> installedPlugins(const fs::path& root) {
  std::vector<PluginRef> out;
  fs::path dir = root / ".locus" / "plugins";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
    if (e.is_directory(ec))
      out.push_back({std::nullopt, e.path(), ".locus/plugins/" + e.path().filename().string()});
  std::sort(out.begin(), out.end(),
            [](const PluginRef& a, const PluginRef& b) { return a.dir < b.dir; });
  return out;
}

void error(PluginSet& set, std::string file, std::vector<std::string> plugins,
           std::string message) {
  set.problems.push_back(
      {LoadProblem::Severity::Error, std::move(file), std::move(plugins), std::move(message)});
}

// Packages installed by `locusc plugin install`: those locus.lock names, each from the package
// store, and only when every installed file still has the SHA-256 the lock's file list gives
// (a changed file keeps the plugin from starting, naming the file).
std::vector<PluginRef> lockedPlugins(const fs::path& root, PluginSet& set) {
  std::vector<PluginRef> out;
  fs::path file = root / lockfile::kLockFileName;
  std::error_code ec;
  if (!fs::exists(file, ec)) return out;
  lockfile::LockRead read = lockfile::readLockfile(file);
  if (!read.lock) {
    error(set, file.string(), {}, read.error);
    return out;
  }
  for (const lockfile::LockedPlugin& p : read.lock->plugins) {
    fs::path dir = lockfile::installedDir(root, p);
    if (std::string problem = lockfile::checkInstalledFiles(dir, p); !problem.empty()) {
      error(set, file.string(), {p.name}, problem);
      continue;
    }
    out.push_back({p.name, dir, "locus.lock " + p.name + " " + p.version});
  }
  return out;
}

void warning(PluginSet& set, std::string file, std::vector<std::string> plugins,
             std::string message) {
  set.problems.push_back(
      {LoadProblem::Severity::Warning, std::move(file), std::move(plugins), std::move(message)});
}

// Problems that involve only plugins the project marked `optional = true` become warnings, and
// those plugins are left out: the build goes on without them.
void degradeOptionalPlugins(PluginSet& set, const PluginConfig& config) {
  auto optional = [&](const std::string& name) {
    auto it = config.settings.find(name);
    return it != config.settings.end() && it->second.optional;
  };
  std::set<std::string> dropped;
  for (LoadProblem& p : set.problems) {
    if (p.severity != LoadProblem::Severity::Error || p.plugins.empty() ||
        !std::all_of(p.plugins.begin(), p.plugins.end(), optional))
      continue;
    p.severity = LoadProblem::Severity::Warning;
    p.message += " (optional plugin: skipped, the build goes on without it)";
    dropped.insert(p.plugins.begin(), p.plugins.end());
  }
  std::erase_if(set.plugins,
                [&](const LoadedPlugin& p) { return dropped.count(p.manifest.name) > 0; });
  for (auto& [hook, order] : set.hookOrder)
    std::erase_if(order, [&](const std::string& name) { return dropped.count(name) > 0; });
}

// A plugin's configuration against its manifest's `config` schema: a bad configuration is a load
// error naming the Locus.toml table, not a surprise inside the plugin.
void checkPluginConfig(PluginSet& set, const LoadedPlugin& p, const std::string& toml) {
  const std::string& name = p.manifest.name;
  std::string where = "[plugins." + name + ".config]";
  std::string environment = selectedEnvironment();
  if (!environment.empty())
    where += " (with [env." + environment + ".plugins." + name + ".config])";
  if (p.manifest.configSchema.is_null()) {
    if (!p.settings.config.empty())
      error(set, toml, {name},
            where + " configures plugin '" + name +
                "', whose manifest declares no `config` schema: it takes no configuration");
    return;
  }
  for (const SchemaError& e : schemaErrors(p.manifest.configSchema, p.settings.config))
    error(set, toml, {name},
          where + ": " + (e.path.empty() ? "the configuration" : "'" + e.path + "'") + " " +
              e.message);
}

// Reads and checks one manifest; false (with problems recorded) when the plugin cannot load.
bool loadOne(const PluginRef& ref, const fs::path& root, const ManifestCheckContext& ctx,
             PluginSet& set, PluginManifest& out) {
  fs::path dir = ref.dir.is_absolute() ? ref.dir : root / ref.dir;
  std::string file = (dir / kManifestFileName).string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error(set, "", {ref.name.value_or("")},
          ref.origin + ": plugin folder " + dir.string() + " does not exist");
    return false;
  }
  ManifestRead read = readManifest(dir);
  std::vector<ManifestError> errors = read.errors;
  if (read.manifest) {
    auto more = checkManifest(*read.manifest, ctx, file);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  std::string name = read.manifest ? read.manifest->name : ref.name.value_or(dir.filename());
  for (const ManifestError& e : errors)
    error(set, e.file, {name}, (e.field.empty() ? "" : e.field + ": ") + e.message);
  if (!errors.empty()) return false;
  if (ref.name && *ref.name != read.manifest->name) {
    error(set, file, {read.manifest->name},
          ref.origin + " names the plugin '" + *ref.name + "' but its manifest says '" +
              read.manifest->name + "'; use the manifest's name");
    return false;
  }
  out = std::move(*read.manifest);
  return true;
}

} // namespace

bool PluginSet::hasErrors() const {
  return std::any_of(problems.begin(), problems.end(), [](const LoadProblem& p) {
    return p.severity == LoadProblem::Severity::Error;
  });
}

const LoadedPlugin* PluginSet::find(std::string_view name) const {
  for (const LoadedPlugin& p : plugins)
    if (p.manifest.name == name) return &p;
  return nullptr;
}

std::optional<double> PluginSet::budgetMs(std::string_view plugin, std::string_view hook) const {
  const LoadedPlugin* p = find(plugin);
  if (p) {
    if (auto it = p->settings.budgetsMs.find(std::string(hook)); it != p->settings.budgetsMs.end())
      return it->second;
    if (const HookSubscription* s = p->manifest.subscription(hook); s && s->budgetMs)
      return s->budgetMs;
  }
  if (auto it = defaultBudgetsMs.find(std::string(hook)); it != defaultBudgetsMs.end())
    return it->second;
  return std::nullopt;
}

PluginSet discoverPlugins(const fs::path& projectRoot, const ManifestCheckContext& context) {
  PluginSet set;
  PluginConfig config;
  fs::path toml = projectRoot / "Locus.toml";
  std::error_code ec;
  if (fs::exists(toml, ec))
    config = parsePluginConfig(readText(toml), toml.string(), selectedEnvironment());
  set.problems = config.problems;
  set.defaultBudgetsMs = config.defaultBudgetsMs;

  std::vector<PluginRef> refs = config.refs;
  std::vector<PluginRef> locked = lockedPlugins(projectRoot, set);
  refs.insert(refs.end(), locked.begin(), locked.end());
  std::vector<PluginRef> installed = installedPlugins(projectRoot);
  refs.insert(refs.end(), installed.begin(), installed.end());

  std::map<std::string, std::string> seenAt; // plugin name → origin
  for (const PluginRef& ref : refs) {
    if (ref.name && config.settings.count(*ref.name) && !config.settings[*ref.name].enabled)
      continue;
    PluginManifest m;
    if (!loadOne(ref, projectRoot, context, set, m)) continue;
    auto settings = config.settings.find(m.name);
    if (settings != config.settings.end() && !settings->second.enabled) continue;
    if (auto [it, fresh] = seenAt.emplace(m.name, ref.origin); !fresh) {
      bool shadowsInstalled =
          ref.origin.starts_with(".locus/plugins/") && !it->second.starts_with(".locus/plugins/");
      if (shadowsInstalled) {
        warning(set, "", {m.name},
                "plugin '" + m.name + "' from " + it->second + " is used; the installed copy in " +
                    ref.origin + " is ignored");
      } else {
        error(set, "", {m.name},
              "plugin '" + m.name + "' is found twice: in " + it->second + " and in " + ref.origin +
                  "; keep one");
      }
      continue;
    }
    LoadedPlugin loaded{std::move(m), ref.origin, {}};
    if (settings != config.settings.end()) loaded.settings = settings->second;
    checkPluginConfig(set, loaded, toml.string());
    set.plugins.push_back(std::move(loaded));
  }
  for (const auto& [name, s] : config.settings)
    if (s.enabled && !seenAt.count(name) &&
        !std::any_of(set.problems.begin(), set.problems.end(), [&](const LoadProblem& p) {
          return std::find(p.plugins.begin(), p.plugins.end(), name) != p.plugins.end();
        }))
      warning(set, toml.string(), {name},
              "[plugins." + name +
                  "] configures a plugin that is not found (no path and no "
                  ".locus/plugins/" +
                  name + "/)");
  checkPluginSet(set);
  degradeOptionalPlugins(set, config);
  return set;
}

} // namespace locus::hooks
