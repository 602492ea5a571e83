// The front end as one call: inputs → parsed files → merged program → checked program.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/check_program.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace locus {

struct FrontEndOptions {
  ParseOptions parse;
  CheckOptions check;
  unsigned threads = 0; // 0 = one per core
  // Plugin hooks, filled by the driver (the front end knows nothing of plugins):
  // onPreParse rewrites each file's text before it is parsed; onPostParse sees each parsed file.
  std::function<std::string(const std::string& path, std::string text)> beforeParse;
  std::function<void(const std::vector<ast::File>& files, const SourceSet& sources)> afterParse;
};

struct FrontEndResult {
  std::unique_ptr<SourceSet> sources = std::make_unique<SourceSet>();
  std::vector<ast::File> files; // per-file ASTs (before merging); empty after merging
  ast::File program;            // merged
  DiagnosticSink diagnostics;
  bool ioError = false; // an input could not be read (exit status 2)
};

// `input` is a .locus file (its imports are followed) or a directory (all .locus files in it).
std::unique_ptr<FrontEndResult> runFrontEnd(const std::string& input,
                                            const FrontEndOptions& options);

// Parses every file of `sources` (in parallel); diagnostics are appended in file order.
std::vector<ast::File> parseAll(const SourceSet& sources, const std::vector<FileId>& ids,
                                const FrontEndOptions& options, DiagnosticSink& sink);

} // namespace locus
