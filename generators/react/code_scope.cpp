#include "generators/react/code_scope.h"
#include "generators/common/ir_get.h"

#include "generators/react/ts_names.h"

#include <cctype>

namespace locus::react {

namespace {

const Json* findNamed(const Json& list, const std::string& name) {
  if (!list.is_array()) return nullptr;
  for (const Json& item : list)
    if (item.value("name", "") == name) return &item;
  return nullptr;
}

} // namespace

ProgramIndex::ProgramIndex(const Json& ir) {
  for (const Json& e : get(ir, "entities")) entities[e.value("name", "")] = &e;
  for (const Json& s : get(ir, "stores")) stores[s.value("name", "")] = &s;
  for (const Json& c : get(ir, "components")) components[c.value("name", "")] = &c;
  for (const Json& a : get(ir, "actions")) serverActions.emplace(a.value("name", ""), &a);
  hasAuth = get(ir, "auth").is_object();
}

const Json* CodeScope::stateVar(const std::string& name) const {
  return findNamed(get(container, "state"), name);
}
const Json* CodeScope::param(const std::string& name) const {
  return findNamed(get(container, "params"), name);
}
const Json* CodeScope::action(const std::string& name) const {
  return findNamed(get(container, "actions"), name);
}

const Local* CodeScope::local(const std::string& name) const {
  for (auto it = locals.rbegin(); it != locals.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) return &found->second;
  }
  return nullptr;
}

const Json* CodeScope::setterTarget(const std::string& name) const {
  if (name.size() < 4 || name.compare(0, 3, "set") != 0 ||
      !std::isupper(static_cast<unsigned char>(name[3])))
    return nullptr;
  std::string state = name.substr(3);
  state[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(state[0])));
  return stateVar(state);
}

void CodeScope::warn(const Json& node, const std::string& what) {
  Json span = node.is_object() && node.contains("span") ? get(node, "span") : Json();
  if (span.is_null() && container.contains("span")) span = get(container, "span");
  messages.push_back({DiagKind::GeneratorUnsupported,
                      "react: " + what + " (in " + container.value("kind", "") + " '" +
                          container.value("name", "") + "')",
                      span});
}

std::string CodeScope::unsupported(const Json& node, const std::string& what) {
  warn(node, what);
  return "rt.unsupported(" + tsString(what) + ")";
}

} // namespace locus::react
