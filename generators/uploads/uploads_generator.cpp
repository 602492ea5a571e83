#include "generators/uploads/uploads_generator.h"
#include "generators/common/make_generator.h"

#include "generators/common/api_model.h"
#include "generators/common/ts_view.h"
#include "generators/templates/template_set.h"

namespace locus {

namespace {

constexpr std::int64_t kDefaultMaxBytes = 10 * 1024 * 1024;

std::int64_t defaultMaxBytes(const nlohmann::json& options) {
  if (options.is_object() && options.contains("maxUploadBytes") &&
      options.at("maxUploadBytes").is_number_integer() &&
      options.at("maxUploadBytes").get<long long>() > 0)
    return options.at("maxUploadBytes").get<std::int64_t>();
  return kDefaultMaxBytes;
}

nlohmann::json policyView(const api::ApiUpload& u, std::int64_t maxBytes) {
  nlohmann::json fields = nlohmann::json::array();
  for (const api::ApiUploadField& f : u.fields) {
    nlohmann::json mime = nlohmann::json::array();
    for (const std::string& m : f.mime) mime.push_back({{"literal", api::tsString(m)}});
    fields.push_back({{"nameLiteral", api::tsString(f.name)},
                      {"maxSizeBytes", std::to_string(f.maxSizeBytes.value_or(maxBytes))},
                      {"maxCount", std::to_string(f.maxCount)},
                      {"mime", markPositions(mime)},
                      {"required", f.required ? "true" : "false"}});
  }
  std::string source =
      u.span.is_object() && u.span.contains("file")
          ? u.span.at("file").get<std::string>() + ":" + std::to_string(u.span.value("line", 0))
          : "the IR";
  return {{"name", u.name},
          {"nameLiteral", api::tsString(u.name)},
          {"constName", api::lowerCamel(u.name) + "Policy"},
          {"fileName", "policy_" + u.name},
          {"sourceFile", source},
          {"fields", fields},
          {"strategy", u.strategy},
          {"pathLiteral", api::tsString(u.path)},
          {"naming", u.naming}};
}

GeneratorOutput runUploads(const GeneratorInput& input) {
  GeneratorOutput out;
  api::ApiModel model = api::buildApiModel(input.ir, input.options);
  if (model.uploads.empty()) return out; // the app mounts no upload router then
  std::int64_t maxBytes = defaultMaxBytes(input.options);
  nlohmann::json policies = nlohmann::json::array();
  for (const api::ApiUpload& u : model.uploads) {
    if (u.strategy != "local")
      out.messages.push_back({DiagKind::GeneratorUnsupported,
                              "upload '" + u.name + "' uses storage strategy '" + u.strategy +
                                  "'; the generated server stores only locally and answers 501 "
                                  "for this policy; use `strategy: local`",
                              u.span});
    nlohmann::json view = policyView(u, maxBytes);
    out.files["server/src/uploads/" + view.at("fileName").get<std::string>() + ".ts"] =
        input.templates.render("upload_policy.ts", view);
    policies.push_back(view);
  }
  nlohmann::json index = {{"policies", markPositions(policies)}};
  out.files["server/src/uploads/index.ts"] = input.templates.render("index.ts", index);
  out.files["server/src/uploads/policy.ts"] = input.templates.render("policy.ts", index);
  out.files["server/src/uploads/multipart.ts"] = input.templates.render("multipart.ts", index);
  return out;
}

} // namespace

Generator uploadsGenerator() {
  return makeGenerator(
      "uploads", "upload policy modules with one multipart route per policy (server/src/uploads/)",
      runUploads);
}

} // namespace locus
