// The OpenAPI 3.1 document of the generated API, built from the same api::ApiModel as the server.
#pragma once

#include "generators/express/api_model.h"

#include <nlohmann/json.hpp>

#include <string>

namespace locus::openapi {

nlohmann::ordered_json openapiDocument(const api::ApiModel& model, const std::string& title);

// `/api/orders/:id` → `/api/orders/{id}`.
std::string openapiPath(const std::string& expressPath);

} // namespace locus::openapi
