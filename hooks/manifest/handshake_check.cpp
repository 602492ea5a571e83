#include "hooks/manifest/handshake_check.h"

#include <algorithm>
#include <set>

namespace locus::hooks {

using nlohmann::json;

namespace {

// The answer's list `key` as a set; nullopt when it is not a list of strings.
std::optional<std::set<std::string>> nameSet(const json& answer, const char* key) {
  std::set<std::string> out;
  auto it = answer.find(key);
  if (it == answer.end()) return out; // absent: nothing implemented
  if (!it->is_array()) return std::nullopt;
  for (const json& item : *it) {
    if (!item.is_string()) return std::nullopt;
    out.insert(item.get<std::string>());
  }
  return out;
}

void compare(const std::string& plugin, const char* what, const std::set<std::string>& declared,
             const std::optional<std::set<std::string>>& implemented,
             std::vector<HandshakeProblem>& out) {
  if (!implemented) {
    out.push_back({true, "plugin '" + plugin + "' answered initialize with `" + what +
                             "` that is not a list of names"});
    return;
  }
  for (const std::string& name : declared)
    if (!implemented->count(name))
      out.push_back({true, "plugin '" + plugin + "' declares " + what + " '" + name +
                               "' in locus-plugin.json but its code does not implement it"});
  for (const std::string& name : *implemented)
    if (!declared.count(name))
      out.push_back({false, "plugin '" + plugin + "' implements " + what + " '" + name +
                                "' that locus-plugin.json does not declare; it will not be used"});
}

} // namespace

std::vector<HandshakeProblem> checkHandshake(const PluginManifest& m, const json& answer) {
  std::vector<HandshakeProblem> out;
  if (!answer.is_object()) {
    out.push_back({true, "plugin '" + m.name +
                             "' answered initialize with something other than "
                             "an object"});
    return out;
  }
  std::string name =
      answer.value("name", json()).is_string() ? answer["name"].get<std::string>() : "";
  if (name != m.name)
    out.push_back({true, "the plugin in " + m.dir.string() + " says its name is '" + name +
                             "' but its manifest says '" + m.name + "'"});
  std::string version =
      answer.value("version", json()).is_string() ? answer["version"].get<std::string>() : "";
  if (version != m.version)
    out.push_back({true, "plugin '" + m.name + "' reports version '" + version +
                             "' but its manifest says '" + m.version +
                             "'; rebuild the plugin or update the manifest"});
  std::set<std::string> hooks, steps, generators;
  for (const HookSubscription& s : m.hooks) hooks.insert(s.hook);
  for (const StepKindDecl& s : m.steps) steps.insert(s.kind);
  for (const GeneratorDecl& g : m.generators) generators.insert(g.name);
  compare(m.name, "hooks", hooks, nameSet(answer, "hooks"), out);
  compare(m.name, "steps", steps, nameSet(answer, "steps"), out);
  compare(m.name, "generators", generators, nameSet(answer, "generators"), out);
  return out;
}

} // namespace locus::hooks
