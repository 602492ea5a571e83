// Statement bodies: client actions and `on load` blocks of pages/components/stores, and
// top-level server actions. Scopes, assignments, loops, returns; expressions are inferred in
// code_exprs.cpp and data functions checked in data_calls.cpp.
//
// Names visible in a body, innermost first: block-scoped const/let and for-loop variables,
// action parameters, then (client code only) the container's state variables, params, actions
// and state setters `setX`, then stores (client code only), `currentUser` (with `auth { }`: the
// signed-in user or null, a name no declaration may take), entities, server actions and the
// globals of builtin_names.h. The checker is sound rather than complete: it reports only what
// is certainly wrong, and any value it cannot type flows on as "any".
#include "compiler/sema/checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/code_checker.h"

#include <cctype>

namespace locus {

namespace {

const char* symKindName(SymKind k) {
  switch (k) {
  case SymKind::Const:
    return "constant";
  case SymKind::Let:
    return "variable";
  case SymKind::Param:
    return "parameter";
  case SymKind::LoopVar:
    return "loop variable";
  case SymKind::State:
    return "state variable";
  case SymKind::Prop:
    return "component param";
  case SymKind::Store:
    return "store";
  case SymKind::Entity:
    return "entity";
  case SymKind::Action:
    return "action";
  case SymKind::Setter:
    return "state setter";
  case SymKind::Global:
    return "global";
  }
  return "name";
}

bool isObviouslyNotBoolean(const ast::Expr& e) {
  using ast::ExprKind;
  return e.kind == ExprKind::String || e.kind == ExprKind::Array || e.kind == ExprKind::Object ||
         e.kind == ExprKind::Size || e.kind == ExprKind::Duration || e.kind == ExprKind::Color;
}

} // namespace

// ------------------------------------------------------------------------------ names

std::optional<Sym> CodeChecker::lookup(const std::string& name) const {
  for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame)
    if (auto it = frame->find(name); it != frame->end()) return it->second;
  if (container_) {
    for (const ast::StateVar& s : container_->state)
      if (s.name.name == name)
        return Sym{SymKind::State, typeFromRef(s.type.get(), symbols_), s.type != nullptr,
                   s.name.span};
    for (const ast::Param& p : container_->params)
      if (p.name.name == name)
        return Sym{SymKind::Prop, typeFromRef(p.type.get(), symbols_), p.type != nullptr,
                   p.name.span};
    for (const ast::Action& a : container_->actions)
      if (a.name.name == name) return Sym{SymKind::Action, Type::any(), false, a.name.span, &a};
    std::string stateName = stateNameOfSetter(name);
    for (const ast::StateVar& s : container_->state)
      if (!stateName.empty() && s.name.name == stateName)
        return Sym{SymKind::Setter, typeFromRef(s.type.get(), symbols_), s.type != nullptr,
                   s.name.span};
    if (auto st = symbols_.stores.find(name); st != symbols_.stores.end())
      return Sym{SymKind::Store, Type::any(), false, st->second->name.span, nullptr, st->second};
  }
  if (std::optional<Sym> user = currentUserSym(name)) return user;
  if (auto e = symbols_.entities.find(name); e != symbols_.entities.end())
    return Sym{SymKind::Entity, Type::any(), false, e->second->name.span};
  if (auto a = symbols_.serverActions.find(name); a != symbols_.serverActions.end())
    return Sym{SymKind::Action, Type::any(), false, a->second->name.span, a->second};
  if (isGlobalName(name)) return Sym{SymKind::Global, Type::any(), false, Span{}};
  return std::nullopt;
}

// `currentUser`: the signed-in user as the user entity, or null (`User?`) — in the browser
// (pages, components, stores) from the session the web app knows, on the server (server actions,
// which the API runs for the caller) from the request's session.
std::optional<Sym> CodeChecker::currentUserSym(const std::string& name) const {
  if (name != kCurrentUser || !auth_ || !auth_->user) return std::nullopt;
  Type user = Type::entityOf(auth_->user->name.name);
  user.nullable = true;
  return Sym{SymKind::Global, user, true, Span{}};
}

