#include "generators/common/server_actions.h"

#include <map>

namespace locus::actions {

void collectActionUses(const locus::OrderedJson& node, const std::set<std::string>& serverActions,
                       std::set<std::string>& used) {
  if (node.is_array()) {
    for (const auto& item : node) collectActionUses(item, serverActions, used);
    return;
  }
  if (!node.is_object()) return;
  std::string kind = node.value("kind", "");
  if (kind == "run" && node.value("actionKind", "") == "server" && node.contains("action") &&
      node.at("action").is_string())
    used.insert(node.at("action").get<std::string>());
  if (kind == "call" && node.contains("callee") && node.at("callee").value("kind", "") == "name") {
    std::string callee = node.at("callee").value("name", "");
    if (serverActions.count(callee)) used.insert(callee);
  }
  for (const auto& [key, value] : node.items())
    if (key != "span") collectActionUses(value, serverActions, used);
}

std::set<std::string> serverActionNames(const locus::OrderedJson& ir) {
  std::set<std::string> names;
  if (ir.contains("actions"))
    for (const auto& action : ir.at("actions")) names.insert(action.at("name").get<std::string>());
  return names;
}

std::vector<const locus::OrderedJson*> actionClosure(const locus::OrderedJson& ir,
                                                     const std::set<std::string>& roots) {
  std::map<std::string, const locus::OrderedJson*> byName;
  for (const auto& action : ir.at("actions")) byName[action.at("name")] = &action;
  std::set<std::string> names = serverActionNames(ir);
  std::set<std::string> used;
  for (const std::string& r : roots)
    if (byName.count(r)) used.insert(r);
  std::vector<std::string> pending(used.begin(), used.end());
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    std::set<std::string> inner;
    collectActionUses(byName[name]->at("body"), names, inner);
    for (const std::string& n : inner)
      if (used.insert(n).second) pending.push_back(n);
  }
  std::vector<const locus::OrderedJson*> out;
  for (const auto& action : ir.at("actions"))
    if (used.count(action.at("name"))) out.push_back(&action);
  return out;
}

std::set<std::string> clientCalledActions(const locus::OrderedJson& ir) {
  std::set<std::string> names = serverActionNames(ir), used;
  for (const char* section : {"pages", "components", "stores"}) {
    if (!ir.contains(section)) continue;
    for (const auto& container : ir.at(section)) {
      std::set<std::string> visible = names;
      if (container.contains("actions"))
        for (const auto& own : container.at("actions")) visible.erase(own.value("name", ""));
      collectActionUses(container, visible, used);
    }
  }
  return used;
}

} // namespace locus::actions
