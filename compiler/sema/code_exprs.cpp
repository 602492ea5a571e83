// Expressions in statement bodies: name resolution, member access on entities and stores,
// calls (actions, setters, built-ins, data functions) and a light type inference that reports
// only certain mistakes ("a" - 1, x.unknownField on an entity, a call with the wrong arity).
#include "compiler/base/suggest.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/builtin_signatures.h"
#include "compiler/sema/code_checker.h"
#include "compiler/sema/current_user_reads.h"

namespace locus {

namespace {

// " arguments, but 1 was given" after "takes 2" (singular after exactly "1").
std::string argumentsGiven(size_t given, const std::string& expected) {
  return std::string(expected == "1" ? " argument" : " arguments") + ", but " +
         std::to_string(given) + (given == 1 ? " was given" : " were given");
}

using Kind = Type::Kind;

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

// Values that are certainly not numbers in arithmetic (a number that may be null is not one).
bool notNumeric(const Type& t) {
  return t.is(Kind::String) || t.is(Kind::Bool) || t.is(Kind::Null) || t.is(Kind::Entity) ||
         t.is(Kind::List) || t.is(Kind::Object) || t.is(Kind::Void) ||
         (t.nullable && !t.is(Kind::Any));
}

// TypeScript orders numbers with numbers and strings with strings; a boolean or a record is
// never ordered (TS2365).
bool notOrderable(const Type& t) {
  return t.is(Kind::Bool) || t.is(Kind::Entity) || t.is(Kind::List) || t.is(Kind::Object) ||
         t.is(Kind::Void);
}

bool mixedOrder(const Type& l, const Type& r) {
  return (l.is(Kind::Number) && r.is(Kind::String)) || (l.is(Kind::String) && r.is(Kind::Number));
}

// `+` adds numbers or joins strings; anything else certainly does not compile (a list, a record).
bool notAddable(const Type& t) {
  return t.is(Kind::Bool) || t.is(Kind::Null) || t.is(Kind::Entity) || t.is(Kind::List) ||
         t.is(Kind::Object) || t.is(Kind::Void) || (t.nullable && !t.is(Kind::Any));
}

// `==` between values that can never be equal (TypeScript rejects such a comparison).
bool disjoint(const Type& l, const Type& r) {
  if (l.is(Kind::Any) || r.is(Kind::Any) || l.is(Kind::Null) || r.is(Kind::Null)) return false;
  if (l.kind != r.kind) return true;
  if (l.enumDecl && r.enumDecl) return l.enumDecl != r.enumDecl; // two enums share no value
  return l.is(Kind::Entity) && l.entity != r.entity;
}

} // namespace

std::string exprPath(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Name) return e.text;
  if (e.kind == ast::ExprKind::Member && e.lhs) {
    std::string base = exprPath(*e.lhs);
    return base.empty() ? base : base + (e.optionalChain ? "?." : ".") + e.text;
  }
  return "";
}

Type CodeChecker::infer(const ast::Expr& e) {
  Type t = inferUnnarrowed(e);
  if (t.nullable && (e.kind == ast::ExprKind::Name || e.kind == ast::ExprKind::Member) &&
      isNonNull(exprPath(e)))
    t.nullable = false;
  return t;
}

