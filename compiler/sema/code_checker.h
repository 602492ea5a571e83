// Internal: the checker of statement bodies (actions, `on load`, server actions). Its parts live
// in check_code.cpp (statements and scopes), code_exprs.cpp (expressions, names, calls) and
// data_calls.cpp (find/findOne/create/update/delete).
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/auth_config.h"
#include "compiler/sema/builtin_signatures.h"
#include "compiler/sema/code_types.h"
#include "compiler/sema/symbols.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus {

enum class SymKind {
  Const,   // const x = …
  Let,     // let x = …
  Param,   // an action parameter
  LoopVar, // for x in …
  State,   // a state variable of the enclosing page/component/store
  Prop,    // a component `param` (read-only in the component)
  Store,   // a store, by name
  Entity,  // an entity, by name
  Action,  // an action of the container, or a server action
  Setter,  // setX for state variable x
  Global,  // console, Math, …
};

struct Sym {
  SymKind kind = SymKind::Global;
  Type type;
  bool declaredType = false;               // the type was written, so assignments are checked
  Span span;                               // the declaration (invalid for built-ins)
  const ast::Action* action = nullptr;     // Action
  const ast::UiContainer* store = nullptr; // Store
};

// `p`, `p.owner`, `p?.owner` for a name or member chain; "" for anything else.
std::string exprPath(const ast::Expr& e);

class CodeChecker {
public:
  // `container` is null for server actions; `action` is null for `on load` blocks. With an
  // `auth` whose user entity exists, `currentUser` is a name of every body (`User?`).
  CodeChecker(const Symbols& symbols, const ast::UiContainer* container, DiagnosticSink& sink,
              const AuthConfig* auth = nullptr)
      : symbols_(symbols), container_(container), sink_(sink), auth_(auth) {}

  void checkAction(const ast::Action& action);
  void checkOnLoad(const ast::Block& block);
  void checkInitial(const ast::Ident& name, const ast::TypeRef* type, const ast::Expr* init);
  // A test's `given` statements, then its `expect` conditions with the test's names in scope
  // (output, status, error, steps, emails, messages, requests, ran(stepId)); `output` has the
  // type of the action's return value when the target is an action.
  void checkTest(const ast::Test& test, Type output);
  // An `on:` handler in markup (`on:click={pick(it)}`), with the for:each variables around it
  // and `event`: the type rules of its expression.
  void checkHandler(const ast::Expr& handler,
                    const std::vector<std::pair<std::string, Type>>& loopVars);
  // The type of a workflow's flow-control key or priority: the input fields (and `input`) in
  // scope (flow_control.cpp).
  Type inferOverInputs(const std::vector<ast::Param>& inputs, const ast::Expr& e);

private:
  // ---- statements (check_code.cpp)
  void checkBlock(const ast::Block& block);
  void checkStmt(const ast::Stmt& s);
  void checkDecl(const ast::Stmt& s);
  void checkAssign(const ast::Stmt& s);
  void checkCondition(const ast::Expr& cond, const char* what);
  void checkFor(const ast::Stmt& s);
  void checkIf(const ast::Stmt& s);
  void checkReturn(const ast::Stmt& s);
  void declare(const ast::Ident& name, Sym sym);

  // ---- null checks (check_code.cpp): paths (`p`, `p.owner`) known not to be null here
  std::vector<std::string> nonNullWhen(const ast::Expr& cond, bool truth) const;
  bool isNonNull(const std::string& path) const;

  // ---- names (check_code.cpp)
  std::optional<Sym> lookup(const std::string& name) const;
  std::optional<Sym> currentUserSym(const std::string& name) const;
  bool reportReservedName(const ast::Ident& name); // `currentUser` declared: E1005
  std::vector<std::string> visibleNames() const;
  std::vector<std::string> callableNames() const;

  // ---- expressions (code_exprs.cpp)
  Type infer(const ast::Expr& e); // with null checks applied (nonNull_)
  Type inferUnnarrowed(const ast::Expr& e);
  Type inferName(const ast::Expr& e);
  Type inferMember(const ast::Expr& e);
  Type inferCall(const ast::Expr& e);
  Type inferUnary(const ast::Expr& e);
  void reportNotAFunction(const ast::Expr& callee, const Type& type);
  void reportActionOperand(const ast::Expr* operand);
  Type inferBinary(const ast::Expr& e);
  Type inferLogical(const ast::Expr& e);
  Type memberOfStore(const ast::UiContainer& store, const ast::Expr& member);
  void inferArgs(const ast::Expr& call);
  void checkArity(const ast::Expr& call, const ast::Action& action);
  void checkArgTypes(const ast::Expr& call, const ast::Action& action);
  Type callNamed(const ast::Expr& call, const ast::Expr& callee);
  Type checkBuiltinCall(const ast::Expr& call, const BuiltinSignature& sig);

  // ---- data functions (data_calls.cpp)
  Type checkDataCall(const ast::Expr& call, const std::string& fn);
  const ast::Entity* dataEntity(const ast::Expr& call, const ast::Expr* arg, const std::string& fn);
  void checkFieldObject(const ast::Expr& obj, const ast::Entity& entity, const std::string& role);

  const Symbols& symbols_;
  const ast::UiContainer* container_;
  DiagnosticSink& sink_;
  const AuthConfig* auth_; // null: no `currentUser`
  const ast::Action* action_ = nullptr;
  std::vector<std::map<std::string, Sym>> frames_; // innermost last
  int loopDepth_ = 0;
  std::vector<std::string> nonNull_; // narrowed paths; a scope truncates it back on exit
};

} // namespace locus
