// The OpenAPI 3.1 document of the generated API, built from the same api::ApiModel as the server.
#pragma once

#include "generators/common/api_model.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace locus::openapi {

// Two parts of the API that would get one name in the document's `paths` or `components.schemas`
// (an entity called Error, or User next to UserPage): the first such name and what uses it.
std::optional<std::string> nameClash(const api::ApiModel& model);

// The document's JSON text (`indent` as in jsonText), for a model without a nameClash.
std::string openapiDocumentText(const api::ApiModel& model, const std::string& title, int indent);

// `/api/orders/:id` → `/api/orders/{id}`.
std::string openapiPath(const std::string& expressPath);

} // namespace locus::openapi
