// Shape validation of locus-plugin.json with valijson against the embedded schema.
#include "hooks/manifest/manifest_schema.h"

#include <algorithm>
#include <memory>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace locus::hooks {

namespace {

const valijson::Schema& compiledSchema() {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    nlohmann::json doc = nlohmann::json::parse(manifestSchemaText());
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

// valijson's context is ["<root>", "[hooks]", "[onPreGenerate]", "[order]"] or "[0]" for array
// items; turn it into `hooks.onPreGenerate.order` / `steps[0].kind`.
std::string dottedPath(const std::vector<std::string>& context) {
  std::string out;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    std::string inner = part.substr(1, part.size() - 2);
    bool index = !inner.empty() && std::all_of(inner.begin(), inner.end(), ::isdigit);
    if (index)
      out += "[" + inner + "]";
    else
      out += (out.empty() ? "" : ".") + inner;
  }
  return out;
}

bool isPrefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// What a `pattern` in the schema means, by the field it applies to.
std::string patternHint(const std::string& field) {
  auto endsWith = [&](std::string_view suffix) { return field.ends_with(suffix); };
  if (field == "name" || (field.starts_with("generators[") && endsWith(".name")))
    return "use lower-case letters, digits and '-', starting with a letter (e.g. slack-notify)";
  if (field.starts_with("steps[") && endsWith(".kind"))
    return "use lower-case letters, digits and '_', starting with a letter (e.g. slack_post)";
  if (field.starts_with("permissions.env"))
    return "an environment variable name: letters, digits and '_', not starting with a digit";
  return "it does not have the required form";
}

// "10.000000" → "10": valijson prints every bound as a double.
std::string trimZeros(std::string text) {
  for (std::size_t at; (at = text.find(".000000")) != std::string::npos;) text.erase(at, 7);
  return text;
}

// valijson words its messages for schema authors; say it for plugin authors.
std::string plainMessage(const std::string& description, const std::string& field) {
  if (description.find("'pattern' constraint") != std::string::npos)
    return "invalid value: " + patternHint(field);
  const std::string extra = "could not be validated using 'properties' or 'additionalProperties'";
  if (auto at = description.find(extra); at != std::string::npos) {
    auto quote = description.find('\'', at + extra.size());
    std::string name = quote == std::string::npos ? "" : description.substr(quote);
    while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
    return "unknown field " + name;
  }
  return trimZeros(description);
}

} // namespace

std::vector<ManifestError> validateManifestShape(const nlohmann::json& doc,
                                                 const std::string& file) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(compiledSchema(), target, &results)) return {};
  std::vector<valijson::ValidationResults::Error> all(results.begin(), results.end());
  std::vector<ManifestError> out;
  for (const auto& e : all) {
    // A parent's "failed to validate property X" only repeats what the deeper error says.
    bool hasDeeper = std::any_of(all.begin(), all.end(), [&](const auto& other) {
      return isPrefix(e.context, other.context);
    });
    if (hasDeeper) continue;
    std::string field = dottedPath(e.context);
    ManifestError err{file, field, plainMessage(e.description, field)};
    bool duplicate = std::any_of(out.begin(), out.end(), [&](const ManifestError& m) {
      return m.field == err.field && m.message == err.message;
    });
    if (!duplicate) out.push_back(std::move(err));
  }
  return out;
}

} // namespace locus::hooks
