// Shape validation of locus-plugin.json with valijson against the embedded schema.
#include "hooks/manifest/manifest_schema.h"

#include "compiler/base/suggest.h"

#include <algorithm>
#include <memory>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace locus::hooks {

namespace {

const nlohmann::json& schemaDocument() {
  static const nlohmann::json doc = nlohmann::json::parse(manifestSchemaText());
  return doc;
}

const valijson::Schema& compiledSchema() {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    const nlohmann::json& doc = schemaDocument();
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

// The schema node that describes the value at valijson `context` ($refs, properties,
// additionalProperties and items followed); null when the path leaves the schema.
const nlohmann::json* schemaAt(const std::vector<std::string>& context) {
  const nlohmann::json& root = schemaDocument();
  auto resolve = [&](const nlohmann::json* node) {
    while (node && node->is_object() && node->contains("$ref")) {
      std::string ref = (*node)["$ref"].get<std::string>(); // "#/definitions/subscription"
      node = &root.at(nlohmann::json::json_pointer(ref.substr(1)));
    }
    return node;
  };
  const nlohmann::json* node = &root;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    std::string inner = part.substr(1, part.size() - 2);
    node = resolve(node);
    if (!node || !node->is_object()) return nullptr;
    bool index = !inner.empty() && std::all_of(inner.begin(), inner.end(), ::isdigit);
    if (index && node->contains("items"))
      node = &(*node)["items"];
    else if (node->contains("properties") && (*node)["properties"].contains(inner))
      node = &(*node)["properties"][inner];
    else if (node->contains("additionalProperties") && (*node)["additionalProperties"].is_object())
      node = &(*node)["additionalProperties"];
    else
      return nullptr;
  }
  return resolve(node);
}

// "; did you mean 'requiresCore'?" for a misspelt field at `context`, from the schema's names.
std::string fieldSuggestion(const std::string& quotedName,
                            const std::vector<std::string>& context) {
  const nlohmann::json* node = schemaAt(context);
  if (!node || !node->is_object() || !node->contains("properties")) return "";
  std::vector<std::string> names;
  for (const auto& [key, value] : (*node)["properties"].items()) names.push_back(key);
  std::string name = quotedName;
  std::erase(name, '\'');
  return didYouMeanSuffix(name, names);
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
  if (field.starts_with("permissions.env") || field.starts_with("permissions.secrets"))
    return "an environment variable name: letters, digits and '_', not starting with a digit";
  return "it does not have the required form";
}

// "10.000000" → "10": valijson prints every bound as a double.
std::string trimZeros(std::string text) {
  for (std::size_t at; (at = text.find(".000000")) != std::string::npos;) text.erase(at, 7);
  return text;
}

// valijson words its messages for schema authors; say it for plugin authors.
std::string plainMessage(const std::string& description, const std::string& field,
                         const std::vector<std::string>& context) {
  if (description.find("'pattern' constraint") != std::string::npos)
    return "invalid value: " + patternHint(field);
  const std::string extra = "could not be validated using 'properties' or 'additionalProperties'";
  if (auto at = description.find(extra); at != std::string::npos) {
    auto quote = description.find('\'', at + extra.size());
    std::string name = quote == std::string::npos ? "" : description.substr(quote);
    while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
    return "unknown field " + name + fieldSuggestion(name, context);
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
    ManifestError err{file, field, plainMessage(e.description, field, e.context)};
    bool duplicate = std::any_of(out.begin(), out.end(), [&](const ManifestError& m) {
      return m.field == err.field && m.message == err.message;
    });
    if (!duplicate) out.push_back(std::move(err));
  }
  return out;
}

} // namespace locus::hooks
