// A use of a project component, checked against its declaration: every attribute names a param
// (or a named slot), every `on:event` a param that receives the handler (`on:buy` → `onBuy`),
// every required param (no default, not `T?`) is given, and literal values fit the param's type.
// The generated TypeScript types each component's props, so any of these would not compile.
#include "compiler/sema/ui_checks.h"

#include "compiler/base/suggest.h"
#include "compiler/base/ui_event_props.h"
#include "compiler/sema/code_types.h"

#include <set>

namespace locus {

namespace {

// Named slots (`<slot name="header"/>`) are optional props of the component.
void collectSlots(const std::vector<ast::UiNode>& nodes, std::set<std::string>& out) {
  for (const ast::UiNode& n : nodes) {
    if (n.kind != ast::UiNodeKind::Element) continue;
    if (n.tag.name == "slot")
      for (const ast::UiAttr& a : n.attrs)
        if (a.name.name == "name" && a.value && a.value->kind == ast::ExprKind::String)
          out.insert(a.value->text);
    collectSlots(n.children, out);
  }
}

const ast::Param* findParam(const ast::UiContainer& c, const std::string& name) {
  for (const ast::Param& p : c.params)
    if (p.name.name == name) return &p;
  return nullptr;
}

// A named slot is rendered as markup (a ReactNode): text, numbers and lists of them fit, a record
// or an object does not.
void checkSlotValue(const std::string& tag, const std::string& slot, const Type& value, Span at,
                    DiagnosticSink& sink) {
  Type shown = value.is(Type::Kind::List) ? value.element() : value;
  if (shown.is(Type::Kind::Entity) || shown.is(Type::Kind::Object))
    sink.emit(DiagKind::TypeMismatch, at,
              "slot '" + slot + "' of <" + tag + "> renders text or markup, but " +
                  typeName(value) + " is given; pass a field (`x.title`) or put markup between " +
                  "the tags");
}

// Children are always optional (`param children: slot` only names them).
bool isRequired(const ast::Param& p) {
  return !p.defaultValue && !(p.type && p.type->optional) && p.name.name != "children";
}

std::vector<std::string> propNames(const ast::UiContainer& c, const std::set<std::string>& slots) {
  std::vector<std::string> names(slots.begin(), slots.end());
  for (const ast::Param& p : c.params) names.push_back(p.name.name);
  return names;
}

} // namespace

void checkComponentUse(const ast::UiNode& el, const ast::UiContainer& component,
                       const Symbols& symbols, const PropValueType& valueType,
                       DiagnosticSink& sink) {
  std::set<std::string> slots;
  collectSlots(component.ui, slots);
  std::set<std::string> given;
  const std::string& tag = component.name.name;
  for (const ast::UiAttr& a : el.attrs) {
    if (a.kind == ast::UiAttrKind::ForEach || a.kind == ast::UiAttrKind::Bind) continue;
    Span at = a.name.span.valid() ? a.name.span : a.span;
    if (a.kind == ast::UiAttrKind::On) {
      std::string prop = uiEventProp(a.name.name);
      given.insert(prop);
      if (!findParam(component, prop))
        sink.emit(DiagKind::UnknownProp, at,
                  "<" + tag + "> has no param '" + prop + "' to receive on:" + a.name.name +
                      "; declare `param " + prop + ": Json?` in component '" + tag + "'")
            .notes.push_back({component.name.span, "component declared here"});
      continue;
    }
    const std::string& name = a.name.name;
    given.insert(name);
    const ast::Param* param = findParam(component, name);
    if (!param) {
      if (slots.count(name) && a.value) checkSlotValue(tag, name, valueType(*a.value), at, sink);
      if (slots.count(name) || name == "key") continue; // React takes `key` on every element
      std::vector<std::string> names = propNames(component, slots);
      std::string hint = didYouMean(name, names);
      Diagnostic& d = sink.emit(
          DiagKind::UnknownProp, at,
          "<" + tag + "> has no param '" + name + "'" +
              (hint.empty() ? "; declare `param " + name + ": …` in component '" + tag + "'"
                            : "; " + hint));
      d.suggestion = closestMatch(name, names);
      d.notes.push_back({component.name.span, "component declared here"});
      continue;
    }
    if (!param->type) continue;
    Type expected = typeFromRef(param->type.get(), symbols);
    // The prop of `p: T?` is optional (`p?: T`): it may be left out, but not given a null.
    expected.nullable = param->type->nullable;
    Type value = a.value ? valueType(*a.value) : Type::of(Type::Kind::Bool);
    if (a.value && reportValueOutsideEnum(expected, value, a.value->span, sink)) continue;
    if (certainlyIncompatible(expected, value) || (value.nullable && !expected.nullable))
      sink.emit(DiagKind::TypeMismatch, a.value ? a.value->span : at,
                "param '" + name + "' of <" + tag + "> is " + typeName(expected) + ", but " +
                    typeName(value) + " is given")
          .notes.push_back({param->name.span, "param declared here"});
  }
  std::string missing;
  for (const ast::Param& p : component.params)
    if (isRequired(p) && !given.count(p.name.name))
      missing += (missing.empty() ? "'" : ", '") + p.name.name + "'";
  if (!missing.empty())
    sink.emit(DiagKind::MissingProp, el.tag.span.valid() ? el.tag.span : el.span,
              "<" + tag + "> is missing the required param(s) " + missing +
                  "; pass them, or give the param a default or an optional type (`T?`)")
        .notes.push_back({component.name.span, "component declared here"});
}

} // namespace locus
