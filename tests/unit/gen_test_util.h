// Helpers for generator tests: the IR of a source text (through the real front end) and one
// generator run with built-in templates.
#pragma once

#include "compiler/ir/ir.h"
#include "compiler/parse/parse_file.h"
#include "compiler/sema/check_program.h"
#include "compiler/sema/merge.h"
#include "generators/generator.h"
#include "generators/templates/template_set.h"

#include <gtest/gtest.h>

#include <string>

namespace locus::testing {

// Whether generated text contains `part`.
inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Parses, merges, checks and lowers one source; any error fails the test unless `allowErrors`
// (IR a plugin or an older checker could hand a generator, which must still fail loudly).
inline locus::OrderedJson irOf(const std::string& source, bool allowErrors = false) {
  SourceSet sources;
  DiagnosticSink sink;
  FileId id = sources.add("app.locus", source);
  std::vector<ast::File> files;
  files.push_back(parseFile(id, sources.file(id).text, sink));
  ast::File program = mergeFiles(std::move(files), sink);
  checkProgram(program, CheckOptions{}, sink);
  for (const Diagnostic& d : sink.all())
    if (d.severity == Severity::Error && !allowErrors)
      ADD_FAILURE() << diagKindInfo(d.kind).code << " at " << d.span.line << ":" << d.span.col
                    << ": " << d.message;
  return lowerToIr(program, sources);
}

// Runs `gen` on `ir` with built-in templates (or overrides under `overrideDir`).
inline GeneratorOutput runGenerator(const Generator& gen, const locus::OrderedJson& ir,
                                    const nlohmann::json& options = nlohmann::json::object(),
                                    const GeneratedFiles& previous = {},
                                    const GeneratedFiles& upstream = {},
                                    const std::string& overrideDir = "") {
  TemplateSet templates(gen.name, overrideDir);
  GeneratorInput input{ir, options, templates, previous, upstream};
  return gen.run(input);
}

} // namespace locus::testing
