#include "compiler/lsp/completion.h"

#include "LocusLexer.h"
#include "compiler/lex/locus_scanner.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/symbols.h"

#include <set>

namespace locus::lsp {

namespace {

using L = locus_grammar::LocusLexer;

// LSP CompletionItemKind numbers.
enum ItemKind {
  Method = 2,
  Function = 3,
  Field = 5,
  Variable = 6,
  Class = 7,
  Property = 10,
  Keyword = 14,
  Snippet = 15,
  Struct = 22,
  Event = 23,
  TypeParameter = 25
};

const std::vector<std::string>& builtinStepKinds() {
  static const std::vector<std::string> kinds = {
      "run",      "if",       "forEach", "while",  "parallel",     "db_tx",      "try",
      "delay",    "schedule", "branch",  "return", "http_request", "send_email", "queue_publish",
      "wait_for", "break",    "continue"};
  return kinds;
}

const std::vector<std::string>& topLevelKeywords() {
  static const std::vector<std::string> words = {"entity", "database", "page",         "component",
                                                 "store",  "workflow", "action",       "upload",
                                                 "type",   "import",   "design_system"};
  return words;
}

const std::vector<std::string>& bodyKeywords() {
  static const std::vector<std::string> words = {
      "const",      "let",      "if",         "else",    "for",         "in",
      "while",      "return",   "throw",      "break",   "continue",    "await",
      "true",       "false",    "null",       "not",     "and",         "or",
      "state",      "param",    "on",         "load",    "ui",          "style_override",
      "trigger",    "input",    "steps",      "retry",   "concurrency", "on_error",
      "on_failure", "has_many", "belongs_to", "has_one", "on_delete",   "inverse"};
  return words;
}

struct Tok {
  size_t type;
  size_t start;
  size_t end;
};

// `typography.fontFamily` → `font-family`: the theme generator's names (docs/generators/theme.md).
std::string kebab(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c == '_' ? '-' : c;
    }
  }
  return out;
}

// The CSS custom property of a design token path: `spacing.md` → `--spacing-md`; colors drop
// their theme: `colors.light.primary` → `--color-primary`.
std::string cssVarOf(const std::string& path) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts[0] == "colors") return "--color-" + kebab(parts.back());
  std::string name = "-";
  for (const std::string& p : parts) name += "-" + kebab(p);
  return name;
}

class Items {
public:
  void add(const std::string& label, int kind, const std::string& detail = "",
           nlohmann::json textEdit = nullptr) {
    if (label.empty() || !seen_.insert(label).second) return;
    nlohmann::json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = detail;
    if (!textEdit.is_null()) item["textEdit"] = std::move(textEdit);
    list_.push_back(std::move(item));
  }
  nlohmann::json result() { return {{"isIncomplete", false}, {"items", std::move(list_)}}; }

private:
  std::set<std::string> seen_;
  nlohmann::json list_ = nlohmann::json::array();
};

// The members of the declaration named `name` of kind `kind`, anywhere in the project.
template <typename F>
void forMembers(Workspace& ws, SymbolKind kind, const std::string& name, F f) {
  for (ProjectFile* pf : ws.files())
    for (size_t i = 0; i < pf->index.symbols.size(); ++i) {
      const Symbol& s = pf->index.symbols[i];
      if (s.kind != kind || s.name != name) continue;
      for (const Symbol& m : pf->index.symbols)
        if (m.parent == static_cast<int>(i)) f(m);
    }
}

bool isEntity(Workspace& ws, const std::string& name) {
  for (ProjectFile* pf : ws.files())
    for (const Symbol& s : pf->index.symbols)
      if (s.kind == SymbolKind::Entity && s.name == name) return true;
  return false;
}

class Context {
public:
  Context(Workspace& ws, ProjectFile& file, size_t offset) : ws_(ws), file_(file), offset_(offset) {
    std::string_view text = std::string_view(file.text).substr(0, offset);
    LocusScanner scanner(text);
    for (RawToken t = scanner.next(); t.type != antlr4::Token::EOF; t = scanner.next()) {
      if (t.type != L::UI && t.type != L::STYLE_OVERRIDE) scanner.disarmPendingBlock();
      scanner.setLastVisibleType(t.type);
      toks_.push_back({t.type, t.start, t.stop + 1});
    }
    // The word being typed is not context.
    if (!toks_.empty() && toks_.back().end == offset &&
        (toks_.back().type == L::IDENT || toks_.back().type == L::TAG_NAME ||
         (toks_.back().type >= L::IMPORT && toks_.back().type <= L::THROWS)))
      toks_.pop_back();
    for (size_t i = 0; i < toks_.size(); ++i) {
      size_t t = toks_[i].type;
      if (t == L::LBRACE || t == L::LPAREN || t == L::LBRACK || t == L::UI_LBRACE ||
          t == L::TAG_LBRACE || t == L::CSS_LBRACE)
        open_.push_back(i);
      else if ((t == L::RBRACE || t == L::RPAREN || t == L::RBRACK || t == L::UI_RBRACE ||
                t == L::CSS_RBRACE) &&
               !open_.empty())
        open_.pop_back();
    }
  }

