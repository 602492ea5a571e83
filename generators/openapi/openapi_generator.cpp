#include "generators/openapi/openapi_generator.h"
#include "generators/common/make_generator.h"

#include "generators/common/api_model.h"
#include "generators/common/json_document_file.h"
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
  if (std::optional<std::string> clash = openapi::nameClash(model)) {
    out.messages.push_back(
        {DiagKind::GeneratorFailed,
         "the OpenAPI document cannot be written: " + *clash + "; rename one of them", nullptr});
    return out;
  }
  out.files["server/openapi.json"] = jsonDocumentFile(
      input.templates, "openapi.json", "document", openapi::openapiDocumentText(model, title, 2));
  return out;
}

} // namespace

Generator openapiGenerator() {
  return makeGenerator("openapi",
                       "OpenAPI 3.1 document of the generated Express API (server/openapi.json)",
                       runOpenapi);
}

} // namespace locus
