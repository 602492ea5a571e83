// The stable JSON form of the AST (`locusc ast FILE`), documented in docs/language/ast.md.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

namespace locus {

// Every node is an object with "kind" first and a "span": {"file","line","col","length"}
// (file is the path from `sources`). Keys appear in a fixed order (ordered_json), so the
// output is byte-stable for identical input.
locus::OrderedJson astToJson(const ast::File& file, const SourceSet& sources);

} // namespace locus
