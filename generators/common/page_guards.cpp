#include "generators/common/page_guards.h"
#include "generators/common/ir_get.h"

#include <algorithm>

namespace locus::guards {

namespace {

const std::set<std::string>& dataCalls() {
  static const std::set<std::string> names = {"find", "findOne", "create", "update", "delete"};
  return names;
}

// Walks one container's IR: data calls' entities into `entities`, rendered components into
// `components`.
void collect(const OrderedJson& node, std::set<std::string>& entities,
             std::set<std::string>& components) {
  if (node.is_array()) {
    for (const OrderedJson& child : node) collect(child, entities, components);
    return;
  }
  if (!node.is_object()) return;
  if (textAt(node, "kind") == "call" && textAt(get(node, "callee"), "kind") == "name" &&
      dataCalls().count(std::string(textAt(get(node, "callee"), "name")))) {
    const OrderedJson& args = get(node, "args");
    if (args.is_array() && !args.empty() && textAt(get(args[0], "value"), "kind") == "name")
      entities.insert(std::string(textAt(get(args[0], "value"), "name")));
  }
  if (textAt(node, "kind") == "element" && textAt(node, "tagKind") == "component")
    components.insert(std::string(textAt(node, "tag")));
  for (const auto& [key, value] : node.items())
    if (key != "span") collect(value, entities, components);
}

} // namespace

const OrderedJson& guardArgument(const OrderedJson& page) {
  static const OrderedJson none;
  for (const OrderedJson& arg : get(page, "args"))
    if (textAt(arg, "name") == "guard") return get(arg, "value");
  return none;
}

std::vector<std::string> guardRoles(const OrderedJson& page) {
  const OrderedJson& value = guardArgument(page);
  std::vector<std::string> roles;
  auto add = [&](const OrderedJson& v) {
    std::string_view kind = textAt(v, "kind");
    std::string role(kind == "name"     ? textAt(v, "name")
                     : kind == "string" ? textAt(v, "value")
                                        : "");
    if (!role.empty() && std::find(roles.begin(), roles.end(), role) == roles.end())
      roles.push_back(role);
  };
  if (textAt(value, "kind") == "array")
    for (const OrderedJson& v : get(value, "elements")) add(v);
  else
    add(value);
  return roles;
}

std::set<std::string> entitiesUsedBy(const OrderedJson& container, const OrderedJson& ir) {
  std::map<std::string, const OrderedJson*> componentsByName;
  for (const OrderedJson& c : get(ir, "components"))
    componentsByName[std::string(textAt(c, "name"))] = &c;
  std::set<std::string> entities, seen, pending;
  collect(container, entities, pending);
  while (!pending.empty()) {
    std::string name = *pending.begin();
    pending.erase(pending.begin());
    if (!seen.insert(name).second) continue;
    auto it = componentsByName.find(name);
    if (it == componentsByName.end()) continue;
    std::set<std::string> more;
    collect(*it->second, entities, more);
    for (const std::string& m : more)
      if (!seen.count(m)) pending.insert(m);
  }
  return entities;
}

std::map<std::string, std::vector<std::string>> guardedEntities(const OrderedJson& ir) {
  std::map<std::string, std::vector<std::string>> roles;
  std::set<std::string> open;
  for (const OrderedJson& page : get(ir, "pages")) {
    std::vector<std::string> pageRoles = guardRoles(page);
    for (const std::string& entity : entitiesUsedBy(page, ir)) {
      if (pageRoles.empty()) {
        open.insert(entity);
        continue;
      }
      std::vector<std::string>& into = roles[entity];
      for (const std::string& r : pageRoles)
        if (std::find(into.begin(), into.end(), r) == into.end()) into.push_back(r);
    }
  }
  for (const std::string& entity : open) roles.erase(entity);
  return roles;
}

} // namespace locus::guards
