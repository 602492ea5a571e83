#include "hooks/discovery/plugin_config.h"

#include "compiler/base/suggest.h"
#include "hooks/dispatch/hook_table.h"

#include <toml++/toml.h>

namespace locus::hooks {

namespace {

struct Reader {
  std::string file;
  PluginConfig out;

  void error(std::string message) {
    out.problems.push_back({LoadProblem::Severity::Error, file, {}, std::move(message)});
  }

  std::vector<std::string> stringList(const toml::node& node, const std::string& where) {
    std::vector<std::string> list;
    const toml::array* arr = node.as_array();
    if (!arr) {
      error(where + " must be a list of strings");
      return list;
    }
    for (const toml::node& item : *arr) {
      if (auto s = item.value<std::string>())
        list.push_back(*s);
      else
        error(where + " must be a list of strings");
    }
    return list;
  }

  std::map<std::string, double> budgets(const toml::node& node, const std::string& where) {
    std::map<std::string, double> out;
    const toml::table* t = node.as_table();
    if (!t) {
      error(where + " must be a table of hook = milliseconds");
      return out;
    }
    for (const auto& [key, value] : *t) {
      std::string hook(key.str());
      if (!findHook(hook))
        error(where + "." + hook + ": unknown hook" + didYouMeanSuffix(hook, hookNames()));
      auto ms = value.value<double>();
      if (!ms || *ms <= 0)
        error(where + "." + hook + " must be a positive number of milliseconds");
      else
        out[hook] = *ms;
    }
    return out;
  }

  void allow(const toml::node& node, const std::string& where, PermissionPolicy& p) {
    const toml::table* t = node.as_table();
    if (!t) return error(where + " must be a table such as { network = true, env = [\"X\"] }");
    for (const auto& [key, value] : *t) {
      std::string k(key.str());
      if (k == "network") {
        auto b = value.value<bool>();
        if (!b) error(where + ".network must be true or false");
        p.allowNetwork = b.value_or(false);
      } else if (k == "env") {
        p.allowEnv = stringList(value, where + ".env");
      } else {
        error(where + ": unknown permission '" + k + "'" + didYouMeanSuffix(k, {"network", "env"}) +
              " (fs.read and fs.write are granted by default; see docs/plugins.md)");
      }
    }
  }

  void pluginTable(const std::string& name, const toml::table& t) {
    PluginSettings& s = out.settings[name];
    std::string where = "[plugins." + name + "]";
    for (const auto& [key, value] : t) {
      std::string k(key.str());
      if (k == "path") {
        if (auto path = value.value<std::string>())
          out.refs.push_back({name, *path, "Locus.toml " + where});
        else
          error(where + " path must be a string");
      } else if (k == "enabled") {
        auto b = value.value<bool>();
        if (!b) error(where + " enabled must be true or false");
        s.enabled = b.value_or(true);
      } else if (k == "budgets") {
        s.budgetsMs = budgets(value, where + " budgets");
      } else if (k == "allow") {
        allow(value, where + " allow", s.policy);
      } else if (k == "deny") {
        s.policy.deny = stringList(value, where + " deny");
        for (const std::string& d : s.policy.deny)
          if (d != "network" && d != "env" && d != "fs.read" && d != "fs.write")
            error(where + " deny: unknown permission '" + d +
                  "' (one of network, env, fs.read, fs.write)");
      } else {
        error(where + ": unknown key '" + k + "'" +
              didYouMeanSuffix(k, {"path", "enabled", "budgets", "allow", "deny"}));
      }
    }
  }

  void plugins(const toml::table& section) {
    if (const toml::node* paths = section.get("paths")) {
      std::vector<std::string> list = stringList(*paths, "[plugins] paths");
      for (std::size_t i = 0; i < list.size(); ++i)
        out.refs.push_back(
            {std::nullopt, list[i], "Locus.toml [plugins] paths[" + std::to_string(i) + "]"});
    }
    if (const toml::node* b = section.get("budgets"))
      out.defaultBudgetsMs = budgets(*b, "[plugins] budgets");
    for (const auto& [key, value] : section) {
      std::string name(key.str());
      if (name == "paths" || name == "budgets") continue;
      if (auto path = value.value<std::string>())
        out.refs.push_back({name, *path, "Locus.toml [plugins] " + name});
      else if (const toml::table* t = value.as_table())
        pluginTable(name, *t);
      else
        error("[plugins] " + name + " must be a folder path or a table");
    }
  }
};

} // namespace

PluginConfig parsePluginConfig(std::string_view tomlText, const std::string& file) {
  Reader r{file, {}};
  toml::table doc;
  try {
    doc = toml::parse(tomlText, file);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    r.error("not valid TOML at " + std::to_string(at.line) + ":" + std::to_string(at.column) +
            ": " + std::string(e.description()));
    return r.out;
  }
  const toml::node* section = doc.get("plugins");
  if (!section) return r.out;
  if (const toml::table* t = section->as_table())
    r.plugins(*t);
  else
    r.error("[plugins] must be a table");
  return r.out;
}

} // namespace locus::hooks
