// JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) for API fields, entities and errors.
#pragma once

#include "generators/express/api_model.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

namespace locus::openapi {

// The schema of one field's value; `forInput` accepts what requests may send (BigInt and Decimal
// as number or text), otherwise what responses contain.
locus::OrderedJson fieldSchema(const api::ApiField& field, bool forInput);

// Response object, create/replace body (required keys) and patch body (no required keys).
locus::OrderedJson entitySchema(const api::ApiEntity& entity);
locus::OrderedJson entityWriteSchema(const api::ApiEntity& entity, bool patch);
locus::OrderedJson webhookInputSchema(const api::ApiWebhook& webhook);

locus::OrderedJson errorSchema();

} // namespace locus::openapi
