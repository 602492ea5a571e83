// textDocument/completion: what may be written at a position, from the tokens before it.
// Contexts: a tag name in markup (components), a tag's attributes (the component's params), the
// object of `where:` / create / update (the entity's fields), a type after `name:`, a step at the
// start of a line in a steps block (built-in and plugin step kinds), else keywords and names.
#pragma once

#include "compiler/lsp/workspace.h"

#include <nlohmann/json.hpp>

namespace locus::lsp {

nlohmann::json completeAt(Workspace& ws, ProjectFile& file, size_t offset);

} // namespace locus::lsp