// With `auth { }`, `currentUser` always means the signed-in user: a local of that name would hide
// it in one body and not in the next, and the IR could not tell them apart.
bool CodeChecker::reportReservedName(const ast::Ident& name) {
  if (name.name != kCurrentUser || !auth_ || !auth_->block) return false;
  sink_.emit(DiagKind::ReservedName, name.span,
             "'currentUser' is the signed-in user in a program with `auth { }`; give this "
             "declaration another name");
  return true;
}

std::vector<std::string> CodeChecker::visibleNames() const {
  std::vector<std::string> names;
  for (const auto& frame : frames_)
    for (const auto& [name, sym] : frame) names.push_back(name);
  if (container_) {
    for (const ast::StateVar& s : container_->state) names.push_back(s.name.name);
    for (const ast::Param& p : container_->params) names.push_back(p.name.name);
    for (const ast::Action& a : container_->actions) names.push_back(a.name.name);
    for (const auto& [name, store] : symbols_.stores) names.push_back(name);
  }
  for (const auto& [name, e] : symbols_.entities) names.push_back(name);
  for (const auto& [name, a] : symbols_.serverActions) names.push_back(name);
  if (auth_ && auth_->user) names.push_back(kCurrentUser);
  return names;
}

std::vector<std::string> CodeChecker::callableNames() const {
  std::vector<std::string> names = builtinFunctionNames();
  for (const char* fn : {"find", "findOne", "create", "update", "delete"}) names.push_back(fn);
  if (container_) {
    for (const ast::Action& a : container_->actions) names.push_back(a.name.name);
    for (const ast::StateVar& s : container_->state) {
      std::string setter = "set" + s.name.name;
      if (setter.size() > 3) setter[3] = static_cast<char>(std::toupper(setter[3]));
      names.push_back(setter);
    }
  }
  for (const auto& [name, a] : symbols_.serverActions) names.push_back(name);
  return names;
}

void CodeChecker::declare(const ast::Ident& name, Sym sym) {
  reportReservedName(name);
  auto& frame = frames_.back();
  auto [it, inserted] = frame.emplace(name.name, sym);
  if (!inserted)
    sink_
        .emit(DiagKind::DuplicateMember, name.span,
              "'" + name.name + "' is already declared in this block; rename one")
        .notes.push_back({it->second.span, "first declared here"});
}

// ------------------------------------------------------------------------------ null checks

// The paths a condition proves non-null when it evaluates to `truth`: `p != null`, `p`, `!p`
// (when false), and `&&` / `||` of those.
std::vector<std::string> CodeChecker::nonNullWhen(const ast::Expr& cond, bool truth) const {
  using ast::ExprKind;
  std::vector<std::string> out;
  auto add = [&](std::vector<std::string> more) {
    out.insert(out.end(), more.begin(), more.end());
  };
  if (cond.kind == ExprKind::Name || cond.kind == ExprKind::Member) {
    if (truth && !exprPath(cond).empty()) out.push_back(exprPath(cond));
  } else if (cond.kind == ExprKind::Unary && (cond.text == "!" || cond.text == "not") && cond.lhs) {
    add(nonNullWhen(*cond.lhs, !truth));
  } else if (cond.kind == ExprKind::Binary && cond.lhs && cond.rhs) {
    if (cond.text == "&&" && truth) {
      add(nonNullWhen(*cond.lhs, true));
      add(nonNullWhen(*cond.rhs, true));
    } else if (cond.text == "||" && !truth) {
      add(nonNullWhen(*cond.lhs, false));
      add(nonNullWhen(*cond.rhs, false));
    } else if (cond.text == "!=" || cond.text == "==") {
      bool provesNonNull = (cond.text == "!=") == truth;
      const ast::Expr* other = cond.rhs->kind == ExprKind::Null   ? cond.lhs.get()
                               : cond.lhs->kind == ExprKind::Null ? cond.rhs.get()
                                                                  : nullptr;
      if (provesNonNull && other && !exprPath(*other).empty()) out.push_back(exprPath(*other));
    }
  }
  return out;
}

bool CodeChecker::isNonNull(const std::string& path) const {
  if (path.empty()) return false;
  for (const std::string& p : nonNull_)
    if (p == path) return true;
  return false;
}

