// The front end: inputs → parsed files → merged program → checked program. runFrontEnd runs it
// as one call; a driver that runs plugin hooks between the phases calls the phases itself:
//   readInputs → (rewrite texts) → parseSources, again for the imports it read → (look at the
//   files) → checkParsed.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/check_program.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace locus {

struct FrontEndOptions {
  ParseOptions parse;
  CheckOptions check;
  unsigned threads = 0; // 0 = one per core
};

struct FrontEndResult {
  std::unique_ptr<SourceSet> sources = std::make_unique<SourceSet>();
  std::vector<ast::File> files; // per-file ASTs (before merging); empty after merging
  ast::File program;            // merged
  DiagnosticSink diagnostics;
  bool ioError = false; // an input could not be read (exit status 2)
  // Reading state: imports are followed from a file input (not for a folder); each file once.
  bool followImports = false;
  std::set<std::string> readPaths;
};

// `input` is a .locus file (its imports are followed) or a directory (all .locus files in it).
std::unique_ptr<FrontEndResult> runFrontEnd(const std::string& input,
                                            const FrontEndOptions& options);

// A file read and not parsed yet; a driver may rewrite its text in between (onPreParse).
struct ReadFile {
  std::string path;
  std::string text;
};

// Reads the inputs: a folder's .locus files, or the file.
std::vector<ReadFile> readInputs(const std::string& input, FrontEndResult& result);

// Adds `files` to result.sources and parses them into result.files; for a file input, reads the
// new files they import and returns them (parse them next), else nothing.
std::vector<ReadFile> parseSources(std::vector<ReadFile> files, const FrontEndOptions& options,
                                   FrontEndResult& result);

// Merges the parsed files and checks the program; does nothing after a read or syntax error.
void checkParsed(const FrontEndOptions& options, FrontEndResult& result);

// Parses every file of `sources` (in parallel); diagnostics are appended in file order.
std::vector<ast::File> parseAll(const SourceSet& sources, const std::vector<FileId>& ids,
                                const FrontEndOptions& options, DiagnosticSink& sink);

} // namespace locus
