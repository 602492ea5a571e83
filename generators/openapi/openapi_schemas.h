// JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) for API fields, entities and errors.
#pragma once

#include "generators/express/api_model.h"

#include <nlohmann/json.hpp>

namespace locus::openapi {

// The schema of one field's value; `forInput` accepts what requests may send (BigInt and Decimal
// as number or text), otherwise what responses contain.
nlohmann::ordered_json fieldSchema(const api::ApiField& field, bool forInput);

// Response object, create/replace body (required keys) and patch body (no required keys).
nlohmann::ordered_json entitySchema(const api::ApiEntity& entity);
nlohmann::ordered_json entityWriteSchema(const api::ApiEntity& entity, bool patch);
nlohmann::ordered_json webhookInputSchema(const api::ApiWebhook& webhook);

nlohmann::ordered_json errorSchema();

} // namespace locus::openapi
