#include "compiler/sema/symbols.h"

#include <unordered_set>

#include <algorithm>

namespace locus {

namespace {

template <typename T>
void addFirst(std::unordered_map<std::string, const T*>& table, const T& node) {
  table.emplace(node.name.name, &node); // emplace keeps the first definition
}

template <typename Map> std::vector<std::string> sortedKeys(const Map& table) {
  std::vector<std::string> names;
  names.reserve(table.size());
  for (const auto& [name, node] : table) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

void addClientActions(Symbols& symbols, const std::vector<ast::UiContainer>& containers) {
  for (const ast::UiContainer& c : containers)
    for (const ast::Action& a : c.actions) addFirst(symbols.clientActions, a);
}

} // namespace

std::vector<std::string> Symbols::entityNames() const {
  return sortedKeys(entities);
}

std::vector<std::string> Symbols::componentNames() const {
  return sortedKeys(components);
}

std::vector<std::string> Symbols::actionNames() const {
  std::vector<std::string> names = sortedKeys(serverActions);
  std::vector<std::string> client = sortedKeys(clientActions);
  names.insert(names.end(), client.begin(), client.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Symbols buildSymbols(const ast::File& program) {
  Symbols s;
  for (const ast::Database& db : program.databases)
    for (const ast::Entity& e : db.entities) addFirst(s.entities, e);
  for (const ast::UiContainer& p : program.pages) addFirst(s.pages, p);
  for (const ast::UiContainer& c : program.components) addFirst(s.components, c);
  for (const ast::UiContainer& st : program.stores) addFirst(s.stores, st);
  for (const ast::Workflow& w : program.workflows) addFirst(s.workflows, w);
  for (const ast::Upload& u : program.uploads) addFirst(s.uploads, u);
  for (const ast::TypeAlias& t : program.typeAliases) addFirst(s.aliases, t);
  for (const ast::EnumDecl& e : program.enums) addFirst(s.enums, e);
  for (const ast::Action& a : program.actions) addFirst(s.serverActions, a);
  addClientActions(s, program.pages);
  addClientActions(s, program.components);
  addClientActions(s, program.stores);
  return s;
}

const std::vector<std::string>& primitiveTypeNames() {
  static const std::vector<std::string> names = {"String",  "Text",     "Integer", "Decimal",
                                                 "Boolean", "DateTime", "Json",    "BigInt",
                                                 "Float",   "UUID",     "Email",   "URL"};
  return names;
}

bool isPrimitiveType(const std::string& name) {
  const auto& names = primitiveTypeNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool isNumericType(const std::string& name) {
  return name == "Integer" || name == "Decimal" || name == "BigInt" || name == "Float";
}

bool isStringType(const std::string& name) {
  return name == "String" || name == "Text" || name == "UUID" || name == "Email" || name == "URL";
}

ResolvedType resolveType(const ast::TypeRef& type, const Symbols& symbols) {
  ResolvedType r;
  r.list = type.list;
  r.optional = type.optional;
  r.nullable = type.nullable;
  std::string name = type.name.name;
  std::unordered_set<std::string> seen;
  for (;;) {
    r.name = name;
    if (isPrimitiveType(name)) {
      r.kind = ResolvedType::Kind::Primitive;
      return r;
    }
    if (symbols.entities.count(name)) {
      r.kind = ResolvedType::Kind::Entity;
      return r;
    }
    if (auto e = symbols.enums.find(name); e != symbols.enums.end()) {
      r.kind = ResolvedType::Kind::Primitive;
      r.name = "String";
      r.enumDecl = e->second;
      return r;
    }
    auto alias = symbols.aliases.find(name);
    if (alias == symbols.aliases.end() || !seen.insert(name).second) return r; // unknown/cyclic
    if (r.alias.empty()) r.alias = name;
    const ast::TypeRef& target = alias->second->type;
    r.nestedList |= r.list && target.list;
    r.list |= target.list;
    r.optional |= target.optional;
    r.nullable |= target.nullable;
    name = target.name.name;
  }
}

} // namespace locus
