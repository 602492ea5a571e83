// What the language server knows about a project's names: every declaration (entities and their
// fields, pages, components and their params, state, actions, workflows with their inputs and
// named steps, uploads, type aliases, design tokens) and every identifier occurrence, file by file.
// Built from each file's AST before the files are merged (merging consumes them).
#pragma once

#include "compiler/ast/ast.h"

#include <string>
#include <string_view>
#include <vector>

namespace locus::lsp {

enum class SymbolKind {
  Entity,
  Field,
  Relation,
  Page,
  Component,
  Store,
  Workflow,
  Action,
  Upload,
  TypeAlias,
  Param,
  State,
  Input,
  Step,
  DesignToken,
};

const char* symbolKindName(SymbolKind kind);
int lspSymbolKind(SymbolKind kind); // the LSP SymbolKind number
bool isTopLevel(SymbolKind kind);

struct Symbol {
  SymbolKind kind = SymbolKind::Entity;
  std::string name;
  std::string detail;    // a type (`String @unique`, `has_many Order`) or a signature
  int parent = -1;       // index of the enclosing symbol in the same file, -1 at top level
  size_t nameOffset = 0; // bytes into the file
  size_t nameLength = 0;
  size_t offset = 0; // the whole declaration
  size_t length = 0;
};

// An identifier-like token: a name, a keyword used as a name, or a markup tag/attribute name.
struct Occurrence {
  size_t offset = 0;
  size_t length = 0;
  bool markup = false; // a tag or attribute name in markup (`<ProductCard product={p}>`)
};

struct FileIndex {
  std::vector<Symbol> symbols;
  std::vector<Occurrence> occurrences; // sorted by offset
};

// The declarations of a parsed file (its AST) and the identifier occurrences of its text.
FileIndex indexFile(const ast::File& file, std::string_view text);

// The innermost symbol whose declaration contains `offset`, or -1.
int enclosingSymbol(const FileIndex& index, size_t offset);
// The occurrence covering `offset` (or ending right at it), or nullptr.
const Occurrence* occurrenceAt(const FileIndex& index, size_t offset);

} // namespace locus::lsp
