// Expressions in statement bodies: name resolution, member access on entities and stores,
// calls (actions, setters, built-ins, data functions) and a light type inference that reports
// only certain mistakes ("a" - 1, x.unknownField on an entity, a call with the wrong arity).
#include "compiler/base/suggest.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/code_checker.h"

namespace locus {

namespace {

using Kind = Type::Kind;

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

// Values that are certainly not numbers in arithmetic.
bool notNumeric(const Type& t) {
  return t.is(Kind::String) || t.is(Kind::Bool) || t.is(Kind::Null) || t.is(Kind::Entity) ||
         t.is(Kind::List) || t.is(Kind::Object) || t.is(Kind::Void);
}

bool notOrderable(const Type& t) {
  return t.is(Kind::Entity) || t.is(Kind::List) || t.is(Kind::Object) || t.is(Kind::Void);
}

Type builtinResult(const std::string& fn) {
  if (fn == "uuid" || fn == "String" || fn == "encodeURIComponent" || fn == "decodeURIComponent")
    return Type::of(Kind::String);
  if (fn == "len" || fn == "parseInt" || fn == "parseFloat" || fn == "Number")
    return Type::of(Kind::Number);
  if (fn == "isNaN" || fn == "Boolean" || fn == "confirm") return Type::of(Kind::Bool);
  return Type::any();
}

} // namespace

Type CodeChecker::infer(const ast::Expr& e) {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::Number:
    return Type::of(Kind::Number);
  case ExprKind::String:
    return Type::of(Kind::String);
  case ExprKind::Bool:
    return Type::of(Kind::Bool);
  case ExprKind::Null:
    return Type::of(Kind::Null);
  case ExprKind::Size:
  case ExprKind::Duration:
  case ExprKind::Color:
    return Type::any();
  case ExprKind::Name:
    return inferName(e);
  case ExprKind::Member:
    return inferMember(e);
  case ExprKind::Index: {
    Type base = e.lhs ? infer(*e.lhs) : Type::any();
    if (e.rhs) infer(*e.rhs);
    return base.is(Kind::List) ? base.element() : Type::any();
  }
  case ExprKind::Call:
    return inferCall(e);
  case ExprKind::Unary:
    return inferUnary(e);
  case ExprKind::Binary:
    return inferBinary(e);
  case ExprKind::Conditional: {
    if (e.lhs) infer(*e.lhs);
    Type a = e.rhs ? infer(*e.rhs) : Type::any();
    Type b = e.alt ? infer(*e.alt) : Type::any();
    return a.kind == b.kind && a.kind != Kind::Entity && a.kind != Kind::List ? a : Type::any();
  }
  case ExprKind::Array: {
    std::optional<Type> elem;
    for (const ast::Arg& a : e.args) {
      Type t = a.value ? infer(*a.value) : Type::any();
      if (!elem)
        elem = t;
      else if (elem->kind != t.kind || elem->entity != t.entity)
        elem = Type::any();
    }
    return Type::listOf(elem && !elem->is(Kind::List) ? *elem : Type::any());
  }
  case ExprKind::Object:
    for (const ast::Arg& a : e.args)
      if (a.value) infer(*a.value);
    return Type::of(Kind::Object);
  }
  return Type::any();
}

Type CodeChecker::inferName(const ast::Expr& e) {
  if (std::optional<Sym> sym = lookup(e.text)) {
    bool valueLike = sym->kind != SymKind::Action && sym->kind != SymKind::Setter &&
                     sym->kind != SymKind::Store && sym->kind != SymKind::Entity;
    return valueLike ? sym->type : Type::any();
  }
  if (isBuiltinFunction(e.text) || isDataFunction(e.text)) return Type::any(); // a function value
  std::vector<std::string> names = visibleNames();
  sink_
      .emit(DiagKind::UnknownName, e.span,
            withHint("unknown name '" + e.text + "'; declare it (const/let, a parameter or a " +
                         "state variable) or fix the spelling",
                     didYouMean(e.text, names)))
      .suggestion = closestMatch(e.text, names);
  return Type::any();
}

