// What a name means inside one page, component or store while its code is generated, and where
// generator messages go. The expression, statement and markup translators share one CodeScope.
#pragma once

#include "generators/generator.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace locus::react {

using Json = locus::OrderedJson;

// Where code runs: while rendering (reads see this render's values), or inside an async action,
// `on load` or handler body (reads see the latest values through the state getters).
enum class CodeContext { Render, Action };

// A local name: an action parameter, `let`/`const`, `for` variable or markup loop variable.
struct Local {
  Json type;             // IR type, or null when unknown
  std::string listState; // markup loop over a state list: that state variable
  std::string indexVar;  // … and the loop's index variable
};

// The IR program, indexed once per generator run.
struct ProgramIndex {
  std::map<std::string, const Json*> entities;
  std::map<std::string, const Json*> stores;
  std::map<std::string, const Json*> components;
  std::map<std::string, const Json*> serverActions; // top-level actions, by name
  bool hasAuth = false; // the program has `auth { }`: page guards are enforced
  explicit ProgramIndex(const Json& ir);
};

struct CodeScope {
  const ProgramIndex& program;
  const Json& container; // the page/component/store node
  std::vector<GeneratorMessage>& messages;
  CodeContext context = CodeContext::Render;
  bool inHandler = false;                           // `event` is visible
  std::vector<std::map<std::string, Local>> locals; // innermost last
  std::set<std::string> usedStores;                 // stores this module reads (useCell + import)
  bool usesCurrentUser = false;  // `currentUser` while rendering: rt.useCurrentUser() at the top
  int currentUserReads = 0;      // `currentUser` in actions: each body reads the session first
  bool needsFullRuntime = false; // rt.sessionUser / rt.callServerAction (stores import ./index)
  std::set<std::string> usedEntities;   // entity types this module names (import type)
  std::set<std::string> usedComponents; // project components rendered (import)
  std::set<std::string> namedSlots;     // <slot name=…/>: extra ReactNode props

  CodeScope(const ProgramIndex& p, const Json& c, std::vector<GeneratorMessage>& m)
      : program(p), container(c), messages(m) {}

  bool isStore() const { return container.value("kind", "") == "store"; }
  const Json* stateVar(const std::string& name) const;
  const Json* param(const std::string& name) const;
  const Json* action(const std::string& name) const;
  const Local* local(const std::string& name) const;
  // `setCount` → the state variable `count`, when there is one.
  const Json* setterTarget(const std::string& name) const;

  void push() { locals.emplace_back(); }
  void pop() { locals.pop_back(); }
  void declare(const std::string& name, Local local) { locals.back()[name] = std::move(local); }

  // W0809 at `node`'s span; returns a TypeScript expression that fails loudly if reached.
  std::string unsupported(const Json& node, const std::string& what);
  void warn(const Json& node, const std::string& what);
};

} // namespace locus::react
