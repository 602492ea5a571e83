// The stable JSON form of the AST (docs/language/ast.md). One small function per node type.
// Keys are written in a fixed order; empty lists, null children, false flags and empty
// optional strings are left out, while names are always written (even when error recovery left
// them empty) so consumers can rely on them.
#include "compiler/ast/ast_json.h"

namespace locus {

namespace {

using Json = locus::OrderedJson;

constexpr int kAstVersion = 1;

class AstJson {
public:
  explicit AstJson(const SourceSet& sources) : sources_(sources) {}

  Json file(const ast::File& f) const;

private:
  // --------------------------------------------------------------------------- helpers

  Json span(const Span& s) const {
    Json j;
    j["file"] = s.file < sources_.size() ? Json(sources_.file(s.file).path) : Json(nullptr);
    j["line"] = s.line;
    j["col"] = s.col;
    j["length"] = s.length;
    return j;
  }

  // Every node ends with its span (left out when the node has no location).
  void addSpan(Json& j, const Span& s, const char* key = "span") const {
    if (s.valid()) j[key] = span(s);
  }

  static void addString(Json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  }

  static void addFlag(Json& j, const char* key, bool value) {
    if (value) j[key] = true;
  }

  void addExpr(Json& j, const char* key, const ast::ExprPtr& e) const {
    if (e) j[key] = expr(*e);
  }

  template <typename T, typename F> static Json list(const std::vector<T>& items, F&& convert) {
    Json out = Json::array();
    for (const T& item : items) out.push_back(convert(item));
    return out;
  }

  // Adds `key` when the list is non-empty, or when `present` says the source wrote it (`else {}`).
  template <typename T, typename F>
  static void addList(Json& j, const char* key, const std::vector<T>& items, F&& convert,
                      bool present = false) {
    if (!items.empty() || present) j[key] = list(items, convert);
  }

  void addArgs(Json& j, const char* key, const std::vector<ast::Arg>& args,
               bool present = false) const {
    addList(
        j, key, args, [&](const ast::Arg& a) { return arg(a); }, present);
  }

  void addSteps(Json& j, const char* key, const ast::StepList& steps, bool present = false) const {
    addList(
        j, key, steps, [&](const ast::Step& s) { return step(s); }, present);
  }

  void addBlock(Json& j, const char* key, const ast::Block& b, bool present = false) const {
    if (!b.empty() || present) j[key] = block(b);
  }

  void addType(Json& j, const char* key, const std::unique_ptr<ast::TypeRef>& t) const {
    if (t) j[key] = type(*t);
  }

  static Json node(const char* kind) { return Json{{"kind", kind}}; }

  // ----------------------------------------------------------------------------- nodes

  Json arg(const ast::Arg& a) const;
  Json expr(const ast::Expr& e) const;
  Json type(const ast::TypeRef& t) const;
  Json stmt(const ast::Stmt& s) const;
  Json block(const ast::Block& b) const;
  Json attribute(const ast::Attribute& a) const;
  Json field(const ast::Field& f) const;
  Json entity(const ast::Entity& e) const;
  Json database(const ast::Database& d) const;
  Json token(const ast::TokenEntry& t) const;
  Json designSystem(const ast::DesignSystem& d) const;
  Json uiAttr(const ast::UiAttr& a) const;
  Json uiNode(const ast::UiNode& n) const;
  Json param(const ast::Param& p) const;
  Json stateVar(const ast::StateVar& s) const;
  Json action(const ast::Action& a) const;
  Json styleOverride(const ast::StyleOverride& s) const;
  Json container(const ast::UiContainer& c) const;
  Json step(const ast::Step& s) const;
  Json trigger(const ast::Trigger& t) const;
  Json workflow(const ast::Workflow& w) const;
  Json uploadField(const ast::UploadField& f) const;
  Json upload(const ast::Upload& u) const;
  Json typeAlias(const ast::TypeAlias& a) const;
  Json import(const ast::Import& i) const;

  void exprParts(Json& j, const ast::Expr& e) const;

