// The project as the language server sees it: the .locus files under the root, with the editor's
// unsaved text in place of the disk's for open documents. `analyze` runs the front end on it
// (parse, merge, check) and re-parses only what changed: each file keeps a spare parsed AST for
// the next analysis (merging consumes the ASTs), refilled while the editor is idle.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lsp/project_index.h"
#include "compiler/lsp/text_positions.h"
#include "compiler/sema/check_program.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace locus::lsp {

struct ProjectFile {
  std::string path;
  std::string text;
  bool open = false; // the editor owns the text
  FileIndex index;   // from the last parse of `text`
  std::unique_ptr<LineMap> lines;
  std::vector<Diagnostic> parseDiagnostics; // lexical and syntax errors of `text`
  std::optional<ast::File> spare;           // parsed `text`, not yet consumed by an analysis
  FileId spareId = kNoFile;                 // the FileId the spare's spans carry
  bool parsed = false;                      // index and parseDiagnostics match `text`
};

class Workspace {
public:
  Workspace(std::string root, CheckOptions check);

  const std::string& root() const { return root_; }
  void setText(const std::string& path, std::string text, bool open);
  void close(const std::string& path); // back to the disk's text
  void reloadFromDisk(const std::string& path);
  ProjectFile* file(const std::string& path);
  std::vector<ProjectFile*> files(); // sorted by path

  // Diagnostics per file path (every project file has an entry, possibly empty).
  std::map<std::string, std::vector<Diagnostic>> analyze();
  // Parses one file that has no spare AST; false when all have one (nothing to do when idle).
  bool refillOneSpare();
  // Re-parses the files whose text changed since their last parse, so every index matches its
  // text (navigation needs exact offsets), without merging or checking.
  void ensureParsed();

  const CheckOptions& checkOptions() const { return check_; }

private:
  void scanDisk();
  void parseInto(ProjectFile& f, FileId id);

  std::string root_;
  CheckOptions check_;
  std::map<std::string, ProjectFile> files_;
};

} // namespace locus::lsp