  nlohmann::json complete() {
    if (designTokenVar()) return items_.result();
    if (markupTag()) return items_.result();
    if (entityObject()) return items_.result();
    if (typePosition()) return items_.result();
    if (stepPosition()) return items_.result();
    general();
    return items_.result();
  }

private:
  size_t typeAt(size_t i) const { return i < toks_.size() ? toks_[i].type : 0; }
  std::string textAt(size_t i) const {
    return i < toks_.size() ? file_.text.substr(toks_[i].start, toks_[i].end - toks_[i].start) : "";
  }
  size_t last() const { return toks_.empty() ? 0 : toks_.back().type; }

  // `var(--sp|` in CSS or a style attribute → the design tokens' custom properties.
  bool designTokenVar() {
    size_t lineStart = file_.text.rfind('\n', offset_ ? offset_ - 1 : 0);
    size_t from = lineStart == std::string::npos ? 0 : lineStart + 1;
    std::string_view line = std::string_view(file_.text).substr(from, offset_ - from);
    size_t var = line.rfind("var(--");
    if (var == std::string_view::npos) return false;
    size_t dashes = var + 4;
    for (char c : line.substr(dashes + 2))
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    nlohmann::json range = file_.lines->rangeOf(from + dashes, offset_ - (from + dashes));
    for (ProjectFile* pf : ws_.files())
      for (const Symbol& s : pf->index.symbols)
        if (s.kind == SymbolKind::DesignToken) {
          std::string name = cssVarOf(s.detail);
          items_.add(name, 21 /* Constant */, s.detail, {{"range", range}, {"newText", name}});
        }
    return true;
  }

  // `<Na|` → components; `<Comp a="x" |` → Comp's params.
  bool markupTag() {
    if (last() == L::TAG_OPEN) {
      for (ProjectFile* pf : ws_.files())
        for (const Symbol& s : pf->index.symbols)
          if (s.kind == SymbolKind::Component) items_.add(s.name, Class, "component");
      for (const char* b : {"Stack", "Button", "Input", "Text", "Card", "Link", "Form", "Image",
                            "List", "Select", "Checkbox", "Heading", "if", "else"})
        items_.add(b, Class, "built-in");
      return true;
    }
    for (size_t i = toks_.size(); i-- > 0;) {
      size_t t = toks_[i].type;
      if (t == L::TAG_CLOSE || t == L::TAG_SLASH_CLOSE || t == L::UI_TEXT || t == L::UI_RBRACE)
        return false;
      if (t == L::TAG_OPEN) {
        std::string tag = textAt(i + 1);
        forMembers(ws_, SymbolKind::Component, tag, [&](const Symbol& m) {
          if (m.kind == SymbolKind::Param) items_.add(m.name, Property, m.detail);
        });
        for (const char* d : {"on:click", "bind:value", "for:each", "class"})
          items_.add(d, Keyword);
        return true;
      }
      if (t != L::TAG_NAME && t != L::TAG_EQ && t != L::TAG_STRING && t != L::TAG_BARE &&
          t != L::RBRACE && t != L::TAG_LBRACE)
        return false;
    }
    return false;
  }

  // Inside `{ … }` that is an argument of a call whose first argument is an entity:
  // find(E, where: { | }), create(E, { | }), update(E, id, { | }).
  bool entityObject() {
    if (open_.size() < 2 || typeAt(open_.back()) != L::LBRACE) return false;
    if (last() != L::LBRACE && last() != L::COMMA) return false;
    size_t paren = open_[open_.size() - 2];
    if (typeAt(paren) != L::LPAREN) return false;
    std::string entity = textAt(paren + 1);
    if (!isEntity(ws_, entity)) return false;
    forMembers(ws_, SymbolKind::Entity, entity,
               [&](const Symbol& m) { items_.add(m.name, Field, m.detail); });
    return true;
  }

