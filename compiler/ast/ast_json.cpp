// The stable JSON form of the AST (docs/language/ast.md). One small function per node type,
// written once as a stream of JSON events into either sink: a tree (astToJson) or text
// (astJsonText), so both are the same document by construction. Keys are written in a fixed
// order; empty lists, null children, false flags and empty optional strings are left out, while
// names are always written (even when error recovery left them empty) so consumers can rely on
// them.
#include "compiler/ast/ast_json.h"

#include "compiler/base/json_text.h"

#include <atomic>
#include <exception>
#include <thread>

namespace locus {

namespace {

using Json = locus::OrderedJson;

constexpr int kAstVersion = 1;

// Sink 1: builds the OrderedJson tree. Containers are filled in place; only the innermost open
// container grows, so pointers to the open ones stay valid.
class TreeOut {
public:
  void beginObject() { open(Json(Json::value_t::object)); }
  void beginArray() { open(Json(Json::value_t::array)); }
  void end() { stack_.pop_back(); }
  void key(const char* name) { key_ = name; }
  void string(const std::string& text) { place(Json(text)); }
  void number(std::int64_t n) { place(Json(n)); }
  void boolean(bool b) { place(Json(b)); }
  void null() { place(Json(nullptr)); }
  Json take() { return std::move(root_); }

private:
  Json& place(Json value) {
    if (stack_.empty()) return root_ = std::move(value);
    Json& top = *stack_.back();
    if (top.is_array()) {
      top.get_ref<Json::array_t&>().push_back(std::move(value));
      return top.get_ref<Json::array_t&>().back();
    }
    auto& members = top.get_ref<Json::object_t&>(); // keys of one node differ: no search
    members.emplace_back(key_, std::move(value));
    return members.back().second;
  }
  void open(Json container) { stack_.push_back(&place(std::move(container))); }

