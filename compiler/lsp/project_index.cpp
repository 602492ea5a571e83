#include "compiler/lsp/project_index.h"

#include "LocusLexer.h"
#include "compiler/lex/locus_scanner.h"

#include <algorithm>

namespace locus::lsp {

namespace {

using L = locus_grammar::LocusLexer;

std::string typeText(const ast::TypeRef& t) {
  std::string s = t.listOf ? "list of " + t.name.name : t.name.name;
  if (t.list && !t.listOf) s += "[]";
  if (t.optional) s += "?";
  if (t.nullable) s += " | Null";
  return s;
}

class Indexer {
public:
  explicit Indexer(FileIndex& out) : out_(out) {}

  int add(SymbolKind kind, const ast::Ident& name, Span whole, std::string detail, int parent) {
    if (name.name.empty() || !name.span.valid()) return -1;
    Symbol s;
    s.kind = kind;
    s.name = name.name;
    s.detail = std::move(detail);
    s.parent = parent;
    s.nameOffset = name.span.offset;
    s.nameLength = name.span.length;
    s.offset = whole.valid() ? whole.offset : name.span.offset;
    s.length = whole.valid() ? whole.length : name.span.length;
    out_.symbols.push_back(std::move(s));
    return static_cast<int>(out_.symbols.size()) - 1;
  }