  // After `name:` in an entity, state, input or parameter list.
  bool typePosition() {
    if (last() != L::COLON && last() != L::OPTIONAL_COLON) return false;
    if (open_.empty()) return false;
    size_t opener = open_.back();
    size_t before = typeAt(opener - 1);
    bool entityBody = opener >= 2 && typeAt(opener - 2) == L::ENTITY;
    bool declBlock = before == L::STATE || before == L::INPUT;
    bool paramList = typeAt(opener) == L::LPAREN && opener >= 2 &&
                     (typeAt(opener - 2) == L::ACTION || typeAt(opener - 2) == L::COMPONENT);
    bool paramMember = toks_.size() >= 3 && typeAt(toks_.size() - 3) == L::PARAM;
    if (!entityBody && !declBlock && !paramList && !paramMember) return false;
    for (const std::string& t : primitiveTypeNames()) items_.add(t, TypeParameter, "type");
    for (ProjectFile* pf : ws_.files())
      for (const Symbol& s : pf->index.symbols)
        if (s.kind == SymbolKind::Entity || s.kind == SymbolKind::TypeAlias)
          items_.add(s.name, s.kind == SymbolKind::Entity ? Struct : TypeParameter,
                     symbolKindName(s.kind));
    if (entityBody)
      for (const char* r : {"has_many", "belongs_to", "has_one"}) items_.add(r, Keyword);
    return true;
  }

  // At the start of a line inside a block of steps.
  bool stepPosition() {
    if (open_.empty() || typeAt(open_.back()) != L::LBRACE) return false;
    size_t lineStart = file_.text.rfind('\n', offset_ ? offset_ - 1 : 0);
    size_t from = lineStart == std::string::npos ? 0 : lineStart + 1;
    std::string_view lead = std::string_view(file_.text).substr(from, offset_ - from);
    while (!lead.empty() &&
           (std::isalnum(static_cast<unsigned char>(lead.back())) || lead.back() == '_'))
      lead.remove_suffix(1);
    if (lead.find_first_not_of(" \t") != std::string_view::npos) return false;
    bool inSteps = false;
    for (size_t o : open_) {
      size_t before = o ? typeAt(o - 1) : 0;
      inSteps |= before == L::STEPS || before == L::ON_ERROR || before == L::ON_FAILURE;
    }
    if (!inSteps) return false;
    size_t before = typeAt(open_.back() - 1);
    if (before == L::HTTP_REQUEST || before == L::SEND_EMAIL || before == L::QUEUE_PUBLISH ||
        before == L::WAIT_FOR || before == L::DELAY || before == L::SCHEDULE ||
        before == L::RETRY || before == L::CONCURRENCY || before == L::COLON)
      return false;
    for (const std::string& k : builtinStepKinds()) items_.add(k, Keyword, "step");
    for (const PluginStepKind& k : ws_.checkOptions().pluginSteps)
      items_.add(k.kind, Event, "step from plugin " + k.plugin);
    for (ProjectFile* pf : ws_.files())
      for (const Symbol& s : pf->index.symbols)
        if (s.kind == SymbolKind::Action && s.parent < 0)
          items_.add("run " + s.name, Function, s.detail);
    return true;
  }

  void general() {
    if (open_.empty()) {
      for (const std::string& k : topLevelKeywords()) items_.add(k, Keyword);
      return;
    }
    // Names in scope: the members of the declarations around the cursor.
    for (int s = enclosingSymbol(file_.index, offset_); s >= 0; s = file_.index.symbols[s].parent)
      for (const Symbol& m : file_.index.symbols)
        if (m.parent == s)
          items_.add(m.name, m.kind == SymbolKind::Action ? Method : Variable, m.detail);
    for (ProjectFile* pf : ws_.files())
      for (const Symbol& s : pf->index.symbols)
        if (s.parent < 0)
          items_.add(s.name, s.kind == SymbolKind::Entity ? Struct : Function,
                     symbolKindName(s.kind));
    for (const char* f : {"find", "findOne", "create", "update", "delete"})
      items_.add(f, Function, "data");
    for (const std::string& f : builtinFunctionNames()) items_.add(f, Function, "built-in");
    for (const std::string& k : bodyKeywords()) items_.add(k, Keyword);
  }

  Workspace& ws_;
  ProjectFile& file_;
  size_t offset_;
  std::vector<Tok> toks_;
  std::vector<size_t> open_; // indices of unclosed brackets
  Items items_;
};

} // namespace

nlohmann::json completeAt(Workspace& ws, ProjectFile& file, size_t offset) {
  return Context(ws, file, offset).complete();
}

} // namespace locus::lsp
