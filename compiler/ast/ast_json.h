// The stable JSON form of the AST (`locusc ast FILE`), documented in docs/language/ast.md.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source_set.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace locus {

// Every node is an object with "kind" first and a "span": {"file","line","col","length"}
// (file is the path from `sources`). Keys appear in a fixed order (ordered_json), so the
// output is byte-stable for identical input.
locus::OrderedJson astToJson(const ast::File& file, const SourceSet& sources);

// The same document as compact JSON text (== jsonText(astToJson(file, sources))), written
// straight from the AST without a tree, the top-level declarations on two threads. With `keep`,
// only the top-level declarations whose span lies in a file it accepts are written (every list
// is still there, maybe empty). Throws nlohmann's type_error 316 for text that is not UTF-8.
std::string astJsonText(const ast::File& file, const SourceSet& sources,
                        const std::function<bool(FileId)>& keep = {});

} // namespace locus
