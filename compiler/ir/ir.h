// Lowering: the validated, merged program → the public, versioned IR (docs/ir.md).
// The IR is a JSON API (`locusc ir` prints it; plugins and generators read it), so it is built
// as JSON directly; its JSON Schema is compiler/ir/ir_schema.json.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>

namespace locus {

// Bumped on every breaking change to the IR (a key renamed, removed or changing meaning).
// Adding keys or node kinds is not breaking; consumers ignore keys they do not know.
inline constexpr int kIrVersion = 1;

// `program` must have passed validation (runFrontEnd without errors): lowering reports nothing
// and assumes names resolve. Keys are written in a fixed order, so identical input gives
// byte-identical output.
struct LowerOptions {
  // When set, span paths are relative to this folder (the project root), so the IR — and the
  // build output made from it — does not depend on where the project sits on disk.
  std::string pathBase;
};
locus::OrderedJson lowerToIr(const ast::File& program, const SourceSet& sources,
                             const LowerOptions& options = {});

// The program's `test` blocks ({"testsVersion": 1, "tests": [...]}), for `locusc test`. Kept out
// of the IR so that tests never change what a project builds; expressions and statements have
// the IR's form (docs/language/testing.md).
locus::OrderedJson lowerTests(const ast::File& program, const SourceSet& sources,
                              const LowerOptions& options = {});

// The path an IR span gives for the source file `path` (relative to `pathBase` when set).
std::string irSpanPath(const std::string& path, const std::string& pathBase);

} // namespace locus
