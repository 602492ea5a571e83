#include "compiler/lsp/navigation.h"

#include <algorithm>

namespace locus::lsp {

namespace {

std::string_view textOf(const ProjectFile& f, size_t offset, size_t length) {
  return std::string_view(f.text).substr(offset, length);
}

// The chain of declarations enclosing `offset` (innermost first).
std::vector<int> enclosingChain(const ProjectFile& f, size_t offset) {
  std::vector<int> chain;
  for (int s = enclosingSymbol(f.index, offset); s >= 0; s = f.index.symbols[s].parent)
    chain.push_back(s);
  return chain;
}

bool inside(const Symbol& s, size_t offset) {
  return offset >= s.offset && offset < s.offset + s.length;
}

} // namespace

std::vector<SymbolRef> resolveAt(Workspace& ws, ProjectFile& file, size_t offset) {
  const Occurrence* occ = occurrenceAt(file.index, offset);
  if (!occ) return {};
  std::string name(textOf(file, occ->offset, occ->length));
  // The declaration itself.
  for (size_t i = 0; i < file.index.symbols.size(); ++i)
    if (file.index.symbols[i].nameOffset == occ->offset) return {{&file, static_cast<int>(i)}};
  if (occ->markup) {
    // An attribute of `<Tag …>` means Tag's param; the tag name itself resolves as a name.
    std::string_view text = file.text;
    size_t lt = text.rfind('<', occ->offset);
    size_t tagStart = lt == std::string_view::npos ? 0 : lt + 1;
    if (tagStart < text.size() && text[tagStart] == '/') ++tagStart;
    if (lt != std::string_view::npos && tagStart != occ->offset) {
      size_t tagEnd = tagStart;
      while (tagEnd < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[tagEnd])) || text[tagEnd] == '_'))
        ++tagEnd;
      std::string_view tag = text.substr(tagStart, tagEnd - tagStart);
      for (ProjectFile* f : ws.files())
        for (size_t i = 0; i < f->index.symbols.size(); ++i) {
          const Symbol& s = f->index.symbols[i];
          if (s.name == name && s.kind == SymbolKind::Param && s.parent >= 0 &&
              f->index.symbols[s.parent].kind == SymbolKind::Component &&
              f->index.symbols[s.parent].name == tag)
            return {{f, static_cast<int>(i)}};
        }
      return {};
    }
  }
  std::vector<SymbolRef> all;
  for (ProjectFile* f : ws.files())
    for (size_t i = 0; i < f->index.symbols.size(); ++i)
      if (f->index.symbols[i].name == name) all.push_back({f, static_cast<int>(i)});
  // Members of the declarations around the name (a param, a state variable, an input).
  for (int scope : enclosingChain(file, occ->offset))
    for (const SymbolRef& r : all)
      if (r.file == &file && r.symbol().parent == scope) return {r};
  std::vector<SymbolRef> top;
  for (const SymbolRef& r : all)
    if (r.symbol().parent < 0) top.push_back(r);
  return top.empty() ? all : top;
}

std::vector<Location> referencesOf(Workspace& ws, const SymbolRef& target) {
  const Symbol& sym = target.symbol();
  std::vector<Location> out;
  const Symbol* parent = sym.parent >= 0 ? &target.file->index.symbols[sym.parent] : nullptr;
  bool containerLocal = parent && sym.kind != SymbolKind::Field && sym.kind != SymbolKind::Relation;
  for (ProjectFile* f : ws.files()) {
    for (const Occurrence& occ : f->index.occurrences) {
      if (textOf(*f, occ.offset, occ.length) != sym.name) continue;
      if (containerLocal && !(f == target.file && inside(*parent, occ.offset)) &&
          !(occ.markup && parent->kind == SymbolKind::Component))
        continue;
      // A use only counts when the name means this declaration there.
      std::vector<SymbolRef> meant = resolveAt(ws, *f, occ.offset);
      bool matches = std::any_of(meant.begin(), meant.end(), [&](const SymbolRef& r) {
        return r.file == target.file && r.index == target.index;
      });
      if (matches) out.push_back({f, occ.offset, occ.length});
    }
  }
  return out;
}

