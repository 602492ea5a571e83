// Checks across the loaded plugins: what one plugin cannot see on its own.
#include "hooks/discovery/discover.h"

#include "compiler/base/suggest.h"
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

// A subscription naming a loaded plugin's event it does not publish would never fire: say so.
void subscriptionsNamePublishedEvents(PluginSet& set) {
  for (const LoadedPlugin& p : set.plugins)
    for (const std::string& topic : p.manifest.events.subscribes) {
      std::string rest = topic.substr(std::string("plugin.").size());
      std::string publisher = rest.substr(0, rest.find('.'));
      std::string event = rest.substr(rest.find('.') + 1);
      const LoadedPlugin* other = set.find(publisher);
      if (!other || event == "*" || other->manifest.publishedEvent(event)) continue;
      std::string published;
      for (const EventDecl& e : other->manifest.events.publishes)
        published += (published.empty() ? "" : ", ") + e.name;
      set.problems.push_back(
          {LoadProblem::Severity::Warning,
           "",
           {p.manifest.name, publisher},
           "plugin '" + p.manifest.name + "' subscribes to '" + topic + "', but plugin '" +
               publisher + "' publishes no event '" + event + "' (" +
               (published.empty() ? "it publishes none" : "it publishes: " + published) +
               "); the subscription never fires"});
    }
}

// A fallback names a step kind of its own plugin and an alternative some loaded plugin provides.
void fallbacksNameLoadedStepKinds(PluginSet& set) {
  std::vector<std::string> kinds;
  for (const LoadedPlugin& p : set.plugins)
    for (const StepKindDecl& s : p.manifest.steps) kinds.push_back(s.kind);
  auto known = [&](const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  };
  for (const LoadedPlugin& p : set.plugins)
    for (const auto& [kind, f] : p.settings.fallbacks) {
      std::string where = "Locus.toml [plugins." + p.manifest.name + ".fallbacks." + kind + "]";
      std::vector<std::string> own;
      for (const StepKindDecl& s : p.manifest.steps) own.push_back(s.kind);
      if (std::find(own.begin(), own.end(), kind) == own.end())
        error(set, {p.manifest.name},
              where + ": plugin '" + p.manifest.name + "' has no step kind '" + kind + "'" +
                  didYouMeanSuffix(kind, own));
      if (f.alternative.empty()) continue;
      if (f.alternative == kind)
        error(set, {p.manifest.name}, where + ": the alternative must be another step kind");
      else if (!known(f.alternative))
        error(set, {p.manifest.name},
              where + ": alternative '" + f.alternative + "' is no step kind of a loaded plugin" +
                  didYouMeanSuffix(f.alternative, kinds));
    }
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
  subscriptionsNamePublishedEvents(set);
  fallbacksNameLoadedStepKinds(set);
  orderEveryHook(set);
}

} // namespace locus::hooks
