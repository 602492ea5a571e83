// Compile-time check of a plugin step's properties against the JSON Schema the plugin declared.
// Only a subset of JSON Schema is understood (the part that can be decided on source literals):
//   type (a name or a list: string number integer boolean array object null), enum, required,
//   properties, additionalProperties: false, items, minimum, maximum, minLength, maxLength,
//   pattern. Every other keyword is checked by `validateLiteral` (valijson, from the driver) on a
// property whose whole value is literal and passed the checks above. A property whose value is not
// a literal (a name, call, operator…) is computed at run time and accepted for any type; the
// runtime validates it again.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/sema/check_program.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace locus {

struct SchemaViolation {
  Span span;           // the offending property (or the step when a required one is missing)
  std::string message; // lower-case, names the property path
};

// Checks the `key: expr` properties of a step against `schema` (the schema of the whole
// properties object). `stepSpan` locates problems that have no property of their own.
std::vector<SchemaViolation>
checkPropsAgainstSchema(const std::vector<ast::Arg>& props, const nlohmann::json& schema,
                        Span stepSpan, const LiteralSchemaCheck& validateLiteral = {});

} // namespace locus
