// Internal to compiler/ir: the parts of an entity's lowering (attributes.cpp, relations.cpp),
// driven by entities.cpp.
#pragma once

#include "compiler/ir/lower_context.h"

namespace locus::ir {

struct LoweredAttributes {
  Json known = Json::object(); // normalised: {"unique": true, "default": {…}, "min": 0, …}
  Json custom = Json::array(); // attributes the compiler does not know (kept for plugins)
};

// Normalises the attributes of a field or relation (docs/ir.md "Attributes").
LoweredAttributes lowerAttributes(const std::vector<ast::Attribute>& attrs, const Context& cx);

const ast::Field* findField(const ast::Entity& entity, const std::string& name);

// One relation field of `entity` with its foreign key, inverse and many-to-many detection.
Json lowerRelation(const ast::Entity& entity, const ast::Field& field, const Context& cx);

} // namespace locus::ir
