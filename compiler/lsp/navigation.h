// Name resolution for the editor: which declaration a name at a position means, and where a
// declaration is used. By name and scope (the enclosing declarations first, then the top level,
// then members anywhere), over the identifier occurrences of every project file.
#pragma once

#include "compiler/lsp/workspace.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace locus::lsp {

struct SymbolRef {
  ProjectFile* file = nullptr;
  int index = -1;
  const Symbol& symbol() const { return file->index.symbols[static_cast<size_t>(index)]; }
};

struct Location {
  ProjectFile* file = nullptr;
  size_t offset = 0;
  size_t length = 0;
};

// The declarations the name at `offset` of `file` may mean (empty when it names none).
std::vector<SymbolRef> resolveAt(Workspace& ws, ProjectFile& file, size_t offset);
// The declaration's name and every use of it, in all files (sorted by file, then offset).
std::vector<Location> referencesOf(Workspace& ws, const SymbolRef& target);

nlohmann::json locationJson(const Location& loc);
// Markdown for hover: kind, name, detail, container and the `//` comments right above it.
std::string hoverText(const SymbolRef& ref);
// textDocument/documentSymbol (hierarchical) and workspace/symbol.
nlohmann::json documentSymbols(const ProjectFile& file);
nlohmann::json workspaceSymbols(Workspace& ws, const std::string& query);

} // namespace locus::lsp