Type CodeChecker::memberOfStore(const ast::UiContainer& store, const ast::Expr& member) {
  std::vector<std::string> names;
  for (const ast::StateVar& s : store.state) {
    if (s.name.name == member.text) return typeFromRef(s.type.get(), symbols_);
    names.push_back(s.name.name);
    std::string setter = "set" + s.name.name;
    setter[3] = static_cast<char>(std::toupper(static_cast<unsigned char>(setter[3])));
    if (setter == member.text) return Type::any();
  }
  for (const ast::Action& a : store.actions) {
    if (a.name.name == member.text) return Type::any();
    names.push_back(a.name.name);
  }
  sink_.emit(DiagKind::UnknownMember, member.span,
             withHint("store '" + store.name.name + "' has no state variable or action '" +
                          member.text + "'",
                      didYouMean(member.text, names)));
  return Type::any();
}

Type CodeChecker::inferMember(const ast::Expr& e) {
  if (!e.lhs) return Type::any();
  if (e.lhs->kind == ast::ExprKind::Name) {
    std::optional<Sym> sym = lookup(e.lhs->text);
    if (sym && sym->kind == SymKind::Store && sym->store) return memberOfStore(*sym->store, e);
    if (sym && sym->kind == SymKind::Entity) return Type::any();
  }
  Type base = infer(*e.lhs);
  if (base.is(Kind::Entity)) {
    auto entity = symbols_.entities.find(base.entity);
    if (entity == symbols_.entities.end()) return Type::any();
    if (std::optional<Type> t = fieldType(*entity->second, e.text, symbols_)) return *t;
    std::vector<std::string> fields = fieldNames(*entity->second);
    // The span is the whole member expression (the AST has no span for the member name), so
    // the fix is given in the message, not as a token replacement.
    sink_.emit(DiagKind::UnknownMember, e.span,
               withHint("entity '" + base.entity + "' has no field '" + e.text + "'",
                        didYouMean(e.text, fields)));
    return Type::any();
  }
  if ((base.is(Kind::List) || base.is(Kind::String)) && e.text == "length")
    return Type::of(Kind::Number);
  return Type::any();
}

void CodeChecker::inferArgs(const ast::Expr& call) {
  for (const ast::Arg& a : call.args)
    if (a.value) infer(*a.value);
}

void CodeChecker::checkArity(const ast::Expr& call, const ast::Action& action) {
  size_t required = 0;
  for (const ast::Param& p : action.params)
    if (!p.defaultValue && !(p.type && p.type->optional)) ++required;
  for (const ast::Arg& a : call.args) {
    if (a.name.name.empty()) continue;
    bool known = false;
    for (const ast::Param& p : action.params) known = known || p.name.name == a.name.name;
    if (!known)
      sink_.emit(DiagKind::WrongArgumentCount, a.name.span,
                 "action '" + action.name.name + "' has no parameter '" + a.name.name + "'");
  }
  size_t n = call.args.size();
  if (n >= required && n <= action.params.size()) return;
  std::string expected =
      required == action.params.size()
          ? std::to_string(required)
          : std::to_string(required) + " to " + std::to_string(action.params.size());
  sink_
      .emit(DiagKind::WrongArgumentCount, call.span,
            "action '" + action.name.name + "' takes " + expected + " argument(s), but " +
                std::to_string(n) + " are given")
      .notes.push_back({action.name.span, "declared here"});
}

