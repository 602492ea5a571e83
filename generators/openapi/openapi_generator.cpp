#include "generators/openapi/openapi_generator.h"

#include "generators/express/api_model.h"
#include "generators/express/ir_guard.h"
#include "generators/openapi/openapi_document.h"
#include "generators/templates/template_set.h"

namespace locus {

namespace {

GeneratorOutput runOpenapi(const GeneratorInput& input) {
  GeneratorOutput out;
  api::ApiModel model = api::buildApiModel(input.ir, input.options);
  std::string title = input.options.is_object() && input.options.contains("appName") &&
                              input.options["appName"].is_string()
                          ? input.options["appName"].get<std::string>()
                          : "locus-app";
  nlohmann::json view = {{"document", openapi::openapiDocument(model, title).dump(2)}};
  out.files["server/openapi.json"] = input.templates.render("openapi.json", view);
  return out;
}

} // namespace

Generator openapiGenerator() {
  Generator g;
  g.name = "openapi";
  g.description = "OpenAPI 3.1 document of the generated Express API (server/openapi.json)";
  g.run = [](const GeneratorInput& input) {
    return api::guardIr("openapi", [&] { return runOpenapi(input); });
  };
  return g;
}

} // namespace locus
