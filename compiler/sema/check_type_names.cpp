// Every written type names something: a primitive, an entity, an enum or a type alias. Entity
// fields are checked with the data model (check_database.cpp); this covers the rest — state
// variables, params, action parameters and return types, typed `const`/`let`, workflow input and
// state. An unknown name would otherwise become `unknown` in the generated TypeScript and hide
// mistakes.
#include "compiler/sema/checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/type_habits.h"

#include <algorithm>
#include <set>

namespace locus {

namespace {

bool isKnownTypeName(const std::string& name, const Symbols& symbols) {
  return isPrimitiveType(name) || symbols.entities.count(name) || symbols.aliases.count(name) ||
         symbols.enums.count(name);
}

std::vector<std::string> typeCandidates(const Symbols& symbols) {
  std::vector<std::string> names = primitiveTypeNames();
  for (const auto& [name, alias] : symbols.aliases) names.push_back(name);
  for (const auto& [name, e] : symbols.enums) names.push_back(name);
  for (const auto& [name, entity] : symbols.entities) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

// `param children: slot` (the peer's form) names the children every component receives.
bool isChildrenSlot(const ast::Param& p) {
  return p.name.name == "children" && p.type && p.type->name.name == "slot" && !p.type->list;
}

void checkStmtTypes(const ast::Block& block, const Symbols& symbols, DiagnosticSink& sink);

void checkStmtTypes(const ast::Stmt& s, const Symbols& symbols, DiagnosticSink& sink) {
  if (s.type) checkTypeName(s.type.get(), "'" + s.name.name + "'", symbols, sink);
  checkStmtTypes(s.body, symbols, sink);
  checkStmtTypes(s.elseBody, symbols, sink);
}

void checkStmtTypes(const ast::Block& block, const Symbols& symbols, DiagnosticSink& sink) {
  for (const ast::Stmt& s : block) checkStmtTypes(s, symbols, sink);
}

void checkActionTypes(const ast::Action& a, const Symbols& symbols, DiagnosticSink& sink) {
  for (const ast::Param& p : a.params)
    checkTypeName(p.type.get(), "parameter '" + p.name.name + "'", symbols, sink);
  checkTypeName(a.returnType.get(), "the result of action '" + a.name.name + "'", symbols, sink);
  checkStmtTypes(a.body, symbols, sink);
}

} // namespace

void checkTypeName(const ast::TypeRef* ref, const std::string& what, const Symbols& symbols,
                   DiagnosticSink& sink) {
  if (!ref || ref->name.name.empty() || isKnownTypeName(ref->name.name, symbols)) return;
  std::vector<std::string> candidates = typeCandidates(symbols);
  std::string hint = typeDidYouMean(ref->name.name, candidates);
  sink.emit(DiagKind::UnknownType, ref->name.span,
            what + " has unknown type '" + ref->name.name + "'" +
                (hint.empty() ? "; use a primitive, an entity, an enum or a type alias"
                              : "; " + hint))
      .suggestion = closestType(ref->name.name, candidates);
}

// An enum has values, each once, and a name no other type has (a type name must mean one thing).
void checkEnum(const ast::EnumDecl& e, const Symbols& symbols, DiagnosticSink& sink) {
  const std::string& name = e.name.name;
  if (isPrimitiveType(name) || symbols.entities.count(name) || symbols.aliases.count(name)) {
    Diagnostic& d = sink.emit(DiagKind::DuplicateDefinition, e.name.span,
                              "enum '" + name + "' has the name of " +
                                  (isPrimitiveType(name)          ? std::string("a primitive type")
                                   : symbols.entities.count(name) ? "an entity"
                                                                  : "a type alias") +
                                  "; rename the enum");
    if (auto ent = symbols.entities.find(name); ent != symbols.entities.end())
      d.notes.push_back({ent->second->name.span, "entity declared here"});
  }
  if (e.values.empty())
    sink.emit(DiagKind::UnknownType, e.name.span,
              "enum '" + name + "' has no values; list them: `enum " + name + " { a b c }`");
  std::set<std::string> seen;
  for (const ast::Ident& v : e.values)
    if (!seen.insert(v.name).second)
      sink.emit(DiagKind::DuplicateMember, v.span,
                "enum '" + name + "' lists the value '" + v.name + "' twice; remove one");
}

namespace {

// The generated TypeScript needs these values for itself: the JavaScript globals and modules the
// generators call (`String(x)`, `Number(x)`, `JSON.stringify`, `React`). A page, component or
// store is a value of its module and would shadow them; an entity is only a type there.
bool isReservedValueName(const std::string& name) {
  static const std::set<std::string> globals = {
      "Array",   "Boolean", "Date",   "Error", "JSON",   "Map",    "Math",    "Number", "Object",
      "Promise", "React",   "RegExp", "Set",   "String", "Symbol", "console", "window", "document"};
  return globals.count(name) > 0;
}

// A declaration named like a primitive type (any kind) or a global value (not an entity).
void checkReservedName(const ast::Ident& name, const char* what, DiagnosticSink& sink) {
  bool value = std::string(what) != "entity" && isReservedValueName(name.name);
  if (!isPrimitiveType(name.name) && !value) return;
  sink.emit(DiagKind::DuplicateDefinition, name.span,
            std::string(what) + " '" + name.name + "' has the name of " +
                (isPrimitiveType(name.name) ? "a primitive type"
                                            : "a JavaScript global the generated code uses") +
                "; rename it");
}

} // namespace

void checkTypeNames(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  for (const ast::EnumDecl& e : program.enums) checkEnum(e, symbols, sink);
  for (const ast::Database& db : program.databases)
    for (const ast::Entity& e : db.entities) checkReservedName(e.name, "entity", sink);
  for (const ast::UiContainer& c : program.pages) checkReservedName(c.name, "page", sink);
  for (const ast::UiContainer& c : program.components) checkReservedName(c.name, "component", sink);
  for (const ast::UiContainer& c : program.stores) checkReservedName(c.name, "store", sink);
  for (const auto* list : {&program.pages, &program.components, &program.stores}) {
    for (const ast::UiContainer& c : *list) {
      for (const ast::StateVar& s : c.state)
        checkTypeName(s.type.get(), "state variable '" + s.name.name + "'", symbols, sink);
      for (const ast::Param& p : c.params)
        if (!isChildrenSlot(p))
          checkTypeName(p.type.get(), "param '" + p.name.name + "'", symbols, sink);
      for (const ast::Action& a : c.actions) checkActionTypes(a, symbols, sink);
      for (const ast::Block& b : c.onLoad) checkStmtTypes(b, symbols, sink);
    }
  }
  for (const ast::Action& a : program.actions) checkActionTypes(a, symbols, sink);
  for (const ast::Workflow& w : program.workflows) {
    for (const ast::Param& p : w.input)
      checkTypeName(p.type.get(), "input '" + p.name.name + "'", symbols, sink);
    for (const ast::StateVar& s : w.state)
      checkTypeName(s.type.get(), "state variable '" + s.name.name + "'", symbols, sink);
  }
}

} // namespace locus
