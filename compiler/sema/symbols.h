// Name tables of a merged program, built once and shared by every check.
#pragma once

#include "compiler/ast/ast.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace locus {

struct Symbols {
  std::unordered_map<std::string, const ast::Entity*> entities;
  std::unordered_map<std::string, const ast::UiContainer*> pages;
  std::unordered_map<std::string, const ast::UiContainer*> components;
  std::unordered_map<std::string, const ast::UiContainer*> stores;
  std::unordered_map<std::string, const ast::Workflow*> workflows;
  std::unordered_map<std::string, const ast::Upload*> uploads;
  std::unordered_map<std::string, const ast::TypeAlias*> aliases;
  std::unordered_map<std::string, const ast::EnumDecl*> enums;
  std::unordered_map<std::string, const ast::Action*> serverActions;
  // Actions of pages, components and stores, by name (first declaration wins).
  std::unordered_map<std::string, const ast::Action*> clientActions;

  std::vector<std::string> entityNames() const;
  std::vector<std::string> componentNames() const;
  std::vector<std::string> actionNames() const; // server + client, sorted
};

// First definition wins for duplicates (merge already reported them).
Symbols buildSymbols(const ast::File& program);

// A type name after following type aliases; the flags accumulate along the alias chain
// (`type Tags = String[]` then `t: Tags?` is an optional list).
struct ResolvedType {
  enum class Kind { Primitive, Entity, Unresolved } kind = Kind::Unresolved;
  std::string name;  // the primitive or entity; when unresolved, the last name followed
  std::string alias; // the first alias followed, "" when the type was written directly
  bool list = false, optional = false, nullable = false;
  bool nestedList = false;                 // a list of an alias that is itself a list
  const ast::EnumDecl* enumDecl = nullptr; // an enum: a String holding one of its values

  bool primitive() const { return kind == Kind::Primitive; }
};

// Follows aliases (stopping at unknown names and cycles, which sema reports elsewhere).
ResolvedType resolveType(const ast::TypeRef& type, const Symbols& symbols);

// The primitive type names (String, Text, Integer, …).
const std::vector<std::string>& primitiveTypeNames();
bool isPrimitiveType(const std::string& name);
bool isNumericType(const std::string& name);
bool isStringType(const std::string& name);

} // namespace locus
