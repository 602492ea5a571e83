// Checks across the loaded plugins: what one plugin cannot see on its own.
#include "hooks/discovery/discover.h"

#include "hooks/dispatch/hook_table.h"
#include "hooks/ordering/hook_order.h"
#include "hooks/semver/range.h"

#include <algorithm>
#include <map>
#include <set>

namespace locus::hooks {

namespace {

void error(PluginSet& set, std::vector<std::string> plugins, std::string message) {
  set.problems.push_back(
      {LoadProblem::Severity::Error, "", std::move(plugins), std::move(message)});
}

// Removes the named plugins from the set (after their problems are recorded).
void drop(PluginSet& set, const std::set<std::string>& names) {
  std::erase_if(set.plugins,
                [&](const LoadedPlugin& p) { return names.count(p.manifest.name) > 0; });
}

void uniqueStepKindsAndGenerators(PluginSet& set) {
  std::map<std::string, std::string> stepOwner, generatorOwner;
  std::set<std::string> bad;
  for (const LoadedPlugin& p : set.plugins) {
    const std::string& name = p.manifest.name;
    for (const StepKindDecl& s : p.manifest.steps)
      if (auto [it, fresh] = stepOwner.emplace(s.kind, name); !fresh) {
        error(set, {it->second, name},
              "step kind '" + s.kind + "' is registered by both plugin '" + it->second +
                  "' and plugin '" + name + "'; remove or rename one of them");
        bad.insert(name);
      }
    for (const GeneratorDecl& g : p.manifest.generators)
      if (auto [it, fresh] = generatorOwner.emplace(g.name, name); !fresh) {
        error(set, {it->second, name},
              "generator '" + g.name + "' is registered by both plugin '" + it->second +
                  "' and plugin '" + name + "'; remove or rename one of them");
        bad.insert(name);
      }
  }
  drop(set, bad);
}

void dependenciesPresent(PluginSet& set) {
  std::set<std::string> bad;
  for (const LoadedPlugin& p : set.plugins)
    for (const auto& [dep, rangeText] : p.manifest.dependencies) {
      const LoadedPlugin* other = set.find(dep);
      if (!other) {
        error(set, {p.manifest.name, dep},
              "plugin '" + p.manifest.name + "' depends on plugin '" + dep + "' (" + rangeText +
                  ") which is not loaded; add it to Locus.toml [plugins] or install it");
        bad.insert(p.manifest.name);
        continue;
      }
      auto range = semver::parseRange(rangeText);
      auto version = semver::parseVersion(other->manifest.version);
      if (range && version && !semver::satisfies(*version, *range)) {
        error(set, {p.manifest.name, dep},
              "plugin '" + p.manifest.name + "' needs plugin '" + dep + "' " + rangeText +
                  " but '" + dep + "' is version " + other->manifest.version);
        bad.insert(p.manifest.name);
      }
    }
  drop(set, bad);
}

void orderingConstraintsNameLoadedPlugins(PluginSet& set) {
  for (const LoadedPlugin& p : set.plugins)
    for (const HookSubscription& s : p.manifest.hooks)
      for (const auto* list : {&s.before, &s.after})
        for (const std::string& other : *list)
          if (!set.find(other))
            set.problems.push_back({LoadProblem::Severity::Warning,
                                    "",
                                    {p.manifest.name},
                                    "plugin '" + p.manifest.name + "' orders itself " +
                                        (list == &s.before ? "before" : "after") + " '" + other +
                                        "' on " + s.hook + ", but no plugin '" + other +
                                        "' is loaded; the constraint is ignored"});
}

void orderEveryHook(PluginSet& set) {
  std::set<std::string> bad;
  for (const HookInfo& hook : hookTable()) {
    std::vector<OrderEntry> entries;
    for (const LoadedPlugin& p : set.plugins)
      if (const HookSubscription* s = p.manifest.subscription(hook.name))
        entries.push_back({p.manifest.name, s->order, s->before, s->after});
    if (entries.empty()) continue;
    HookOrder order = orderSubscribers(hook.name, entries);
    if (order.cycle) {
      error(set, order.cycle->plugins, order.cycle->message);
      bad.insert(order.cycle->plugins.begin(), order.cycle->plugins.end());
    } else {
      set.hookOrder[std::string(hook.name)] = std::move(order.plugins);
    }
  }
  // Plugins on a cycle are not loaded, so the orders computed so far may name them: redo.
  if (!bad.empty()) {
    drop(set, bad);
    set.hookOrder.clear();
    orderEveryHook(set);
  }
}

} // namespace

void checkPluginSet(PluginSet& set) {
  uniqueStepKindsAndGenerators(set);
  dependenciesPresent(set);
  orderingConstraintsNameLoadedPlugins(set);
  orderEveryHook(set);
}

} // namespace locus::hooks