// ------------------------------------------------------------------------------ statements

namespace {

// A branch that cannot fall through: after `if p == null { return }`, p is not null.
bool leavesBlock(const ast::Block& block) {
  if (block.empty()) return false;
  ast::StmtKind k = block.back().kind;
  return k == ast::StmtKind::Return || k == ast::StmtKind::Throw || k == ast::StmtKind::Break ||
         k == ast::StmtKind::Continue;
}

} // namespace

void CodeChecker::checkBlock(const ast::Block& block) {
  frames_.emplace_back();
  size_t mark = nonNull_.size();
  for (const ast::Stmt& s : block) checkStmt(s);
  nonNull_.resize(mark);
  frames_.pop_back();
}

void CodeChecker::checkIf(const ast::Stmt& s) {
  if (s.value) checkCondition(*s.value, "if");
  size_t mark = nonNull_.size();
  if (s.value)
    for (std::string& p : nonNullWhen(*s.value, true)) nonNull_.push_back(std::move(p));
  checkBlock(s.body);
  nonNull_.resize(mark);
  if (s.value)
    for (std::string& p : nonNullWhen(*s.value, false)) nonNull_.push_back(std::move(p));
  checkBlock(s.elseBody);
  nonNull_.resize(mark);
  // The rest of the enclosing block runs only where the condition was false (the branch left).
  if (s.value && leavesBlock(s.body) && s.elseBody.empty())
    for (std::string& p : nonNullWhen(*s.value, false)) nonNull_.push_back(std::move(p));
}

void CodeChecker::checkDecl(const ast::Stmt& s) {
  Type value = s.value ? infer(*s.value) : Type::any();
  Type declared = typeFromRef(s.type.get(), symbols_);
  if (s.type && s.value && !reportValueOutsideEnum(declared, value, s.value->span, sink_) &&
      certainlyIncompatible(declared, value))
    sink_.emit(DiagKind::TypeMismatch, s.value->span,
               "'" + s.name.name + "' is declared as " + typeName(declared) + " but initialised " +
                   "with a " + typeName(value));
  Sym sym{s.kind == ast::StmtKind::Const ? SymKind::Const : SymKind::Let, Type::any(),
          s.type != nullptr, s.name.span};
  // A `let` may be reassigned with anything unless its type is written, so only a const keeps
  // its inferred type.
  if (s.type) {
    sym.type = declared;
  } else if (s.kind == ast::StmtKind::Const) {
    sym.type = value;
  } else if (value.is(Type::Kind::String) && !value.nullable) {
    // TypeScript widens `let x = "todo"` to string (an enum stays its union): what x then fits.
    sym.type = value;
    sym.type.literals.clear();
  }
  declare(s.name, sym);
}

void CodeChecker::checkAssign(const ast::Stmt& s) {
  Type value = s.value ? infer(*s.value) : Type::any();
  if (!s.target) return;
  const ast::Expr& target = *s.target;
  bool arithmetic = s.op == "-=" || s.op == "*=" || s.op == "/=";
  if (target.kind == ast::ExprKind::Member || target.kind == ast::ExprKind::Index) {
    infer(target);
    return;
  }
  if (target.kind != ast::ExprKind::Name) {
    sink_.emit(DiagKind::AssignToConst, target.span,
               "the left side of '" + s.op + "' is not a variable, member or element");
    return;
  }
  std::optional<Sym> sym = lookup(target.text);
  if (!sym) {
    infer(target); // reports the unknown name
    return;
  }
  if (sym->kind != SymKind::Let && sym->kind != SymKind::State) {
    std::string fix = sym->kind == SymKind::Const ? "; declare it with `let` to reassign it" : "";
    Diagnostic& d = sink_.emit(DiagKind::AssignToConst, target.span,
                               std::string("cannot assign to ") + symKindName(sym->kind) + " '" +
                                   target.text + "'" + fix);
    if (sym->span.valid()) d.notes.push_back({sym->span, "declared here"});
    return;
  }
  if (arithmetic && (sym->type.is(Type::Kind::String) || value.is(Type::Kind::String)))
    sink_.emit(DiagKind::TypeMismatch, s.span, "'" + s.op + "' needs numbers, not strings");
  else if (s.op == "=" && sym->declaredType && s.value &&
           !reportValueOutsideEnum(sym->type, value, s.value->span, sink_) &&
           certainlyIncompatible(sym->type, value))
    sink_.emit(DiagKind::TypeMismatch, s.value->span,
               "'" + target.text + "' holds " + typeName(sym->type) + ", but a " + typeName(value) +
                   " is assigned");
}

