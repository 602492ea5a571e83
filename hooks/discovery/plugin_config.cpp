#include "hooks/discovery/plugin_config.h"

#include "compiler/base/suggest.h"
#include "hooks/dispatch/hook_table.h"

#include <cstdlib>
#include <sstream>
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
      } else if (k == "fs") {
        fsGrant(value, where + ".fs", p);
      } else if (k == "secrets") {
        p.allowSecrets = stringList(value, where + ".secrets");
      } else {
        error(where + ": unknown permission '" + k + "'" +
              didYouMeanSuffix(k, {"network", "env", "fs", "secrets"}) +
              " (fs.write is the plugin's own workspace and needs no grant; see docs/plugins.md)");
      }
    }
  }

  // `fs.read = ["data/**"]` (a dotted key) or `fs = { read = [...] }`: the manifest's patterns
  // the project consents to, verbatim.
  void fsGrant(const toml::node& node, const std::string& where, PermissionPolicy& p) {
    const toml::table* t = node.as_table();
    if (!t) return error(where + " must be a table such as { read = [\"data/**\"] }");
    for (const auto& [key, value] : *t) {
      std::string k(key.str());
      if (k == "read")
        p.allowFsRead = stringList(value, where + ".read");
      else
        error(where + ": unknown permission 'fs." + k + "'" + didYouMeanSuffix(k, {"read"}) +
              " (only fs.read is granted by the project)");
    }
  }

  // A TOML table as JSON (toml++'s JSON formatter, then nlohmann).
  static nlohmann::json toJson(const toml::table& t) {
    std::ostringstream text;
    text << toml::json_formatter{t};
    return nlohmann::json::parse(text.str(), nullptr, false);
  }

  void config(const toml::node& node, const std::string& where, PluginSettings& s) {
    const toml::table* t = node.as_table();
    if (!t) return error(where + " must be a table ([plugins.NAME.config])");
    s.config.merge_patch(toJson(*t));
  }

  // `[env.<environment>.plugins.NAME.config]` merged over each plugin's configuration.
  void environmentConfig(const toml::table& doc, const std::string& environment) {
    const toml::node* envs = doc.get("env");
    if (environment.empty()) return;
    const toml::table* env =
        envs && envs->as_table() ? envs->as_table()->get_as<toml::table>(environment) : nullptr;
    if (!env) {
      out.problems.push_back({LoadProblem::Severity::Warning,
                              file,
                              {},
                              "environment '" + environment + "' has no [env." + environment +
                                  "] table; plugins use their base configuration"});
      return;
    }
    const toml::table* plugins = env->get_as<toml::table>("plugins");
    if (!plugins) return;
    for (const auto& [key, value] : *plugins) {
      std::string name(key.str());
      std::string where = "[env." + environment + ".plugins." + name + "]";
      const toml::table* t = value.as_table();
      if (!t) {
        error(where + " must be a table");
        continue;
      }
      for (const auto& [k, v] : *t)
        if (k.str() == "config")
          config(v, where + " config", out.settings[name]);
        else
          error(where + ": unknown key '" + std::string(k.str()) + "' (only config)");
    }
  }

  // [plugins.NAME.fallbacks.KIND] retries = N, retryDelayMs = MS, alternative = "other_kind",
  // approval = "who"
  void fallbacks(const toml::node& node, const std::string& where, PluginSettings& s) {
    const toml::table* kinds = node.as_table();
    if (!kinds)
      return error(where + " must be a table of step kinds ([plugins.NAME.fallbacks.KIND])");
    for (const auto& [kindKey, value] : *kinds) {
      std::string kind(kindKey.str());
      std::string here = where + "." + kind;
      const toml::table* t = value.as_table();
      if (!t) {
        error(here + " must be a table such as { retries = 2, alternative = \"other_kind\" }");
        continue;
      }
      StepFallback& f = s.fallbacks[kind];
      for (const auto& [k, v] : *t) {
        std::string key(k.str());
        auto number = v.value<int64_t>();
        if (key == "retries" && number && *number >= 0 && *number <= 10)
          f.retries = static_cast<int>(*number);
        else if (key == "retryDelayMs" && number && *number >= 0 && *number <= 60000)
          f.retryDelayMs = static_cast<int>(*number);
        else if (key == "alternative" && v.value<std::string>())
          f.alternative = *v.value<std::string>();
        else if (key == "approval" && v.value<std::string>() && !v.value<std::string>()->empty())
          f.approval = *v.value<std::string>();
        else if (key == "retries" || key == "retryDelayMs" || key == "alternative" ||
                 key == "approval")
          error(here + " " + key +
                (key == "alternative" ? " must be a step kind (a string)"
                 : key == "approval"  ? " must name who approves (a non-empty string)"
                 : key == "retries"   ? " must be a whole number from 0 to 10"
                                      : " must be a whole number of milliseconds up to 60000"));
        else
          error(here + ": unknown key '" + key + "'" +
                didYouMeanSuffix(key, {"retries", "retryDelayMs", "alternative", "approval"}));
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
      } else if (k == "optional") {
        auto b = value.value<bool>();
        if (!b) error(where + " optional must be true or false");
        s.optional = b.value_or(false);
      } else if (k == "budgets") {
        s.budgetsMs = budgets(value, where + " budgets");
      } else if (k == "allow") {
        allow(value, where + " allow", s.policy);
      } else if (k == "config") {
        config(value, where + " config", s);
      } else if (k == "fallbacks") {
        fallbacks(value, where + " fallbacks", s);
      } else if (k == "deny") {
        s.policy.deny = stringList(value, where + " deny");
        for (const std::string& d : s.policy.deny)
          if (d != "network" && d != "env" && d != "fs.read" && d != "fs.write" && d != "secret")
            error(where + " deny: unknown permission '" + d +
                  "' (one of network, env, fs.read, fs.write, secret)");
      } else {
        error(where + ": unknown key '" + k + "'" +
              didYouMeanSuffix(k, {"path", "enabled", "optional", "budgets", "allow", "deny",
                                   "config", "fallbacks"}));
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

std::string selectedEnvironment() {
  const char* env = std::getenv("LOCUS_ENV");
  return env ? env : "";
}

PluginConfig parsePluginConfig(std::string_view tomlText, const std::string& file,
                               const std::string& environment) {
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
  if (const toml::node* section = doc.get("plugins")) {
    if (const toml::table* t = section->as_table())
      r.plugins(*t);
    else
      r.error("[plugins] must be a table");
  }
  r.environmentConfig(doc, environment);
  return r.out;
}

} // namespace locus::hooks
