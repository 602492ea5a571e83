// Pages, components and stores: duplicate members, UI markup (names, directives, if/elseif/else
// chains, unknown components and events) and component cycles.
//
// Names visible in a UI expression (pages are checked too; the peer only checks components):
//   the container's params, state variables, actions and state setters (`setX` for `x`);
//   loop variables of enclosing `for:each` (for that element and its children);
//   `children`; `event` inside `on:` handlers; `currentUser` with `auth { }` (null-checked:
//   current_user_reads.h); stores, components, entities and server actions;
//   built-in functions (now, len, …) and a few JavaScript globals (builtin_names.h).
#include "compiler/sema/checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/code_checker.h"
#include "compiler/sema/current_user_reads.h"
#include "compiler/sema/expr_names.h"
#include "compiler/sema/ui_checks.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace locus {

namespace {

using ast::UiAttr;
using ast::UiAttrKind;
using ast::UiNode;
using ast::UiNodeKind;

bool isBlank(const std::string& s) {
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

bool isCapitalised(const std::string& s) {
  return !s.empty() && std::isupper(static_cast<unsigned char>(s[0]));
}

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

// ---------------------------------------------------------------------------- duplicates

// Params, state variables and actions share one namespace in the generated component.
void checkDuplicateMembers(const ast::UiContainer& c, DiagnosticSink& sink) {
  std::map<std::string, Span> seen;
  auto declare = [&](const ast::Ident& name, const char* what) {
    auto [it, inserted] = seen.emplace(name.name, name.span);
    if (inserted) return;
    sink.emit(DiagKind::DuplicateMember, name.span,
              std::string(what) + " '" + name.name + "' is declared twice in '" + c.name.name +
                  "'; rename or remove one")
        .notes.push_back({it->second, "first declared here"});
  };
  for (const ast::Param& p : c.params) declare(p.name, "param");
  for (const ast::StateVar& s : c.state) declare(s.name, "state variable");
  for (const ast::Action& a : c.actions) declare(a.name, "action");
  for (const ast::Action& a : c.actions) {
    std::map<std::string, Span> params;
    for (const ast::Param& p : a.params) {
      auto [it, inserted] = params.emplace(p.name.name, p.name.span);
      if (!inserted)
        sink.emit(DiagKind::DuplicateMember, p.name.span,
                  "parameter '" + p.name.name + "' of action '" + a.name.name +
                      "' is declared twice; rename one")
            .notes.push_back({it->second, "first declared here"});
    }
  }
}

// ---------------------------------------------------------------------------- markup

class UiChecker {
public:
  UiChecker(const ast::UiContainer& c, const Symbols& symbols, const AuthConfig& auth,
            DiagnosticSink& sink)
      : container_(c), symbols_(symbols), auth_(auth), sink_(sink) {}

  void run() { checkNodes(container_.ui); }

private:
  void checkNodes(const std::vector<UiNode>& nodes);
  void checkConditionalChain(const std::vector<UiNode>& nodes);
  void checkElement(const UiNode& el);
  void checkTag(const UiNode& el);
  void checkAttr(const UiAttr& attr, bool onComponent);
  void checkOn(const UiAttr& attr, bool onComponent);
  Type valueType(const ast::Expr& e) const;
  void checkBind(const UiAttr& attr);
  void checkExpr(const ast::Expr& e, bool inHandler = false);
  void reportUnknown(const ast::Expr& name, NameUse use);
  void checkClientUse(const ast::Expr& name, NameUse use, bool inHandler);
  bool isOwnMember(const std::string& name) const;
  void checkTypes(const ast::Expr& e);
  bool alreadyReported(const Diagnostic& d) const;

  bool isStateVar(const std::string& name) const;
  bool isKnown(const std::string& name, bool inHandler) const;
  std::vector<std::string> candidates() const;

  const ast::UiContainer& container_;
  const Symbols& symbols_;
  const AuthConfig& auth_;
  DiagnosticSink& sink_;
  std::vector<std::string> loopVars_; // innermost last
  std::vector<Type> loopTypes_;       // of loopVars_ (an element of the list, an index)
  int signedIn_ = 0; // enclosing <if>/<elseif>/<else> branches that prove a user is signed in
};

bool UiChecker::isStateVar(const std::string& name) const {
  for (const ast::StateVar& s : container_.state)
    if (s.name.name == name) return true;
  return false;
}

bool UiChecker::isKnown(const std::string& name, bool inHandler) const {
  for (const std::string& v : loopVars_)
    if (v == name) return true;
  for (const ast::Param& p : container_.params)
    if (p.name.name == name) return true;
  for (const ast::Action& a : container_.actions)
    if (a.name.name == name) return true;
  if (isStateVar(name)) return true;
  std::string setterOf = stateNameOfSetter(name);
  if (!setterOf.empty() && isStateVar(setterOf)) return true;
  if (name == "children" || (inHandler && name == "event")) return true;
  if (name == kCurrentUser && auth_.user) return true;
  return symbols_.stores.count(name) || symbols_.components.count(name) ||
         symbols_.entities.count(name) || symbols_.serverActions.count(name) ||
         isGlobalName(name) || isBuiltinFunction(name) || isDataFunction(name);
}

std::vector<std::string> UiChecker::candidates() const {
  std::vector<std::string> names(loopVars_.begin(), loopVars_.end());
  for (const ast::Param& p : container_.params) names.push_back(p.name.name);
  for (const ast::StateVar& s : container_.state) names.push_back(s.name.name);
  for (const ast::Action& a : container_.actions) names.push_back(a.name.name);
  for (const auto* table : {&symbols_.stores, &symbols_.components})
    for (const auto& [name, node] : *table) names.push_back(name);
  names.push_back("children");
  if (auth_.user) names.push_back(kCurrentUser);
  return names;
}

void UiChecker::reportUnknown(const ast::Expr& name, NameUse use) {
  if (name.text == kCurrentUser) {
    sink_.emit(DiagKind::UnknownUiIdentifier, name.span,
               "'currentUser' needs an `auth { user: …, identity: …, password: … }` block that "
               "names the user entity");
    return;
  }
  std::string hint = didYouMean(name.text, candidates());
  std::string what = use == NameUse::Callee ? "unknown function '" : "unknown identifier '";
  Diagnostic& d =
      sink_.emit(DiagKind::UnknownUiIdentifier, name.span,
                 withHint(what + name.text + "' in UI expression of '" + container_.name.name +
                              "'; declare it as a param or state variable",
                          hint));
  d.suggestion = closestMatch(name.text, candidates());
}

void UiChecker::checkExpr(const ast::Expr& e, bool inHandler) {
  forEachFreeName(e, [&](const ast::Expr& name, NameUse use) {
    if (!isKnown(name.text, inHandler))
      reportUnknown(name, use);
    else
      checkClientUse(name, use, inHandler);
  });
  if (auth_.user) checkCurrentUserReads(e, signedIn_ > 0, auth_, sink_);
}

bool UiChecker::isOwnMember(const std::string& name) const {
  if (std::find(loopVars_.begin(), loopVars_.end(), name) != loopVars_.end()) return true;
  for (const ast::Param& p : container_.params)
    if (p.name.name == name) return true;
  return isStateVar(name) || name == "children" || name == "event";
}

// What the browser cannot do with a known name: call a server action, use a component or a
// data function as a value, or (outside an `on:` handler) change anything while rendering.
void UiChecker::checkClientUse(const ast::Expr& name, NameUse use, bool inHandler) {
  const std::string& n = name.text;
  if (isOwnMember(n)) return;
  bool ownAction = false;
  for (const ast::Action& a : container_.actions) ownAction = ownAction || a.name.name == n;
  std::string setterOf = stateNameOfSetter(n);
  bool setter = !setterOf.empty() && isStateVar(setterOf);
  if (!ownAction && !setter) {
    auto a = symbols_.serverActions.find(n);
    if (a != symbols_.serverActions.end() && use == NameUse::Value) {
      sink_
          .emit(DiagKind::ServerOnly, name.span,
                "server action '" + n + "' used as a value; " + container_.name.name +
                    " runs in the browser and can only call it: on:click={" + n + "(…)}")
          .notes.push_back({a->second->name.span, "server action declared here"});
      return;
    }
    if (a != symbols_.serverActions.end()) ownAction = true; // a call: only from a handler
    if (symbols_.components.count(n) && !symbols_.stores.count(n)) {
      sink_.emit(DiagKind::TypeMismatch, name.span,
                 "component '" + n + "' used as a value; render it as <" + n + "/>");
      return;
    }
    if (isDataFunction(n) && use == NameUse::Value) {
      sink_.emit(DiagKind::TypeMismatch, name.span,
                 "data function '" + n + "' used as a value; call it: " + n + "(Entity, …)");
      return;
    }
  }
  if (inHandler || use != NameUse::Callee) return;
  if (ownAction || setter || isDataFunction(n))
    sink_.emit(
        DiagKind::EffectWhileRendering, name.span,
        "'" + n + "(…)' would run on every render of '" + container_.name.name +
            "'; call it from an on: handler" +
            (isDataFunction(n) ? " or load the data in `on load` into a state variable" : ""));
}

// What is certainly known of an attribute value: literals, and the container's own state
// variables and params (a loop variable of the same name hides them).
Type UiChecker::valueType(const ast::Expr& e) const {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::Number:
    return Type::of(Type::Kind::Number);
  case ExprKind::String: {
    Type t = Type::of(Type::Kind::String);
    t.literals = {e.text};
    return t;
  }
  case ExprKind::Bool:
    return Type::of(Type::Kind::Bool);
  case ExprKind::Null:
    return Type::of(Type::Kind::Null);
  case ExprKind::Name:
    break;
  default:
    return Type::any();
  }
  for (size_t i = loopVars_.size(); i-- > 0;)
    if (loopVars_[i] == e.text) return loopTypes_[i];
  for (const ast::StateVar& s : container_.state)
    if (s.name.name == e.text) return typeFromRef(s.type.get(), symbols_);
  for (const ast::Param& p : container_.params)
    if (p.name.name == e.text) {
      Type t = typeFromRef(p.type.get(), symbols_);
      if (p.defaultValue) t.nullable = false; // a default fills a missing `T?`
      return t;
    }
  return Type::any();
}

namespace {

const ast::Expr* conditionOf(const UiNode& el) {
  for (const UiAttr& a : el.attrs)
    if (a.kind == UiAttrKind::Plain && a.name.name == "condition" && a.value) return a.value.get();
  return nullptr;
}

} // namespace

void UiChecker::checkNodes(const std::vector<UiNode>& nodes) {
  checkConditionalChain(nodes);
  bool earlierFalseSignsIn = false; // an earlier <if>/<elseif> of the chain was false: signed in
  for (const UiNode& n : nodes) {
    if (n.kind == UiNodeKind::Expr && n.expr) {
      checkExpr(*n.expr);
      checkTypes(*n.expr);
    }
    if (n.kind != UiNodeKind::Element) continue;
    const std::string& tag = n.tag.name;
    const ast::Expr* cond = tag == "if" || tag == "elseif" ? conditionOf(n) : nullptr;
    if (tag == "if") earlierFalseSignsIn = false;
    bool branch = tag == "if" || tag == "elseif" || tag == "else";
    bool signedIn =
        branch && ((tag != "if" && earlierFalseSignsIn) || (cond && provesSignedIn(*cond, true)));
    if (cond && provesSignedIn(*cond, false)) earlierFalseSignsIn = true;
    signedIn_ += signedIn;
    checkElement(n);
    signedIn_ -= signedIn;
  }
}

// <elseif>/<else> must follow an <if>/<elseif> sibling; blank text between them is fine.
void UiChecker::checkConditionalChain(const std::vector<UiNode>& nodes) {
  bool afterIf = false;
  for (const UiNode& n : nodes) {
    if (n.kind == UiNodeKind::Text && isBlank(n.text)) continue;
    bool isElement = n.kind == UiNodeKind::Element;
    const std::string& tag = n.tag.name;
    if (isElement && (tag == "elseif" || tag == "else") && !afterIf)
      sink_.emit(DiagKind::MisplacedElse, n.tag.span.valid() ? n.tag.span : n.span,
                 "<" + tag + "> must directly follow an <if> or <elseif> element; add the <if> " +
                     "before it or remove it");
    afterIf = isElement && (tag == "if" || tag == "elseif");
  }
}

void UiChecker::checkTag(const UiNode& el) {
  const std::string& tag = el.tag.name;
  Span at = el.tag.span.valid() ? el.tag.span : el.span;
  if (tag == "if" || tag == "elseif") {
    const UiAttr* condition = nullptr;
    for (const UiAttr& a : el.attrs)
      if (a.kind == UiAttrKind::Plain && a.name.name == "condition") condition = &a;
    // condition="x" is a constant string (always true): the peer's form is condition={x}.
    if (condition && (!condition->value || condition->value->kind == ast::ExprKind::String))
      sink_.emit(DiagKind::MissingCondition, condition->span,
                 "<" + tag + "> condition must be an expression in braces: condition={…}");
    if (!condition)
      sink_.emit(DiagKind::MissingCondition, at,
                 "<" + tag + "> needs a condition: write <" + tag + " condition={…}>");
    return;
  }
  if (!isCapitalised(tag)) {
    // `<else>`, `<slot>` and `<for:each={…}>` are the language's own; any other lowercase tag is
    // an HTML element.
    if (tag == "else" || tag == "slot" || tag.find(':') != std::string::npos || isHtmlElement(tag))
      return;
    std::string hint = didYouMean(tag, htmlElementNames());
    sink_
        .emit(DiagKind::UnknownComponent, at,
              withHint("<" + tag + "> is not an HTML element; fix the name, or write a component " +
                           "(capitalised) for it",
                       hint))
        .suggestion = closestMatch(tag, htmlElementNames());
    return;
  }
  if (symbols_.components.count(tag) || isBuiltinComponent(tag)) return;
  std::string hint = didYouMean(tag, symbols_.componentNames());
  sink_
      .emit(DiagKind::UnknownComponent, at,
            withHint("<" + tag + "> is neither a component of the project nor a built-in " +
                         "component; declare `component " + tag + "` or fix the name",
                     hint))
      .suggestion = closestMatch(tag, symbols_.componentNames());
}

void UiChecker::checkOn(const UiAttr& attr, bool onComponent) {
  if (!attr.value || attr.value->kind == ast::ExprKind::String) {
    sink_.emit(DiagKind::InvalidDirective, attr.span,
               "on:" + attr.name.name + " needs a handler expression: write on:" + attr.name.name +
                   "={handler}");
  } else {
    checkExpr(*attr.value, /*inHandler=*/true);
    checkTypes(*attr.value);
  }
  // A component's events are its params (checked in component_props.cpp).
  if (!onComponent && !isDomEvent(attr.name.name)) {
    std::string hint = didYouMean(attr.name.name, domEventNames());
    sink_
        .emit(DiagKind::UnknownEvent, attr.name.span.valid() ? attr.name.span : attr.span,
              withHint("'" + attr.name.name + "' is not a DOM event", hint))
        .suggestion = closestMatch(attr.name.name, domEventNames());
  }
}

// bind:value / bind:checked write back: the target must be a state variable (or a member of
// one, or of a store's state).
void UiChecker::checkBind(const UiAttr& attr) {
  const std::string& prop = attr.name.name;
  if (prop != "value" && prop != "checked") {
    std::string hint = didYouMean(prop, {"value", "checked"});
    sink_.emit(
        DiagKind::InvalidDirective, attr.span,
        withHint("bind:" + prop + " is not a binding; use bind:value or bind:checked", hint));
  }
  if (!attr.value || attr.value->kind == ast::ExprKind::String) {
    sink_.emit(DiagKind::InvalidDirective, attr.span,
               "bind:" + prop + " needs a state variable: write bind:" + prop + "={stateVar}");
    return;
  }
  checkExpr(*attr.value);
  const ast::Expr* root = rootName(*attr.value);
  // A member of a store's state or of a loop item (an element of a state list) is writable too;
  // the loop variable itself is not (assigning it would not change the list).
  bool member = root && root != attr.value.get();
  bool isLoopVar =
      root && std::find(loopVars_.begin(), loopVars_.end(), root->text) != loopVars_.end();
  bool assignable = root && ((isStateVar(root->text) && !isLoopVar) ||
                             (member && (symbols_.stores.count(root->text) || isLoopVar)));
  if (!assignable && root && !isKnown(root->text, false)) return; // already reported as unknown
  if (!assignable)
    sink_.emit(DiagKind::BindNotAssignable, attr.value->span,
               "bind:" + prop + " needs a state variable to write to; declare it in `state { }` " +
                   "or bind to a member of one");
}

void UiChecker::checkAttr(const UiAttr& attr, bool onComponent) {
  switch (attr.kind) {
  case UiAttrKind::On:
    checkOn(attr, onComponent);
    return;
  case UiAttrKind::Bind:
    checkBind(attr);
    return;
  case UiAttrKind::ForEach:
    return; // handled with the element's scope
  case UiAttrKind::Plain:
    if (attr.name.name.rfind("for:", 0) == 0 || attr.name.name.rfind("on:", 0) == 0 ||
        attr.name.name.rfind("bind:", 0) == 0) {
      sink_.emit(DiagKind::InvalidDirective, attr.span,
                 attr.name.name + " is a directive and needs an expression in braces, e.g. " +
                     "for:each={item in items}, on:click={handler}, bind:value={stateVar}");
      return;
    }
    if (attr.value && attr.value->kind != ast::ExprKind::String) {
      checkExpr(*attr.value);
      checkTypes(*attr.value);
    }
    return;
  }
}

void UiChecker::checkElement(const UiNode& el) {
  checkTag(el);
  size_t outerLoops = loopVars_.size();
  // The iterable is evaluated outside the loop; the loop variables are visible in the element's
  // other attributes and its children.
  for (const UiAttr& a : el.attrs) {
    if (a.kind != UiAttrKind::ForEach) continue;
    if (a.name.name != "each")
      sink_.emit(DiagKind::InvalidDirective, a.span,
                 "for:" + a.name.name + " is not a directive; the loop is written for:each");
    if (!a.value || a.loopVar.name.empty()) {
      sink_.emit(DiagKind::InvalidDirective, a.span,
                 "for:each needs a loop: write for:each={item in items}");
      continue;
    }
    checkExpr(*a.value);
    Type items = valueType(*a.value);
    if (auth_.block && a.loopVar.name == kCurrentUser)
      sink_.emit(DiagKind::ReservedName, a.loopVar.span,
                 "'currentUser' is the signed-in user in a program with `auth { }`; name the loop "
                 "variable otherwise");
    loopVars_.push_back(a.loopVar.name);
    loopTypes_.push_back(items.is(Type::Kind::List) ? items.element() : Type::any());
    if (!a.indexVar.name.empty()) {
      loopVars_.push_back(a.indexVar.name);
      loopTypes_.push_back(Type::of(Type::Kind::Number));
    }
  }
  auto component = symbols_.components.find(el.tag.name);
  bool onComponent = component != symbols_.components.end();
  for (const UiAttr& a : el.attrs) checkAttr(a, onComponent);
  if (onComponent)
    checkComponentUse(
        el, *component->second, symbols_, [this](const ast::Expr& e) { return valueType(e); },
        sink_);
  checkNodes(el.children);
  loopVars_.resize(outerLoops);
  loopTypes_.resize(outerLoops);
}

// A markup expression's types, by the statement checker's rules (code_checker.h), with the
// for:each variables typed. Names are this checker's business (reported above), so only what
// the type rules add is kept: wrong argument types and counts, operators, unknown members (once:
// the markup rules report some members themselves).
void UiChecker::checkTypes(const ast::Expr& handler) {
  std::vector<std::pair<std::string, Type>> loops;
  for (size_t i = 0; i < loopVars_.size(); ++i) loops.emplace_back(loopVars_[i], loopTypes_[i]);
  DiagnosticSink found;
  CodeChecker(symbols_, &container_, found, &auth_).checkHandler(handler, loops);
  for (const Diagnostic& d : found.all())
    if ((d.kind == DiagKind::TypeMismatch || d.kind == DiagKind::WrongArgumentCount ||
         d.kind == DiagKind::UnknownMember) &&
        !alreadyReported(d))
      sink_.report(d);
}

bool UiChecker::alreadyReported(const Diagnostic& d) const {
  for (const Diagnostic& r : sink_.all())
    if (r.kind == d.kind && r.span.offset == d.span.offset && r.span.file == d.span.file)
      return true;
  return false;
}

} // namespace

void checkUi(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  AuthConfig auth = readAuthConfig(program, symbols);
  for (const auto* list : {&program.pages, &program.components, &program.stores}) {
    for (const ast::UiContainer& c : *list) {
      checkDuplicateMembers(c, sink);
      UiChecker(c, symbols, auth, sink).run();
    }
  }
  checkComponentCycles(program, symbols, sink);
}

} // namespace locus