void CodeChecker::checkCondition(const ast::Expr& cond, const char* what) {
  infer(cond);
  if (isObviouslyNotBoolean(cond))
    sink_.emit(DiagKind::TypeMismatch, cond.span,
               std::string("the condition of `") + what + "` is a constant " +
                   ast::exprKindName(cond.kind) + ", not a boolean; compare it with something");
}

void CodeChecker::checkFor(const ast::Stmt& s) {
  Type iterable = s.value ? infer(*s.value) : Type::any();
  if (iterable.is(Type::Kind::Number) || iterable.is(Type::Kind::Bool) ||
      iterable.is(Type::Kind::Null))
    sink_.emit(DiagKind::TypeMismatch, s.value->span,
               "cannot iterate over a " + typeName(iterable) + "; `for` needs a list");
  else if (iterable.nullable && !iterable.is(Type::Kind::Any))
    sink_.emit(DiagKind::PossiblyNull, s.value->span,
               "the list may be null (it is " + typeName(iterable) + "); check it first: `if " +
                   (exprPath(*s.value).empty() ? std::string("list") : exprPath(*s.value)) +
                   " != null { for … }`");
  frames_.emplace_back();
  declare(s.name,
          Sym{SymKind::LoopVar, iterable.is(Type::Kind::List) ? iterable.element() : Type::any(),
              false, s.name.span});
  ++loopDepth_;
  for (const ast::Stmt& st : s.body) checkStmt(st);
  --loopDepth_;
  frames_.pop_back();
}

void CodeChecker::checkReturn(const ast::Stmt& s) {
  Type value = s.value ? infer(*s.value) : Type::of(Type::Kind::Void);
  if (!action_) {
    sink_.emit(DiagKind::ReturnOutsideAction, s.span,
               "`return` is only allowed in an action; an `on load` block runs to its end");
    return;
  }
  Type declared = typeFromRef(action_->returnType.get(), symbols_);
  if (action_->returnType && s.value &&
      !reportValueOutsideEnum(declared, value, s.value->span, sink_) &&
      certainlyIncompatible(declared, value))
    sink_.emit(DiagKind::TypeMismatch, s.value->span,
               "action '" + action_->name.name + "' returns " + typeName(declared) + ", not a " +
                   typeName(value));
}

void CodeChecker::checkStmt(const ast::Stmt& s) {
  using ast::StmtKind;
  switch (s.kind) {
  case StmtKind::Let:
  case StmtKind::Const:
    checkDecl(s);
    return;
  case StmtKind::Assign:
    checkAssign(s);
    return;
  case StmtKind::If:
    checkIf(s);
    return;
  case StmtKind::For:
    checkFor(s);
    return;
  case StmtKind::While:
    if (s.value) checkCondition(*s.value, "while");
    ++loopDepth_;
    checkBlock(s.body);
    --loopDepth_;
    return;
  case StmtKind::Break:
  case StmtKind::Continue:
    if (loopDepth_ == 0)
      sink_.emit(DiagKind::BreakOutsideLoop, s.span,
                 std::string(s.kind == StmtKind::Break ? "break" : "continue") +
                     " is only allowed inside `for` or `while`");
    return;
  case StmtKind::Return:
    checkReturn(s);
    return;
  case StmtKind::Throw:
  case StmtKind::Expr:
    if (s.value) infer(*s.value);
    return;
  }
}

// ------------------------------------------------------------------------------ entry points