  void params(const std::vector<ast::Param>& ps, SymbolKind kind, int parent) {
    for (const ast::Param& p : ps)
      add(kind, p.name, p.span, p.type ? typeText(*p.type) : "", parent);
  }
  void state(const std::vector<ast::StateVar>& vars, int parent) {
    for (const ast::StateVar& v : vars)
      add(SymbolKind::State, v.name, v.span, v.type ? typeText(*v.type) : "", parent);
  }
  void action(const ast::Action& a, int parent) {
    std::string sig = "(";
    for (size_t i = 0; i < a.params.size(); ++i) {
      if (i) sig += ", ";
      sig += a.params[i].name.name;
      if (a.params[i].type) sig += ": " + typeText(*a.params[i].type);
    }
    sig += ")";
    if (a.returnType) sig += ": " + typeText(*a.returnType);
    int self = add(SymbolKind::Action, a.name, a.span, sig, parent);
    params(a.params, SymbolKind::Param, self);
  }
  void container(const ast::UiContainer& c, SymbolKind kind) {
    int self = add(kind, c.name, c.span, "", -1);
    params(c.params, SymbolKind::Param, self);
    state(c.state, self);
    for (const ast::Action& a : c.actions) action(a, self);
  }
  void steps(const ast::StepList& list, int parent) {
    for (const ast::Step& s : list) {
      if (!s.name.name.empty()) add(SymbolKind::Step, s.name, s.span, s.keyword.name, parent);
      if (!s.binding.name.empty()) add(SymbolKind::Step, s.binding, s.span, s.keyword.name, parent);
      steps(s.body, parent);
      steps(s.elseBody, parent);
      for (const ast::StepList& b : s.branches) steps(b, parent);
      steps(s.catchBody, parent);
      steps(s.finallyBody, parent);
    }
  }
  void tokens(const std::vector<ast::TokenEntry>& entries, const std::string& prefix) {
    for (const ast::TokenEntry& e : entries) {
      std::string path = prefix.empty() ? e.key.name : prefix + "." + e.key.name;
      if (e.isGroup)
        tokens(e.group, path);
      else
        add(SymbolKind::DesignToken, e.key, e.span, path, -1);
    }
  }

private:
  FileIndex& out_;
};

std::string fieldDetail(const ast::Field& f) {
  if (f.relation != ast::RelationKind::None)
    return std::string(ast::relationKindName(f.relation)) + " " + f.type.name.name;
  std::string s = typeText(f.type);
  for (const ast::Attribute& a : f.attributes) s += " @" + a.name.name;
  return s;
}

bool isNameToken(size_t type) {
  return type == L::IDENT || type == L::TAG_NAME || (type >= L::IMPORT && type <= L::THROWS);
}

} // namespace

const char* symbolKindName(SymbolKind kind) {
  switch (kind) {
  case SymbolKind::Entity:
    return "entity";
  case SymbolKind::Field:
    return "field";
  case SymbolKind::Relation:
    return "relation";
  case SymbolKind::Page:
    return "page";
  case SymbolKind::Component:
    return "component";
  case SymbolKind::Store:
    return "store";
  case SymbolKind::Workflow:
    return "workflow";
  case SymbolKind::Action:
    return "action";
  case SymbolKind::Upload:
    return "upload";
  case SymbolKind::TypeAlias:
    return "type";
  case SymbolKind::Param:
    return "param";
  case SymbolKind::State:
    return "state";
  case SymbolKind::Input:
    return "input";
  case SymbolKind::Step:
    return "step";
  case SymbolKind::DesignToken:
    return "design token";
  }
  return "";
}

int lspSymbolKind(SymbolKind kind) {
  switch (kind) {
  case SymbolKind::Entity:
    return 23; // Struct
  case SymbolKind::Field:
    return 8; // Field
  case SymbolKind::Relation:
    return 8; // Field
  case SymbolKind::Page:
    return 2; // Module
  case SymbolKind::Component:
    return 5; // Class
  case SymbolKind::Store:
    return 19; // Object
  case SymbolKind::Workflow:
    return 12; // Function
  case SymbolKind::Action:
    return 6; // Method
  case SymbolKind::Upload:
    return 19; // Object
  case SymbolKind::TypeAlias:
    return 26; // TypeParameter
  case SymbolKind::Param:
    return 7; // Property
  case SymbolKind::State:
    return 13; // Variable
  case SymbolKind::Input:
    return 7; // Property
  case SymbolKind::Step:
    return 24; // Event
  case SymbolKind::DesignToken:
    return 14; // Constant
  }
  return 13;
}

bool isTopLevel(SymbolKind kind) {
  switch (kind) {
  case SymbolKind::Entity:
  case SymbolKind::Page:
  case SymbolKind::Component:
  case SymbolKind::Store:
  case SymbolKind::Workflow:
  case SymbolKind::Upload:
  case SymbolKind::TypeAlias:
    return true;
  default:
    return false;
  }
}

FileIndex indexFile(const ast::File& file, std::string_view text) {
  FileIndex out;
  Indexer ix(out);
  for (const ast::TypeAlias& t : file.typeAliases)
    ix.add(SymbolKind::TypeAlias, t.name, t.span, typeText(t.type), -1);
  for (const ast::Database& db : file.databases)
    for (const ast::Entity& e : db.entities) {
      int self = ix.add(SymbolKind::Entity, e.name, e.span, "", -1);
      for (const ast::Field& f : e.fields)
        ix.add(f.relation == ast::RelationKind::None ? SymbolKind::Field : SymbolKind::Relation,
               f.name, f.span, fieldDetail(f), self);
    }
  for (const ast::DesignSystem& ds : file.designSystems) ix.tokens(ds.sections, "");
  for (const ast::UiContainer& c : file.pages) ix.container(c, SymbolKind::Page);
  for (const ast::UiContainer& c : file.components) ix.container(c, SymbolKind::Component);
  for (const ast::UiContainer& c : file.stores) ix.container(c, SymbolKind::Store);
  for (const ast::Action& a : file.actions) ix.action(a, -1);
  for (const ast::Workflow& w : file.workflows) {
    int self = ix.add(SymbolKind::Workflow, w.name, w.span, "", -1);
    ix.params(w.input, SymbolKind::Input, self);
    ix.state(w.state, self);
    ix.steps(w.steps, self);
    ix.steps(w.onErrorSteps, self);
    ix.steps(w.onFailureSteps, self);
  }
  for (const ast::Upload& u : file.uploads) {
    int self = ix.add(SymbolKind::Upload, u.name, u.span, "", -1);
    for (const ast::UploadField& f : u.fields) ix.add(SymbolKind::Field, f.name, f.span, "", self);
  }

  LocusScanner scanner(text);
  for (RawToken t = scanner.next(); t.type != antlr4::Token::EOF; t = scanner.next()) {
    if (t.type != L::UI && t.type != L::STYLE_OVERRIDE) scanner.disarmPendingBlock();
    scanner.setLastVisibleType(t.type);
    if (isNameToken(t.type))
      out.occurrences.push_back({t.start, t.stop - t.start + 1, t.type == L::TAG_NAME});
  }
  return out;
}

int enclosingSymbol(const FileIndex& index, size_t offset) {
  int best = -1;
  for (size_t i = 0; i < index.symbols.size(); ++i) {
    const Symbol& s = index.symbols[i];
    if (offset < s.offset || offset > s.offset + s.length) continue;
    if (best < 0 || s.length <= index.symbols[best].length) best = static_cast<int>(i);
  }
  return best;
}

const Occurrence* occurrenceAt(const FileIndex& index, size_t offset) {
  auto it = std::upper_bound(index.occurrences.begin(), index.occurrences.end(), offset,
                             [](size_t o, const Occurrence& occ) { return o < occ.offset; });
  if (it == index.occurrences.begin()) return nullptr;
  --it;
  return offset <= it->offset + it->length ? &*it : nullptr;
}

} // namespace locus::lsp
