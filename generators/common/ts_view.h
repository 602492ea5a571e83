// Plain template data for the TypeScript files: every value already written as a TypeScript
// literal, so templates only place text.
#pragma once

#include "compiler/base/ordered_json.h"
#include "generators/common/api_model.h"

#include <string>

namespace locus::api {

std::string tsString(const std::string& text); // a quoted, escaped string literal
// `"todo" | "doing" | "done"` (an enum), parenthesised when `parenthesise` (before `[]`).
std::string tsUnion(const std::vector<std::string>& values, bool parenthesise);
std::string tsType(const ApiField& field); // the type of the field in API responses
std::string lowerCamel(const std::string& name);

// {name, column, type, list, …} as the `field_spec` partial expects them.
OrderedJson fieldSpecView(const ApiField& field);

// The data of `entities/<table>.ts`.
OrderedJson entityView(const ApiEntity& entity);
// entityView without "fields" (what the files about all entities need).
OrderedJson entitySummaryView(const ApiEntity& entity);

} // namespace locus::api