void CodeChecker::checkAction(const ast::Action& action) {
  action_ = &action;
  frames_.assign(1, {});
  for (const ast::Param& p : action.params) {
    reportReservedName(p.name);
    if (p.defaultValue) infer(*p.defaultValue);
    Sym sym{SymKind::Param, typeFromRef(p.type.get(), symbols_), p.type != nullptr, p.name.span};
    auto [it, inserted] = frames_.back().emplace(p.name.name, sym);
    // Client action parameters are checked with the container's members (check_ui.cpp).
    if (!inserted && !container_)
      sink_
          .emit(DiagKind::DuplicateMember, p.name.span,
                "parameter '" + p.name.name + "' of action '" + action.name.name +
                    "' is declared twice; rename one")
          .notes.push_back({it->second.span, "first declared here"});
  }
  for (const ast::Stmt& s : action.body) checkStmt(s);
}

// `name: T = init` (state) and `param name: T = init`: the initial value must fit T.
void CodeChecker::checkInitial(const ast::Ident& name, const ast::TypeRef* type,
                               const ast::Expr* init) {
  action_ = nullptr;
  frames_.assign(1, {});
  reportReservedName(name);
  if (!init) return;
  Type value = infer(*init);
  Type declared = typeFromRef(type, symbols_);
  if (type && !reportValueOutsideEnum(declared, value, init->span, sink_) &&
      certainlyIncompatible(declared, value))
    sink_.emit(DiagKind::TypeMismatch, init->span,
               "'" + name.name + "' is " + typeName(declared) + ", but its initial value is " +
                   typeName(value) +
                   (value.is(Type::Kind::Null) ? "; declare it `" + type->name.name + "?`" : ""));
}

void CodeChecker::checkOnLoad(const ast::Block& block) {
  action_ = nullptr;
  frames_.assign(1, {});
  for (const ast::Stmt& s : block) checkStmt(s);
}

void CodeChecker::checkHandler(const ast::Expr& handler,
                               const std::vector<std::pair<std::string, Type>>& loopVars) {
  action_ = nullptr;
  frames_.assign(1, {});
  frames_.back().emplace("event", Sym{SymKind::Const, Type::any(), false, handler.span});
  for (const auto& [name, type] : loopVars)
    frames_.back().insert_or_assign(name, Sym{SymKind::LoopVar, type, true, handler.span});
  infer(handler);
}

void CodeChecker::checkTest(const ast::Test& test, Type output) {
  action_ = nullptr;
  frames_.assign(1, {});
  for (const ast::Stmt& s : test.given) checkStmt(s);
  frames_.assign(1, {});
  auto name = [&](const char* n, Type t) {
    frames_.back().emplace(n, Sym{SymKind::Const, std::move(t), true, test.span});
  };
  name("output", std::move(output));
  name("status", Type::of(Type::Kind::String));
  name("error", Type::any());
  name("steps", Type::listOf(Type::of(Type::Kind::String)));
  name("emails", Type::listOf(Type::any()));
  name("messages", Type::listOf(Type::any()));
  name("requests", Type::listOf(Type::any()));
  frames_.back().emplace("ran", Sym{SymKind::Global, Type::any(), false, test.span});
  for (const ast::ExprPtr& e : test.expects)
    if (e) checkCondition(*e, "expect");
}

void checkCode(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  AuthConfig auth = readAuthConfig(program, symbols);
  for (const auto* list : {&program.pages, &program.components, &program.stores}) {
    for (const ast::UiContainer& c : *list) {
      for (const ast::StateVar& v : c.state)
        CodeChecker(symbols, &c, sink, &auth).checkInitial(v.name, v.type.get(), v.init.get());
      for (const ast::Param& p : c.params)
        // A default is an initial value, checked as a state variable's.
        CodeChecker(symbols, &c, sink, &auth)
            .checkInitial(p.name, p.type.get(), p.defaultValue.get());
      for (const ast::Block& block : c.onLoad)
        CodeChecker(symbols, &c, sink, &auth).checkOnLoad(block);
      for (const ast::Action& a : c.actions) CodeChecker(symbols, &c, sink, &auth).checkAction(a);
    }
  }
  for (const ast::Action& a : program.actions)
    CodeChecker(symbols, nullptr, sink, &auth).checkAction(a);
}

} // namespace locus