nlohmann::json locationJson(const Location& loc) {
  return {{"uri", uriFromPath(loc.file->path)},
          {"range", loc.file->lines->rangeOf(loc.offset, loc.length)}};
}

std::string hoverText(const SymbolRef& ref) {
  const Symbol& s = ref.symbol();
  std::string code = std::string(symbolKindName(s.kind)) + " " + s.name;
  if (!s.detail.empty()) {
    bool signature = s.kind == SymbolKind::Action;
    code += signature ? s.detail : (s.kind == SymbolKind::DesignToken ? " = " : ": ") + s.detail;
  }
  if (s.kind == SymbolKind::DesignToken) code = "design token " + s.detail;
  std::string md = "```locus\n" + code + "\n```";
  if (s.parent >= 0) {
    const Symbol& p = ref.file->index.symbols[s.parent];
    md += "\n\nin " + std::string(symbolKindName(p.kind)) + " `" + p.name + "`";
  }
  if (s.kind == SymbolKind::Entity) {
    md += "\n\n";
    for (const Symbol& m : ref.file->index.symbols)
      if (m.parent == ref.index) md += "- `" + m.name + ": " + m.detail + "`\n";
  }
  // Doc comments: the `//` lines directly above the declaration.
  std::string_view text = ref.file->text;
  size_t lineStart = text.rfind('\n', s.offset ? s.offset - 1 : 0);
  std::vector<std::string> docs;
  while (lineStart != std::string_view::npos && lineStart > 0) {
    size_t prev = text.rfind('\n', lineStart - 1);
    size_t begin = prev == std::string_view::npos ? 0 : prev + 1;
    std::string_view line = text.substr(begin, lineStart - begin);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line.substr(first, 2) != "//") break;
    std::string_view body = line.substr(first + 2);
    if (!body.empty() && body.front() == ' ') body.remove_prefix(1);
    docs.emplace_back(body);
    if (prev == std::string_view::npos) break;
    lineStart = prev;
  }
  if (!docs.empty()) {
    md += "\n\n";
    for (auto it = docs.rbegin(); it != docs.rend(); ++it) md += *it + "\n";
  }
  return md;
}

nlohmann::json documentSymbols(const ProjectFile& file) {
  const std::vector<Symbol>& syms = file.index.symbols;
  std::vector<nlohmann::json> nodes(syms.size());
  for (size_t i = 0; i < syms.size(); ++i) {
    const Symbol& s = syms[i];
    nodes[i] = {{"name", s.name},
                {"detail", s.detail},
                {"kind", lspSymbolKind(s.kind)},
                {"range", file.lines->rangeOf(s.offset, s.length)},
                {"selectionRange", file.lines->rangeOf(s.nameOffset, s.nameLength)},
                {"children", nlohmann::json::array()}};
  }
  // Children come after their parent in the list: attach from the end.
  nlohmann::json roots = nlohmann::json::array();
  for (size_t i = syms.size(); i-- > 0;) {
    if (syms[i].parent >= 0) {
      nlohmann::json& kids = nodes[static_cast<size_t>(syms[i].parent)]["children"];
      kids.insert(kids.begin(), std::move(nodes[i]));
    }
  }
  for (size_t i = 0; i < syms.size(); ++i)
    if (syms[i].parent < 0) roots.push_back(std::move(nodes[i]));
  return roots;
}

nlohmann::json workspaceSymbols(Workspace& ws, const std::string& query) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string q = lower(query);
  nlohmann::json out = nlohmann::json::array();
  for (ProjectFile* f : ws.files())
    for (const Symbol& s : f->index.symbols) {
      if (!q.empty() && lower(s.name).find(q) == std::string::npos) continue;
      nlohmann::json item = {{"name", s.name},
                             {"kind", lspSymbolKind(s.kind)},
                             {"location", locationJson({f, s.nameOffset, s.nameLength})}};
      if (s.parent >= 0) item["containerName"] = f->index.symbols[s.parent].name;
      out.push_back(std::move(item));
      if (out.size() >= 500) return out;
    }
  return out;
}

} // namespace locus::lsp