  Json root_;
  std::vector<Json*> stack_;
  const char* key_ = "";
};

// Sink 2: writes the text straight away (JsonStream: the text jsonText gives for the tree).
class TextOut {
public:
  explicit TextOut(std::string& out) : stream_(out) {}
  void beginObject() { stream_.beginObject(); }
  void beginArray() { stream_.beginArray(); }
  void end() { stream_.end(); }
  void key(const char* name) { stream_.key(name); }
  void string(const std::string& text) { stream_.string(text); }
  void number(std::int64_t n) { stream_.number(n); }
  void boolean(bool b) { stream_.boolean(b); }
  void null() { stream_.value(nlohmann::json(nullptr)); }

private:
  JsonStream stream_;
};

template <class Out> class AstWriter {
public:
  AstWriter(Out& out, const SourceSet& sources) : out_(out), sources_(sources) {}

  // The members of the top level before its lists.
  void fileHeader(const ast::File& f);
  // Each top-level declaration of `f`, as `visit(key, count, writeItem(i))` per list: the lists
  // in their fixed order.
  template <class Visit> static void forEachList(const ast::File& f, Visit&& visit);
  void file(const ast::File& f);

  void import(const ast::Import& i);
  void typeAlias(const ast::TypeAlias& a);
  void database(const ast::Database& d);
  void designSystem(const ast::DesignSystem& d);
  void container(const ast::UiContainer& c);
  void workflow(const ast::Workflow& w);
  void upload(const ast::Upload& u);
  void action(const ast::Action& a);

private:
  // --------------------------------------------------------------------------- helpers

  void node(const char* kind) {
    out_.beginObject();
    out_.key("kind");
    out_.string(kind);
  }

  void span(const Span& s) {
    out_.beginObject();
    out_.key("file");
    if (s.file < sources_.size())
      out_.string(sources_.file(s.file).path);
    else
      out_.null();
    out_.key("line");
    out_.number(s.line);
    out_.key("col");
    out_.number(s.col);
    out_.key("length");
    out_.number(s.length);
    out_.end();
  }

  // Every node ends with its span (left out when the node has no location).
  void addSpan(const Span& s, const char* key = "span") {
    if (!s.valid()) return;
    out_.key(key);
    span(s);
  }

  void addString(const char* key, const std::string& value) {
    if (value.empty()) return;
    out_.key(key);
    out_.string(value);
  }

  void addName(const char* key, const std::string& value) {
    out_.key(key);
    out_.string(value);
  }

  void addFlag(const char* key, bool value) {
    if (!value) return;
    out_.key(key);
    out_.boolean(true);
  }

  void addExpr(const char* key, const ast::ExprPtr& e) {
    if (!e) return;
    out_.key(key);
    expr(*e);
  }

  template <typename T, typename F> void list(const std::vector<T>& items, F&& write) {
    out_.beginArray();
    for (const T& item : items) write(item);
    out_.end();
  }

  // Adds `key` when the list is non-empty, or when `present` says the source wrote it (`else {}`).
  template <typename T, typename F>
  void addList(const char* key, const std::vector<T>& items, F&& write, bool present = false) {
    if (items.empty() && !present) return;
    out_.key(key);
    list(items, write);
  }

  void addArgs(const char* key, const std::vector<ast::Arg>& args, bool present = false) {
    addList(
        key, args, [&](const ast::Arg& a) { arg(a); }, present);
  }

  void addSteps(const char* key, const ast::StepList& steps, bool present = false) {
    addList(
        key, steps, [&](const ast::Step& s) { step(s); }, present);
  }

  void addBlock(const char* key, const ast::Block& b, bool present = false) {
    if (b.empty() && !present) return;
    out_.key(key);
    block(b);
  }

  void addType(const char* key, const std::unique_ptr<ast::TypeRef>& t) {
    if (!t) return;
    out_.key(key);
    type(*t);
  }

  // ----------------------------------------------------------------------------- nodes

  void arg(const ast::Arg& a);
  void expr(const ast::Expr& e);
  void exprParts(const ast::Expr& e);
  void type(const ast::TypeRef& t);
  void stmt(const ast::Stmt& s);
  void block(const ast::Block& b);
  void attribute(const ast::Attribute& a);
  void field(const ast::Field& f);
  void entity(const ast::Entity& e);
  void auth(const ast::Auth& a);
  void enumDecl(const ast::EnumDecl& e);
  void test(const ast::Test& t);
  void token(const ast::TokenEntry& t);
  void uiAttr(const ast::UiAttr& a);
  void uiNode(const ast::UiNode& n);
  void param(const ast::Param& p);
  void stateVar(const ast::StateVar& s);
  void styleOverride(const ast::StyleOverride& s);
  void step(const ast::Step& s);
  void trigger(const ast::Trigger& t);
  void flowOption(const ast::FlowOption& f);
  void uploadField(const ast::UploadField& f);

  Out& out_;
  const SourceSet& sources_;
};

// ------------------------------------------------------------------------- expressions

// An argument, array element, object entry or `key: value` property: not a node, a pair.
template <class Out> void AstWriter<Out>::arg(const ast::Arg& a) {
  out_.beginObject();
  addString("name", a.name.name);
  out_.key("value");
  if (a.value)
    expr(*a.value);
  else
    out_.null();
  out_.end();
}

// The kind-specific members of an expression, named after what they mean.
template <class Out> void AstWriter<Out>::exprParts(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
  case K::Number:
  case K::String:
  case K::Size:
  case K::Duration:
  case K::Color:
    addName("value", e.text);
    return;
  case K::Bool:
    out_.key("value");
    out_.boolean(e.text == "true");
    return;
  case K::Null:
    return;
  case K::Name:
    addName("name", e.text);
    return;
  case K::Member:
    addExpr("object", e.lhs);
    addName("member", e.text);
    addFlag("optionalChain", e.optionalChain);
    return;
  case K::Index:
    addExpr("object", e.lhs);
    addExpr("index", e.rhs);
    return;
  case K::Call:
    addExpr("callee", e.lhs);
    addArgs("args", e.args);
    return;
  case K::Unary:
    addName("op", e.text);
    addExpr("operand", e.lhs);
    return;
  case K::Binary:
    addName("op", e.text);
    addExpr("lhs", e.lhs);
    addExpr("rhs", e.rhs);
    return;
  case K::Conditional:
    addExpr("condition", e.lhs);
    addExpr("then", e.rhs);
    addExpr("else", e.alt);
    return;
  case K::Array:
    addList("elements", e.args, [&](const ast::Arg& a) {
      if (a.value)
        expr(*a.value);
      else
        out_.null();
    });
    return;
  case K::Object:
    addArgs("entries", e.args);
    return;
  }
}

template <class Out> void AstWriter<Out>::expr(const ast::Expr& e) {
  node(ast::exprKindName(e.kind));
  exprParts(e);
  addSpan(e.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::type(const ast::TypeRef& t) {
  node("type");
  addName("name", t.name.name);
  addFlag("list", t.list);
  addFlag("listOf", t.listOf);
  addFlag("optional", t.optional);
  addFlag("nullable", t.nullable);
  addSpan(t.span);
  out_.end();
}

// -------------------------------------------------------------------------- statements

template <class Out> void AstWriter<Out>::stmt(const ast::Stmt& s) {
  using K = ast::StmtKind;
  node(ast::stmtKindName(s.kind));
  switch (s.kind) {
  case K::Let:
  case K::Const:
    addName("name", s.name.name);
    addType("type", s.type);
    addExpr("value", s.value);
    break;
  case K::Assign:
    addName("op", s.op);
    addExpr("target", s.target);
    addExpr("value", s.value);
    break;
  case K::If:
    addExpr("condition", s.value);
    addBlock("then", s.body, /*present=*/true);
    addBlock("else", s.elseBody, s.hasElse);
    break;
  case K::For:
    addName("var", s.name.name);
    addExpr("iterable", s.value);
    addBlock("body", s.body, /*present=*/true);
    break;
  case K::While:
    addExpr("condition", s.value);
    addBlock("body", s.body, /*present=*/true);
    break;
  case K::Break:
  case K::Continue:
    break;
  case K::Return:
  case K::Throw:
    addExpr("value", s.value);
    break;
  case K::Expr:
    addExpr("expr", s.value);
    break;
  }
  addSpan(s.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::block(const ast::Block& b) {
  list(b, [&](const ast::Stmt& s) { stmt(s); });
}

// ---------------------------------------------------------------------------- database

template <class Out> void AstWriter<Out>::attribute(const ast::Attribute& a) {
  node("attribute");
  addName("name", a.name.name);
  addArgs("args", a.args);
  addFlag("legacy", a.legacy);
  addSpan(a.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::field(const ast::Field& f) {
  node("field");
  addName("name", f.name.name);
  out_.key("type");
  type(f.type);
  if (f.relation != ast::RelationKind::None) addName("relation", ast::relationKindName(f.relation));
  addList("attributes", f.attributes, [&](const ast::Attribute& a) { attribute(a); });
  addString("onDelete", f.onDelete.name);
  addString("inverse", f.inverse.name);
  addSpan(f.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::entity(const ast::Entity& e) {
  node("entity");
  addName("name", e.name.name);
  addList("fields", e.fields, [&](const ast::Field& f) { field(f); });
  addArgs("access", e.access, e.hasAccess);
  addSpan(e.accessSpan, "accessSpan");
  addSpan(e.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::database(const ast::Database& d) {
  node("database");
  addList("entities", d.entities, [&](const ast::Entity& e) { entity(e); });
  addSpan(d.span);
  out_.end();
}

// ----------------------------------------------------------------------- design system

template <class Out> void AstWriter<Out>::token(const ast::TokenEntry& t) {
  node(t.isGroup ? "tokenGroup" : "token");
  addName("key", t.key.name);
  if (t.isGroup) {
    out_.key("entries");
    list(t.group, [&](const ast::TokenEntry& e) { token(e); });
  } else {
    addExpr("value", t.value);
  }
  addSpan(t.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::designSystem(const ast::DesignSystem& d) {
  node("designSystem");
  addList("sections", d.sections, [&](const ast::TokenEntry& t) { token(t); });
  addSpan(d.span);
  out_.end();
}

// ---------------------------------------------------------------------------------- UI

template <class Out> void AstWriter<Out>::uiAttr(const ast::UiAttr& a) {
  node("uiAttr");
  addString("directive", ast::uiDirectiveName(a.kind));
  addName("name", a.name.name);
  addExpr("value", a.value);
  addString("loopVar", a.loopVar.name);
  addString("indexVar", a.indexVar.name);
  addSpan(a.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::uiNode(const ast::UiNode& n) {
  switch (n.kind) {
  case ast::UiNodeKind::Element:
    node("element");
    addName("tag", n.tag.name);
    addList("attrs", n.attrs, [&](const ast::UiAttr& a) { uiAttr(a); });
    addList("children", n.children, [&](const ast::UiNode& c) { uiNode(c); });
    addFlag("selfClosing", n.selfClosing);
    break;
  case ast::UiNodeKind::Text:
    node("text");
    addName("text", n.text);
    break;
  case ast::UiNodeKind::Expr:
    node("interpolation");
    addExpr("expr", n.expr);
    break;
  }
  addSpan(n.span);
  out_.end();
}

// ------------------------------------------------------------ pages, components, stores

template <class Out> void AstWriter<Out>::param(const ast::Param& p) {
  node("param");
  addName("name", p.name.name);
  addType("type", p.type);
  addExpr("default", p.defaultValue);
  addSpan(p.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::stateVar(const ast::StateVar& s) {
  node("state");
  addName("name", s.name.name);
  addType("type", s.type);
  addExpr("init", s.init);
  addSpan(s.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::action(const ast::Action& a) {
  node("action");
  addName("name", a.name.name);
  addList("params", a.params, [&](const ast::Param& p) { param(p); });
  addType("returnType", a.returnType);
  addBlock("body", a.body, /*present=*/true);
  addFlag("server", a.server);
  addSpan(a.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::styleOverride(const ast::StyleOverride& s) {
  node("styleOverride");
  addName("css", s.css);
  addSpan(s.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::container(const ast::UiContainer& c) {
  node(ast::uiContainerKindName(c.kind));
  addName("name", c.name.name);
  addArgs("headerArgs", c.headerArgs);
  addList("params", c.params, [&](const ast::Param& p) { param(p); });
  addList("state", c.state, [&](const ast::StateVar& s) { stateVar(s); });
  addList("onLoad", c.onLoad, [&](const ast::Block& b) { block(b); });
  addList("actions", c.actions, [&](const ast::Action& a) { action(a); });
  addList(
      "ui", c.ui, [&](const ast::UiNode& n) { uiNode(n); }, c.hasUi);
  addSpan(c.uiSpan, "uiSpan");
  if (c.styleOverride) {
    out_.key("styleOverride");
    styleOverride(*c.styleOverride);
  }
  addSpan(c.span);
  out_.end();
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

template <class Out> void AstWriter<Out>::step(const ast::Step& s) {
  const char* kind = ast::stepKindName(s.kind);
  node(kind);
  if (s.keyword.name != kind) addString("keyword", s.keyword.name);
  addString("binding", s.binding.name);
  addString("name", s.name.name);
  addString("target", s.target.name);
  addArgs(s.kind == ast::StepKind::Run ? "args" : "properties", s.args);
  addExpr(stepExprKey(s.kind), s.condition);
  addString("loopVar", s.loopVar.name);
  addExpr("iterable", s.iterable);
  addSteps("body", s.body);
  addSteps("else", s.elseBody, s.hasElse);
  addList("branches", s.branches,
          [&](const ast::StepList& b) { list(b, [&](const ast::Step& inner) { step(inner); }); });
  addString("catchVar", s.catchVar.name);
  addSteps("catch", s.catchBody, s.hasCatch);
  addSteps("finally", s.finallyBody, s.hasFinally);
  addSpan(s.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::trigger(const ast::Trigger& t) {
  node("trigger");
  addName("event", ast::triggerKindName(t.kind));
  addName("word", t.word.name);
  addArgs("args", t.args, t.hasParens);
  addFlag("bare", t.bare);
  addSpan(t.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::flowOption(const ast::FlowOption& f) {
  node("flowOption");
  addName("name", f.name.name);
  addArgs("props", f.props);
  addExpr("value", f.value);
  addSpan(f.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::workflow(const ast::Workflow& w) {
  auto name = [&](const ast::Ident& i) { out_.string(i.name); };
  node("workflow");
  addName("name", w.name.name);
  addList(
      "triggers", w.triggers, [&](const ast::Trigger& t) { trigger(t); }, w.hasTrigger);
  addList("input", w.input, [&](const ast::Param& p) { param(p); });
  addList("state", w.state, [&](const ast::StateVar& s) { stateVar(s); });
  addSteps("steps", w.steps, w.hasSteps);
  addArgs("retry", w.retry, w.hasRetry);
  addSpan(w.retrySpan, "retrySpan");
  addArgs("concurrency", w.concurrency, w.hasConcurrency);
  addSpan(w.concurrencySpan, "concurrencySpan");
  addList("flow", w.flow, [&](const ast::FlowOption& f) { flowOption(f); });
  addList("onError", w.onError, name);
  addSteps("onErrorSteps", w.onErrorSteps);
  addList("onFailure", w.onFailure, name);
  addSteps("onFailureSteps", w.onFailureSteps);
  addSpan(w.span);
  out_.end();
}

// ----------------------------------------------------------------------------- uploads

template <class Out> void AstWriter<Out>::uploadField(const ast::UploadField& f) {
  node("uploadField");
  addName("name", f.name.name);
  addArgs("props", f.props);
  addList("mime", f.mime, [&](const std::string& m) { out_.string(m); });
  addSpan(f.mimeSpan, "mimeSpan");
  addFlag("required", f.required);
  addSpan(f.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::upload(const ast::Upload& u) {
  node("upload");
  addName("name", u.name.name);
  addList("fields", u.fields, [&](const ast::UploadField& f) { uploadField(f); });
  addArgs("store", u.store, u.hasStore);
  addSpan(u.storeSpan, "storeSpan");
  addSpan(u.span);
  out_.end();
}

// ---------------------------------------------------------------------------- top level

template <class Out> void AstWriter<Out>::typeAlias(const ast::TypeAlias& a) {
  node("typeAlias");
  addName("name", a.name.name);
  out_.key("type");
  type(a.type);
  addSpan(a.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::enumDecl(const ast::EnumDecl& e) {
  node("enum");
  addName("name", e.name.name);
  out_.key("values");
  out_.beginArray();
  for (const ast::Ident& v : e.values) out_.string(v.name);
  out_.end();
  addSpan(e.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::auth(const ast::Auth& a) {
  node("auth");
  addArgs("settings", a.settings, true);
  addSpan(a.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::test(const ast::Test& t) {
  node("test");
  addName("name", t.name);
  addBlock("given", t.given, /*present=*/true);
  addList("stubs", t.stubs, [&](const ast::TestStub& s) {
    node("stub");
    addName("stepKind", s.kind.name);
    if (!s.name.name.empty()) addName("name", s.name.name);
    addFlag("throws", s.throws);
    addExpr("value", s.value);
    addSpan(s.span);
    out_.end();
  });
  if (t.hasRun) {
    addName("target", t.target.name);
    addArgs("args", t.args, true);
  }
  addList("expects", t.expects, [&](const ast::ExprPtr& e) { expr(*e); });
  addSpan(t.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::import(const ast::Import& i) {
  node("import");
  addName("path", i.path);
  addSpan(i.span);
  out_.end();
}

template <class Out> void AstWriter<Out>::fileHeader(const ast::File& f) {
  out_.key("astVersion");
  out_.number(kAstVersion);
  out_.key("file");
  if (f.id < sources_.size())
    out_.string(sources_.file(f.id).path);
  else
    out_.null();
}

// The top level always lists every section, so consumers need no existence checks there.
template <class Out>
template <class Visit>
void AstWriter<Out>::forEachList(const ast::File& f, Visit&& visit) {
  auto each = [&](const char* key, const auto& items, auto member) {
    visit(key, items, [member](AstWriter& w, const auto& item) { (w.*member)(item); });
  };
  each("imports", f.imports, &AstWriter::import);
  each("typeAliases", f.typeAliases, &AstWriter::typeAlias);
  each("databases", f.databases, &AstWriter::database);
  each("designSystems", f.designSystems, &AstWriter::designSystem);
  each("pages", f.pages, &AstWriter::container);
  each("components", f.components, &AstWriter::container);
  each("stores", f.stores, &AstWriter::container);
  each("workflows", f.workflows, &AstWriter::workflow);
  each("uploads", f.uploads, &AstWriter::upload);
  each("actions", f.actions, &AstWriter::action);
  // Only programs that declare `auth { }` have the key, so older consumers see the same text.
  if (!f.auths.empty()) each("auths", f.auths, &AstWriter::auth);
  if (!f.enums.empty()) each("enums", f.enums, &AstWriter::enumDecl);
  if (!f.tests.empty()) each("tests", f.tests, &AstWriter::test);
}

template <class Out> void AstWriter<Out>::file(const ast::File& f) {
  out_.beginObject();
  fileHeader(f);
  forEachList(f, [&](const char* key, const auto& items, auto write) {
    out_.key(key);
    out_.beginArray();
    for (const auto& item : items) write(*this, item);
    out_.end();
  });
  out_.end();
}

// The span of a top-level declaration (its file decides whether a filter keeps it).
template <class T> FileId fileOf(const T& declaration) {
  return declaration.span.file;
}

} // namespace

locus::OrderedJson astToJson(const ast::File& file, const SourceSet& sources) {
  TreeOut out;
  AstWriter<TreeOut>(out, sources).file(file);
  return out.take();
}

std::string astJsonText(const ast::File& file, const SourceSet& sources,
                        const std::function<bool(FileId)>& keep) {
  // Each kept declaration is written on its own (in parallel on two threads: the declarations
  // of a large program are thousands of independent pieces), then the pieces are joined.
  struct Piece {
    std::size_t list;
    std::function<void(std::string&)> write;
    std::string text;
  };
  std::vector<Piece> pieces;
  std::vector<const char*> keys;
  AstWriter<TextOut>::forEachList(file, [&](const char* key, const auto& items, auto write) {
    keys.push_back(key);
    for (const auto& item : items)
      if (!keep || keep(fileOf(item)))
        pieces.push_back({keys.size() - 1,
                          [&sources, &item, write](std::string& out) {
                            TextOut text(out);
                            AstWriter<TextOut> writer(text, sources);
                            write(writer, item);
                          },
                          {}});
  });
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> failures(pieces.size());
  auto work = [&] {
    for (std::size_t i; (i = next++) < pieces.size();) {
      try {
        pieces[i].write(pieces[i].text);
      } catch (...) { // text that is not UTF-8: rethrown below, on the caller's thread
        failures[i] = std::current_exception();
      }
    }
  };
  {
    std::jthread helper(work);
    work();
  }
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  std::string out;
  {
    TextOut header(out);
    header.beginObject(); // left open: the lists follow
    AstWriter<TextOut>(header, sources).fileHeader(file);
  }
  std::size_t p = 0;
  for (std::size_t list = 0; list < keys.size(); ++list) {
    out += ',';
    appendJsonString(out, keys[list]);
    out += ":[";
    for (bool first = true; p < pieces.size() && pieces[p].list == list; ++p, first = false) {
      if (!first) out += ',';
      out += pieces[p].text;
    }
    out += ']';
  }
  out += '}';
  return out;
}

} // namespace locus
