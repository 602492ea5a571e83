// The project as the language server sees it: the .locus files under the root, with the editor's
// unsaved text in place of the disk's for open documents. `analyze` runs the front end on it
// (parse, merge, check) and re-parses only what changed: each file keeps its AST, which is moved
// into the merged program for the check and moved back out afterwards (every node's span names
// its file). Design systems are merged into one block, so a file with one is parsed again, while
// the editor is idle.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lsp/project_index.h"
#include "compiler/lsp/text_positions.h"
#include "compiler/sema/check_program.h"

#include <functional>
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
  std::optional<ast::File> ast;             // parsed `text` (absent while merged, or to re-parse)
  FileId astId = kNoFile;                   // the FileId the AST's spans carry
  bool parsed = false;                      // index and parseDiagnostics match `text`
};

// Sees the merged program of an analysis that found no errors, with the files' texts by FileId
// (the server starts the plugins' checks from it).
using ValidProgramHook =
    std::function<void(const ast::File& program, std::shared_ptr<const SourceSet> sources)>;

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
  std::map<std::string, std::vector<Diagnostic>> analyze(const ValidProgramHook& onValid = {});
  // Parses one file that has no AST; false when all have one (nothing to do when idle).
  bool parseOneMissing();
  // Re-parses the files whose text changed since their last parse, so every index matches its
  // text (navigation needs exact offsets), without merging or checking.
  void ensureParsed();

  const CheckOptions& checkOptions() const { return check_; }

private:
  void scanDisk();
  void parseInto(ProjectFile& f, FileId id);
  void parseFiles(const std::vector<ProjectFile*>& files); // on up to two threads
  void giveBack(ast::File program, const std::vector<ProjectFile*>& all,
                const std::vector<bool>& hadDesign);

  std::string root_;
  CheckOptions check_;
  std::map<std::string, ProjectFile> files_;
};

} // namespace locus::lsp