Type CodeChecker::callNamed(const ast::Expr& call, const ast::Expr& callee) {
  const std::string& name = callee.text;
  std::optional<Sym> sym = lookup(name);
  if (sym && sym->kind == SymKind::Action && sym->action) {
    checkArity(call, *sym->action);
    inferArgs(call);
    return typeFromRef(sym->action->returnType.get(), symbols_);
  }
  if (sym && sym->kind == SymKind::Setter) {
    if (call.args.size() != 1)
      sink_.emit(DiagKind::WrongArgumentCount, call.span,
                 "'" + name + "' takes exactly one argument, the new value");
    Type value =
        !call.args.empty() && call.args[0].value ? infer(*call.args[0].value) : Type::any();
    for (size_t i = 1; i < call.args.size(); ++i)
      if (call.args[i].value) infer(*call.args[i].value);
    if (sym->declaredType && certainlyIncompatible(sym->type, value))
      sink_.emit(DiagKind::TypeMismatch, call.args[0].value->span,
                 "'" + name + "' sets a " + typeName(sym->type) + ", but a " + typeName(value) +
                     " is given");
    return Type::of(Kind::Void);
  }
  if (sym) { // a variable holding a function, a global such as Date(…): not checked further
    inferArgs(call);
    return Type::any();
  }
  if (isDataFunction(name)) return checkDataCall(call, name);
  inferArgs(call);
  if (isBuiltinFunction(name)) return builtinResult(name);
  std::vector<std::string> fns = callableNames();
  sink_
      .emit(DiagKind::UnknownFunction, callee.span,
            withHint("unknown function '" + name + "'; declare `action " + name +
                         "(…) { … }` or use a built-in",
                     didYouMean(name, fns)))
      .suggestion = closestMatch(name, fns);
  return Type::any();
}

Type CodeChecker::inferCall(const ast::Expr& e) {
  if (!e.lhs) {
    inferArgs(e);
    return Type::any();
  }
  if (e.lhs->kind == ast::ExprKind::Name) return callNamed(e, *e.lhs);
  // Store actions: Store.action(args) has a known arity.
  const ast::Expr& callee = *e.lhs;
  if (callee.kind == ast::ExprKind::Member && callee.lhs &&
      callee.lhs->kind == ast::ExprKind::Name) {
    std::optional<Sym> sym = lookup(callee.lhs->text);
    if (sym && sym->kind == SymKind::Store && sym->store)
      for (const ast::Action& a : sym->store->actions)
        if (a.name.name == callee.text) checkArity(e, a);
  }
  infer(callee);
  inferArgs(e);
  return Type::any();
}

Type CodeChecker::inferUnary(const ast::Expr& e) {
  Type operand = e.lhs ? infer(*e.lhs) : Type::any();
  if (e.text == "!" || e.text == "not") return Type::of(Kind::Bool);
  if (e.text == "-" || e.text == "+") {
    if (notNumeric(operand))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "unary '" + e.text + "' needs a number, not a " + typeName(operand));
    return Type::of(Kind::Number);
  }
  return operand; // await
}

Type CodeChecker::inferBinary(const ast::Expr& e) {
  Type l = e.lhs ? infer(*e.lhs) : Type::any();
  Type r = e.rhs ? infer(*e.rhs) : Type::any();
  const std::string& op = e.text;
  if (op == "-" || op == "*" || op == "/" || op == "%") {
    const Type& bad = notNumeric(l) ? l : r;
    if (notNumeric(l) || notNumeric(r))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "'" + op + "' needs numbers, but an operand is a " + typeName(bad));
    return Type::of(Kind::Number);
  }
  if (op == "+") {
    if (l.is(Kind::String) || r.is(Kind::String)) return Type::of(Kind::String);
    if (l.is(Kind::Number) && r.is(Kind::Number)) return Type::of(Kind::Number);
    return Type::any();
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    if (notOrderable(l) || notOrderable(r))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "'" + op + "' compares numbers, strings or dates, not a " +
                     typeName(notOrderable(l) ? l : r));
    return Type::of(Kind::Bool);
  }
  if (op == "==" || op == "!=") return Type::of(Kind::Bool);
  if ((op == "&&" || op == "||") && l.is(Kind::Bool) && r.is(Kind::Bool))
    return Type::of(Kind::Bool);
  return Type::any();
}

} // namespace locus
