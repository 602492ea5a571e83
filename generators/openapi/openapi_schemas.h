// JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) for API fields, entities and errors, written
// straight into the document's stream (a large API has thousands of them).
#pragma once

#include "compiler/base/json_text.h"
#include "compiler/base/ordered_json.h"
#include "generators/common/api_model.h"

namespace locus::openapi {

// The schema of one field's value; `forInput` accepts what requests may send (BigInt and Decimal
// as number or text), otherwise what responses contain.
void writeFieldSchema(JsonStream& out, const api::ApiField& field, bool forInput);

// Response object, create/replace body (required keys) and patch body (no required keys).
void writeEntitySchema(JsonStream& out, const api::ApiEntity& entity);
void writeEntityWriteSchema(JsonStream& out, const api::ApiEntity& entity, bool patch);
void writeWebhookInputSchema(JsonStream& out, const api::ApiWebhook& webhook);
// The body of POST /api/actions/<name>: the action's parameters by name.
void writeActionArgumentsSchema(JsonStream& out, const api::ApiServerAction& action);

locus::OrderedJson errorSchema();

} // namespace locus::openapi
