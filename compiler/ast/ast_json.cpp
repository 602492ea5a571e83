#include "compiler/ast/ast_json.h"

namespace locus {
// Placeholder until implemented.
nlohmann::ordered_json astToJson(const ast::File&, const SourceSet&) { return {}; }
} // namespace locus