Type CodeChecker::inferUnnarrowed(const ast::Expr& e) {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::Number:
    return Type::of(Kind::Number);
  case ExprKind::String: {
    Type t = Type::of(Kind::String);
    t.literals = {e.text};
    return t;
  }
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
    size_t mark = nonNull_.size();
    if (e.lhs)
      for (std::string& p : nonNullWhen(*e.lhs, true)) nonNull_.push_back(std::move(p));
    Type a = e.rhs ? infer(*e.rhs) : Type::any();
    nonNull_.resize(mark);
    if (e.lhs)
      for (std::string& p : nonNullWhen(*e.lhs, false)) nonNull_.push_back(std::move(p));
    Type b = e.alt ? infer(*e.alt) : Type::any();
    nonNull_.resize(mark);
    // `c ? 0 : "beta"` has no type of the language (TypeScript's `0 | "beta"` fits neither side).
    if (isPrimitive(a) && isPrimitive(b) && a.kind != b.kind)
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "the branches of `?:` must have one type, but one is a " + typeName(a) +
                     " and the other a " + typeName(b));
    if (a.kind != b.kind || a.kind == Kind::Entity || a.kind == Kind::List) return Type::any();
    return a.is(Kind::String) ? joinStrings(a, b) : a;
  }
  case ExprKind::Array: {
    std::optional<Type> elem;
    for (const ast::Arg& a : e.args) {
      Type t = a.value ? infer(*a.value) : Type::any();
      if (!elem)
        elem = t;
      else if (elem->kind != t.kind || elem->entity != t.entity)
        elem = Type::any();
      else if (t.is(Kind::String))
        elem = joinStrings(*elem, t);
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
    if (sym->kind == SymKind::Action && sym->action && sym->action->server && container_)
      sink_
          .emit(DiagKind::ServerOnly, e.span,
                "server action '" + e.text + "' used as a value; " + container_->name.name +
                    " runs in the browser and can only call it (`" + e.text +
                    "(…)`), which runs it on the server")
          .notes.push_back({sym->action->name.span, "server action declared here"});
    bool valueLike = sym->kind != SymKind::Action && sym->kind != SymKind::Setter &&
                     sym->kind != SymKind::Store && sym->kind != SymKind::Entity;
    return valueLike ? sym->type : Type::any();
  }
  if (isBuiltinFunction(e.text) || isDataFunction(e.text)) {
    // Functions are not values in the language (`items = len` would store the function).
    sink_.emit(DiagKind::TypeMismatch, e.span,
               "'" + e.text + "' is a built-in function, not a value; call it: " + e.text + "(…)");
    return Type::any();
  }
  if (e.text == kCurrentUser) {
    sink_.emit(DiagKind::UnknownName, e.span,
               "'currentUser' needs an `auth { user: …, identity: …, password: … }` block that "
               "names the user entity");
    return Type::any();
  }
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
  if (base.nullable && !e.optionalChain && !base.is(Kind::Any)) {
    std::string path = exprPath(*e.lhs);
    std::string shown = path.empty() ? "the value" : path;
    sink_.emit(DiagKind::PossiblyNull, e.span,
               "'" + shown + "' may be null (it is " + typeName(base) + "); check it first (`if " +
                   shown + " != null { … }`) or write `" + shown + "?." + e.text + "`");
    base = base.nonNull();
  }
  if (base.is(Kind::Entity)) {
    auto entity = symbols_.entities.find(base.entity);
    if (entity == symbols_.entities.end()) return Type::any();
    if (auth_ && e.text == auth_->password && e.lhs->kind == ast::ExprKind::Name &&
        currentUserSym(e.lhs->text)) {
      reportPasswordRead(e, sink_);
      return Type::any();
    }
    if (std::optional<Type> t = fieldType(*entity->second, e.text, symbols_)) {
      if (e.optionalChain && base.nullable) t->nullable = true;
      return *t;
    }
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

// Each argument must fit its parameter's type as TypeScript will check it; for an enum parameter
// (the action's TypeScript parameter is the enum's union), a string must be one of its values.
void CodeChecker::checkArgTypes(const ast::Expr& call, const ast::Action& action) {
  for (size_t i = 0; i < call.args.size(); ++i) {
    const ast::Arg& a = call.args[i];
    if (!a.value) continue;
    Type value = infer(*a.value);
    const ast::Param* param = i < action.params.size() ? &action.params[i] : nullptr;
    if (!a.name.name.empty()) {
      param = nullptr;
      for (const ast::Param& p : action.params)
        if (p.name.name == a.name.name) param = &p;
    }
    if (!param || !param->type) continue;
    Type expected = typeFromRef(param->type.get(), symbols_);
    const Type& base = expected.is(Kind::List) ? expected.element() : expected;
    if (base.enumDecl && reportValueOutsideEnum(expected, value, a.value->span, sink_)) continue;
    if (certainlyIncompatible(expected, value))
      sink_
          .emit(DiagKind::TypeMismatch, a.value->span,
                "parameter '" + param->name.name + "' of action '" + action.name.name + "' is " +
                    typeName(expected) + ", but a " + typeName(value) + " is given")
          .notes.push_back({param->name.span, "parameter declared here"});
  }
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
            "action '" + action.name.name + "' takes " + expected + argumentsGiven(n, expected))
      .notes.push_back({action.name.span, "declared here"});
}

Type CodeChecker::callNamed(const ast::Expr& call, const ast::Expr& callee) {
  const std::string& name = callee.text;
  std::optional<Sym> sym = lookup(name);
  if (sym && sym->kind == SymKind::Action && sym->action) {
    // A server action called from the browser runs on the server, through the API, as the
    // signed-in user (POST /api/actions/<name>).
    checkArity(call, *sym->action);
    checkArgTypes(call, *sym->action);
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
    if (sym->declaredType && !call.args.empty() && call.args[0].value &&
        !reportValueOutsideEnum(sym->type, value, call.args[0].value->span, sink_) &&
        certainlyIncompatible(sym->type, value))
      sink_.emit(DiagKind::TypeMismatch, call.args[0].value->span,
                 "'" + name + "' sets a " + typeName(sym->type) + ", but a " + typeName(value) +
                     " is given");
    return Type::of(Kind::Void);
  }
  if (sym) { // a variable holding a function, a global such as Date(…): not checked further
    bool value = sym->kind != SymKind::Global && sym->kind != SymKind::Store &&
                 sym->kind != SymKind::Entity && sym->kind != SymKind::Action;
    if (value && !sym->type.is(Kind::Any) && !sym->type.is(Kind::Void))
      reportNotAFunction(callee, sym->type);
    inferArgs(call);
    return Type::any();
  }
  if (isDataFunction(name)) return checkDataCall(call, name);
  if (const BuiltinSignature* sig = builtinSignature(name)) return checkBuiltinCall(call, *sig);
  inferArgs(call);
  std::vector<std::string> fns = callableNames();
  sink_
      .emit(DiagKind::UnknownFunction, callee.span,
            withHint("unknown function '" + name + "'; declare `action " + name +
                         "(…) { … }` or use a built-in",
                     didYouMean(name, fns)))
      .suggestion = closestMatch(name, fns);
  return Type::any();
}

Type CodeChecker::checkBuiltinCall(const ast::Expr& call, const BuiltinSignature& sig) {
  size_t n = call.args.size();
  if (n < sig.minArgs || n > sig.maxArgs) {
    std::string expected = sig.minArgs == sig.maxArgs ? std::to_string(sig.minArgs)
                           : sig.maxArgs == kVariadic
                               ? "at least " + std::to_string(sig.minArgs)
                               : std::to_string(sig.minArgs) + " to " + std::to_string(sig.maxArgs);
    sink_.emit(DiagKind::WrongArgumentCount, call.span,
               std::string(sig.name) + " takes " + expected + argumentsGiven(n, expected) + "; " +
                   std::string(sig.summary));
  }
  for (const ast::Arg& a : call.args) {
    if (!a.name.name.empty())
      sink_.emit(DiagKind::WrongArgumentCount, a.name.span,
                 std::string(sig.name) + " takes positional arguments, not '" + a.name.name +
                     ":'; " + std::string(sig.summary));
    if (!a.value) continue;
    Type t = infer(*a.value);
    if (sig.argument == Kind::Any) continue;
    if (certainlyIncompatible(Type::of(sig.argument), t) || t.nullable)
      sink_.emit(DiagKind::TypeMismatch, a.value->span,
                 std::string(sig.name) + " needs a " + typeName(Type::of(sig.argument)) +
                     ", not a " + typeName(t));
  }
  return Type::of(sig.result);
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
  Type calleeType = infer(callee);
  // `[](items)`, `(n)(1)`: a value that is certainly not a function (methods are members).
  if (callee.kind != ast::ExprKind::Member && !calleeType.is(Kind::Any) &&
      !calleeType.is(Kind::Void))
    reportNotAFunction(callee, calleeType);
  inferArgs(e);
  return Type::any();
}

void CodeChecker::reportNotAFunction(const ast::Expr& callee, const Type& type) {
  sink_.emit(DiagKind::TypeMismatch, callee.span,
             "a " + typeName(type) +
                 " is not a function; only actions and built-in functions can be called");
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

// `a && b` reads b where a is true, `a || b` where a is false: a null check in a narrows b.
Type CodeChecker::inferLogical(const ast::Expr& e) {
  Type l = e.lhs ? infer(*e.lhs) : Type::any();
  size_t mark = nonNull_.size();
  if (e.lhs)
    for (std::string& p : nonNullWhen(*e.lhs, e.text == "&&" || e.text == "and"))
      nonNull_.push_back(std::move(p));
  Type r = e.rhs ? infer(*e.rhs) : Type::any();
  nonNull_.resize(mark);
  return l.is(Kind::Bool) && r.is(Kind::Bool) ? Type::of(Kind::Bool) : Type::any();
}

// `act0 + 1`: an action is called, never computed with.
void CodeChecker::reportActionOperand(const ast::Expr* operand) {
  if (!operand || operand->kind != ast::ExprKind::Name) return;
  std::optional<Sym> sym = lookup(operand->text);
  if (sym && sym->kind == SymKind::Action)
    sink_.emit(DiagKind::TypeMismatch, operand->span,
               "'" + operand->text + "' is an action, not a value; call it: " + operand->text +
                   "(…)");
}

Type CodeChecker::inferBinary(const ast::Expr& e) {
  const std::string& op = e.text;
  reportActionOperand(e.lhs.get());
  reportActionOperand(e.rhs.get());
  if (op == "&&" || op == "||" || op == "and" || op == "or") return inferLogical(e);
  Type l = e.lhs ? infer(*e.lhs) : Type::any();
  Type r = e.rhs ? infer(*e.rhs) : Type::any();
  if (op == "-" || op == "*" || op == "/" || op == "%") {
    const Type& bad = notNumeric(l) ? l : r;
    if (notNumeric(l) || notNumeric(r))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "'" + op + "' needs numbers, but an operand is a " + typeName(bad));
    return Type::of(Kind::Number);
  }
  if (op == "+") {
    if (l.is(Kind::String) || r.is(Kind::String)) return Type::of(Kind::String);
    if (notAddable(l) || notAddable(r)) {
      sink_.emit(
          DiagKind::TypeMismatch, e.span,
          "'+' adds numbers or joins strings, but an operand is a " +
              typeName(notAddable(l) ? l : r) +
              (l.is(Kind::List) || r.is(Kind::List) ? "; join lists with `a.concat(b)`" : ""));
      return Type::any();
    }
    if (l.is(Kind::Number) && r.is(Kind::Number)) return Type::of(Kind::Number);
    return Type::any();
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    if (notOrderable(l) || notOrderable(r))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "'" + op + "' compares numbers, strings or dates, not a " +
                     typeName(notOrderable(l) ? l : r));
    else if (mixedOrder(l, r))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "'" + op + "' compares a " + typeName(l) + " with a " + typeName(r) +
                     " (convert one side: String(x) or Number(x))");
    return Type::of(Kind::Bool);
  }
  if (op == "==" || op == "!=") {
    // `t.status == "dne"`: reported at the literal, with the enum's closest value.
    if (e.lhs && e.rhs &&
        (reportValueOutsideEnum(l.nonNull(), r, e.rhs->span, sink_) ||
         reportValueOutsideEnum(r.nonNull(), l, e.lhs->span, sink_)))
      return Type::of(Kind::Bool);
    if (disjoint(l.nonNull(), r.nonNull()))
      sink_.emit(DiagKind::TypeMismatch, e.span,
                 "'" + op + "' compares a " + typeName(l) + " with a " + typeName(r) +
                     "; they are never equal (convert one side: String(x) or Number(x))");
    return Type::of(Kind::Bool);
  }
  return Type::any();
}

} // namespace locus
