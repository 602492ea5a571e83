// Pages, components and stores (one shape), and their markup as a tree. Each element says what
// its tag resolved to, so generators need not repeat the compiler's lookup.
#include "compiler/ir/lower_context.h"

#include "compiler/sema/builtin_names.h"

namespace locus::ir {

namespace {

// control: <if> <elseif> <else> <slot> <for:each>; component: declared in the project;
// builtin: supplied by the runtime (Stack, Button, …); html: everything else.
const char* tagKind(const std::string& tag, const Context& cx) {
  if (tag == "if" || tag == "elseif" || tag == "else" || tag == "slot" || tag == "for:each")
    return "control";
  if (cx.symbols().components.count(tag)) return "component";
  if (isBuiltinComponent(tag)) return "builtin";
  return "html";
}

Json optionalName(const ast::Ident& i) {
  return i.name.empty() ? Json(nullptr) : Json(i.name);
}

Json lowerUiAttr(const ast::UiAttr& a, const Context& cx) {
  const char* directive = ast::uiDirectiveName(a.kind);
  return jsonObject("kind", "uiAttr", "directive", *directive ? Json(directive) : Json(nullptr),
                    "name", a.name.name, "value", lowerExpr(a.value, cx), "loopVar",
                    optionalName(a.loopVar), "indexVar", optionalName(a.indexVar), "span",
                    cx.span(a.span));
}

Json lowerUiNodes(const std::vector<ast::UiNode>& nodes, const Context& cx);

Json lowerUiNode(const ast::UiNode& n, const Context& cx) {
  switch (n.kind) {
  case ast::UiNodeKind::Element: {
    Json attrs = Json::array();
    for (const ast::UiAttr& a : n.attrs) attrs.push_back(lowerUiAttr(a, cx));
    return jsonObject("kind", "element", "tag", n.tag.name, "tagKind", tagKind(n.tag.name, cx),
                      "attrs", std::move(attrs), "children", lowerUiNodes(n.children, cx),
                      "selfClosing", n.selfClosing, "span", cx.span(n.span));
  }
  case ast::UiNodeKind::Text:
    return jsonObject("kind", "text", "text", n.text, "span", cx.span(n.span));
  case ast::UiNodeKind::Expr:
    return jsonObject("kind", "interpolation", "expr", lowerExpr(n.expr, cx), "span",
                      cx.span(n.span));
  }
  return nullptr;
}

Json lowerUiNodes(const std::vector<ast::UiNode>& nodes, const Context& cx) {
  Json out = Json::array();
  for (const ast::UiNode& n : nodes) out.push_back(lowerUiNode(n, cx));
  return out;
}

Json lowerContainer(const ast::UiContainer& c, const Context& cx) {
  Json j;
  j["kind"] = ast::uiContainerKindName(c.kind);
  j["name"] = c.name.name;
  j["args"] = lowerPairs(c.headerArgs, cx);
  j["params"] = lowerParams(c.params, cx);
  j["state"] = lowerStateVars(c.state, cx);
  Json onLoad = Json::array();
  for (const ast::Block& b : c.onLoad) onLoad.push_back(lowerBlock(b, cx));
  j["onLoad"] = std::move(onLoad);
  Json actions = Json::array();
  for (const ast::Action& a : c.actions) actions.push_back(lowerAction(a, cx));
  j["actions"] = std::move(actions);
  j["ui"] = lowerUiNodes(c.ui, cx);
  j["styleOverride"] = c.styleOverride ? Json(c.styleOverride->css) : Json(nullptr);
  j["span"] = cx.span(c.span);
  return j;
}

} // namespace

Json lowerContainers(const std::vector<ast::UiContainer>& containers, const Context& cx) {
  Json out = Json::array();
  for (const ast::UiContainer& c : containers) out.push_back(lowerContainer(c, cx));
  return out;
}

} // namespace locus::ir
