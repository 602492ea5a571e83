// IR types (docs/ir.md "Types") as TypeScript types.
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>

namespace locus::react {

// String/Text/Email/URL/UUID/DateTime/BigInt → string, Integer/Decimal/Float → number,
// Boolean → boolean, Json and untyped → Json (= any), entities by name; an enum (a type with
// "enum") is the union of its values' string literals.
std::string tsPrimitive(const std::string& primitive);

// The element type of an IR type, ignoring list/optional/nullable.
std::string tsBaseType(const locus::OrderedJson& type);

// The full type; optional and nullable both add `| null` (state, locals, entity fields).
std::string tsType(const locus::OrderedJson& type);
// The type of an IR entity field ({"type": primitive, "list", "optional", "nullable", "enum"?}).
std::string tsFieldType(const locus::OrderedJson& field);

// The type of a component prop (optional is expressed by `?:` instead).
std::string tsPropType(const locus::OrderedJson& type);

// The value a state variable without an initialiser starts with, or "" when the type has none
// (entities): the caller then makes the type nullable and starts with null.
std::string tsDefaultValue(const locus::OrderedJson& type);

bool isNumericType(const locus::OrderedJson& type);
bool isBooleanType(const locus::OrderedJson& type);
bool isStringType(const locus::OrderedJson& type);

} // namespace locus::react