  const SourceSet& sources_;
};

// ------------------------------------------------------------------------- expressions

// An argument, array element, object entry or `key: value` property: not a node, a pair.
Json AstJson::arg(const ast::Arg& a) const {
  Json j = Json::object();
  addString(j, "name", a.name.name);
  j["value"] = a.value ? expr(*a.value) : Json(nullptr);
  return j;
}

// The kind-specific members of an expression, named after what they mean.
void AstJson::exprParts(Json& j, const ast::Expr& e) const {
  using K = ast::ExprKind;
  switch (e.kind) {
  case K::Number:
  case K::String:
  case K::Size:
  case K::Duration:
  case K::Color:
    j["value"] = e.text;
    return;
  case K::Bool:
    j["value"] = e.text == "true";
    return;
  case K::Null:
    return;
  case K::Name:
    j["name"] = e.text;
    return;
  case K::Member:
    addExpr(j, "object", e.lhs);
    j["member"] = e.text;
    addFlag(j, "optionalChain", e.optionalChain);
    return;
  case K::Index:
    addExpr(j, "object", e.lhs);
    addExpr(j, "index", e.rhs);
    return;
  case K::Call:
    addExpr(j, "callee", e.lhs);
    addArgs(j, "args", e.args);
    return;
  case K::Unary:
    j["op"] = e.text;
    addExpr(j, "operand", e.lhs);
    return;
  case K::Binary:
    j["op"] = e.text;
    addExpr(j, "lhs", e.lhs);
    addExpr(j, "rhs", e.rhs);
    return;
  case K::Conditional:
    addExpr(j, "condition", e.lhs);
    addExpr(j, "then", e.rhs);
    addExpr(j, "else", e.alt);
    return;
  case K::Array:
    addList(j, "elements", e.args,
            [&](const ast::Arg& a) { return a.value ? expr(*a.value) : Json(); });
    return;
  case K::Object:
    addArgs(j, "entries", e.args);
    return;
  }
}

Json AstJson::expr(const ast::Expr& e) const {
  Json j = node(ast::exprKindName(e.kind));
  exprParts(j, e);
  addSpan(j, e.span);
  return j;
}

Json AstJson::type(const ast::TypeRef& t) const {
  Json j = node("type");
  j["name"] = t.name.name;
  addFlag(j, "list", t.list);
  addFlag(j, "listOf", t.listOf);
  addFlag(j, "optional", t.optional);
  addFlag(j, "nullable", t.nullable);
  addSpan(j, t.span);
  return j;
}

// -------------------------------------------------------------------------- statements

Json AstJson::stmt(const ast::Stmt& s) const {
  using K = ast::StmtKind;
  Json j = node(ast::stmtKindName(s.kind));
  switch (s.kind) {
  case K::Let:
  case K::Const:
    j["name"] = s.name.name;
    addType(j, "type", s.type);
    addExpr(j, "value", s.value);
    break;
  case K::Assign:
    j["op"] = s.op;
    addExpr(j, "target", s.target);
    addExpr(j, "value", s.value);
    break;
  case K::If:
    addExpr(j, "condition", s.value);
    addBlock(j, "then", s.body, /*present=*/true);
    addBlock(j, "else", s.elseBody, s.hasElse);
    break;
  case K::For:
    j["var"] = s.name.name;
    addExpr(j, "iterable", s.value);
    addBlock(j, "body", s.body, /*present=*/true);
    break;
  case K::While:
    addExpr(j, "condition", s.value);
    addBlock(j, "body", s.body, /*present=*/true);
    break;
  case K::Break:
  case K::Continue:
    break;
  case K::Return:
  case K::Throw:
    addExpr(j, "value", s.value);
    break;
  case K::Expr:
    addExpr(j, "expr", s.value);
    break;
  }
  addSpan(j, s.span);
  return j;
}

Json AstJson::block(const ast::Block& b) const {
  return list(b, [&](const ast::Stmt& s) { return stmt(s); });
}

// ---------------------------------------------------------------------------- database

Json AstJson::attribute(const ast::Attribute& a) const {
  Json j = node("attribute");
  j["name"] = a.name.name;
  addArgs(j, "args", a.args);
  addFlag(j, "legacy", a.legacy);
  addSpan(j, a.span);
  return j;
}

Json AstJson::field(const ast::Field& f) const {
  Json j = node("field");
  j["name"] = f.name.name;
  j["type"] = type(f.type);
  if (f.relation != ast::RelationKind::None) j["relation"] = ast::relationKindName(f.relation);
  addList(j, "attributes", f.attributes, [&](const ast::Attribute& a) { return attribute(a); });
  addString(j, "onDelete", f.onDelete.name);
  addString(j, "inverse", f.inverse.name);
  addSpan(j, f.span);
  return j;
}

Json AstJson::entity(const ast::Entity& e) const {
  Json j = node("entity");
  j["name"] = e.name.name;
  addList(j, "fields", e.fields, [&](const ast::Field& f) { return field(f); });
  addSpan(j, e.span);
  return j;
}

Json AstJson::database(const ast::Database& d) const {
  Json j = node("database");
  addList(j, "entities", d.entities, [&](const ast::Entity& e) { return entity(e); });
  addSpan(j, d.span);
  return j;
}

// ----------------------------------------------------------------------- design system

Json AstJson::token(const ast::TokenEntry& t) const {
  Json j = node(t.isGroup ? "tokenGroup" : "token");
  j["key"] = t.key.name;
  if (t.isGroup)
    j["entries"] = list(t.group, [&](const ast::TokenEntry& e) { return token(e); });
  else
    addExpr(j, "value", t.value);
  addSpan(j, t.span);
  return j;
}

Json AstJson::designSystem(const ast::DesignSystem& d) const {
  Json j = node("designSystem");
  addList(j, "sections", d.sections, [&](const ast::TokenEntry& t) { return token(t); });
  addSpan(j, d.span);
  return j;
}

// ---------------------------------------------------------------------------------- UI

Json AstJson::uiAttr(const ast::UiAttr& a) const {
  Json j = node("uiAttr");
  addString(j, "directive", ast::uiDirectiveName(a.kind));
  j["name"] = a.name.name;
  addExpr(j, "value", a.value);
  addString(j, "loopVar", a.loopVar.name);
  addString(j, "indexVar", a.indexVar.name);
  addSpan(j, a.span);
  return j;
}

Json AstJson::uiNode(const ast::UiNode& n) const {
  switch (n.kind) {
  case ast::UiNodeKind::Element: {
    Json j = node("element");
    j["tag"] = n.tag.name;
    addList(j, "attrs", n.attrs, [&](const ast::UiAttr& a) { return uiAttr(a); });
    addList(j, "children", n.children, [&](const ast::UiNode& c) { return uiNode(c); });
    addFlag(j, "selfClosing", n.selfClosing);
    addSpan(j, n.span);
    return j;
  }
  case ast::UiNodeKind::Text: {
    Json j = node("text");
    j["text"] = n.text;
    addSpan(j, n.span);
    return j;
  }
  case ast::UiNodeKind::Expr:
    break;
  }
  Json j = node("interpolation");
  addExpr(j, "expr", n.expr);
  addSpan(j, n.span);
  return j;
}

// ------------------------------------------------------------ pages, components, stores

Json AstJson::param(const ast::Param& p) const {
  Json j = node("param");
  j["name"] = p.name.name;
  addType(j, "type", p.type);
  addExpr(j, "default", p.defaultValue);
  addSpan(j, p.span);
  return j;
}

Json AstJson::stateVar(const ast::StateVar& s) const {
  Json j = node("state");
  j["name"] = s.name.name;
  addType(j, "type", s.type);
  addExpr(j, "init", s.init);
  addSpan(j, s.span);
  return j;
}

Json AstJson::action(const ast::Action& a) const {
  Json j = node("action");
  j["name"] = a.name.name;
  addList(j, "params", a.params, [&](const ast::Param& p) { return param(p); });
  addType(j, "returnType", a.returnType);
  addBlock(j, "body", a.body, /*present=*/true);
  addFlag(j, "server", a.server);
  addSpan(j, a.span);
  return j;
}

Json AstJson::styleOverride(const ast::StyleOverride& s) const {
  Json j = node("styleOverride");
  j["css"] = s.css;
  addSpan(j, s.span);
  return j;
}

Json AstJson::container(const ast::UiContainer& c) const {
  Json j = node(ast::uiContainerKindName(c.kind));
  j["name"] = c.name.name;
  addArgs(j, "headerArgs", c.headerArgs);
  addList(j, "params", c.params, [&](const ast::Param& p) { return param(p); });
  addList(j, "state", c.state, [&](const ast::StateVar& s) { return stateVar(s); });
  addList(j, "onLoad", c.onLoad, [&](const ast::Block& b) { return block(b); });
  addList(j, "actions", c.actions, [&](const ast::Action& a) { return action(a); });
  addList(
      j, "ui", c.ui, [&](const ast::UiNode& n) { return uiNode(n); }, c.hasUi);
  addSpan(j, c.uiSpan, "uiSpan");
  if (c.styleOverride) j["styleOverride"] = styleOverride(*c.styleOverride);
  addSpan(j, c.span);
  return j;
}

// --------------------------------------------------------------------------- workflows

// The step's expression slot means a condition, a duration or a returned value by kind.
const char* stepExprKey(ast::StepKind k) {
  switch (k) {
  case ast::StepKind::Delay:
  case ast::StepKind::Schedule:
    return "duration";
  case ast::StepKind::Return:
    return "value";
  default:
    return "condition";
  }
}

Json AstJson::step(const ast::Step& s) const {
  Json j = node(ast::stepKindName(s.kind));
  if (s.keyword.name != j["kind"].get<std::string>()) addString(j, "keyword", s.keyword.name);
  addString(j, "binding", s.binding.name);
  addString(j, "name", s.name.name);
  addString(j, "target", s.target.name);
  addArgs(j, s.kind == ast::StepKind::Run ? "args" : "properties", s.args);
  addExpr(j, stepExprKey(s.kind), s.condition);
  addString(j, "loopVar", s.loopVar.name);
  addExpr(j, "iterable", s.iterable);
  addSteps(j, "body", s.body);
  addSteps(j, "else", s.elseBody, s.hasElse);
  addList(j, "branches", s.branches, [&](const ast::StepList& b) {
    return list(b, [&](const ast::Step& inner) { return step(inner); });
  });
  addString(j, "catchVar", s.catchVar.name);
  addSteps(j, "catch", s.catchBody, s.hasCatch);
  addSteps(j, "finally", s.finallyBody, s.hasFinally);
  addSpan(j, s.span);
  return j;
}

Json AstJson::trigger(const ast::Trigger& t) const {
  Json j = node("trigger");
  j["event"] = ast::triggerKindName(t.kind);
  j["word"] = t.word.name;
  addArgs(j, "args", t.args, t.hasParens);
  addFlag(j, "bare", t.bare);
  addSpan(j, t.span);
  return j;
}

Json AstJson::workflow(const ast::Workflow& w) const {
  auto names = [](const ast::Ident& i) { return i.name; };
  Json j = node("workflow");
  j["name"] = w.name.name;
  addList(
      j, "triggers", w.triggers, [&](const ast::Trigger& t) { return trigger(t); }, w.hasTrigger);
  addList(j, "input", w.input, [&](const ast::Param& p) { return param(p); });
  addList(j, "state", w.state, [&](const ast::StateVar& s) { return stateVar(s); });
  addSteps(j, "steps", w.steps, w.hasSteps);
  addArgs(j, "retry", w.retry, w.hasRetry);
  addSpan(j, w.retrySpan, "retrySpan");
  addArgs(j, "concurrency", w.concurrency, w.hasConcurrency);
  addSpan(j, w.concurrencySpan, "concurrencySpan");
  addList(j, "onError", w.onError, names);
  addSteps(j, "onErrorSteps", w.onErrorSteps);
  addList(j, "onFailure", w.onFailure, names);
  addSteps(j, "onFailureSteps", w.onFailureSteps);
  addSpan(j, w.span);
  return j;
}

// ----------------------------------------------------------------------------- uploads

Json AstJson::uploadField(const ast::UploadField& f) const {
  Json j = node("uploadField");
  j["name"] = f.name.name;
  addArgs(j, "props", f.props);
  addList(j, "mime", f.mime, [](const std::string& m) { return m; });
  addSpan(j, f.mimeSpan, "mimeSpan");
  addFlag(j, "required", f.required);
  addSpan(j, f.span);
  return j;
}

Json AstJson::upload(const ast::Upload& u) const {
  Json j = node("upload");
  j["name"] = u.name.name;
  addList(j, "fields", u.fields, [&](const ast::UploadField& f) { return uploadField(f); });
  addArgs(j, "store", u.store, u.hasStore);
  addSpan(j, u.storeSpan, "storeSpan");
  addSpan(j, u.span);
  return j;
}

// ---------------------------------------------------------------------------- top level

Json AstJson::typeAlias(const ast::TypeAlias& a) const {
  Json j = node("typeAlias");
  j["name"] = a.name.name;
  j["type"] = type(a.type);
  addSpan(j, a.span);
  return j;
}

Json AstJson::import(const ast::Import& i) const {
  Json j = node("import");
  j["path"] = i.path;
  addSpan(j, i.span);
  return j;
}

// The top level always lists every section, so consumers need no existence checks there.
Json AstJson::file(const ast::File& f) const {
  Json j;
  j["astVersion"] = kAstVersion;
  j["file"] = f.id < sources_.size() ? Json(sources_.file(f.id).path) : Json(nullptr);
  j["imports"] = list(f.imports, [&](const ast::Import& i) { return import(i); });
  j["typeAliases"] = list(f.typeAliases, [&](const ast::TypeAlias& a) { return typeAlias(a); });
  j["databases"] = list(f.databases, [&](const ast::Database& d) { return database(d); });
  j["designSystems"] =
      list(f.designSystems, [&](const ast::DesignSystem& d) { return designSystem(d); });
  auto containers = [&](const std::vector<ast::UiContainer>& cs) {
    return list(cs, [&](const ast::UiContainer& c) { return container(c); });
  };
  j["pages"] = containers(f.pages);
  j["components"] = containers(f.components);
  j["stores"] = containers(f.stores);
  j["workflows"] = list(f.workflows, [&](const ast::Workflow& w) { return workflow(w); });
  j["uploads"] = list(f.uploads, [&](const ast::Upload& u) { return upload(u); });
  j["actions"] = list(f.actions, [&](const ast::Action& a) { return action(a); });
  return j;
}

} // namespace

locus::OrderedJson astToJson(const ast::File& file, const SourceSet& sources) {
  return AstJson(sources).file(file);
}

} // namespace locus
