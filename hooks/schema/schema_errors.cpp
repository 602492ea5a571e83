#include "hooks/schema/schema_errors.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace locus::hooks {

using nlohmann::json;

namespace {

struct Compiled {
  json document; // valijson keeps pointers into it
  std::unique_ptr<valijson::Schema> schema;
  std::string error; // the schema is unusable
};

const Compiled& compiled(const json& schema) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Compiled>> cache;
  std::string key = schema.dump();
  std::lock_guard lock(mutex);
  std::unique_ptr<Compiled>& slot = cache[key];
  if (slot) return *slot;
  slot = std::make_unique<Compiled>();
  slot->document = schema;
  slot->schema = std::make_unique<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(slot->document);
    parser.populateSchema(adapter, *slot->schema);
  } catch (const std::exception& e) {
    slot->error = std::string("the step's JSON Schema is not usable: ") + e.what();
  }
  return *slot;
}

// valijson's context ["<root>", "[retry]", "[0]"] → "retry[0]".
std::string pathOf(const std::vector<std::string>& context) {
  std::string out;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    std::string inner = part.substr(1, part.size() - 2);
    bool index = !inner.empty() && std::all_of(inner.begin(), inner.end(), ::isdigit);
    out += index ? "[" + inner + "]" : (out.empty() ? "" : ".") + inner;
  }
  return out;
}

bool isPrefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// valijson words its messages for schema authors ("Failed to match regex specified by 'pattern'
// constraint."); the value's own schema says it better where it can.
std::string typeName(const json& v) {
  if (v.is_number_integer()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

std::string expectedTypes(const json& type) {
  std::string out;
  for (const json& t : type.is_array() ? type : json::array({type}))
    if (t.is_string()) {
      std::string name = t.get<std::string>();
      bool vowel = !name.empty() && std::string("aeiou").find(name[0]) != std::string::npos;
      out += (out.empty() ? "" : " or ") + (name == "null" ? name : (vowel ? "an " : "a ") + name);
    }
  return out;
}

std::string plain(const std::string& description, const json* node, const json* value) {
  auto has = [&](const char* key) { return node && node->is_object() && node->contains(key); };
  if (description.find("'type'") != std::string::npos && has("type") && value)
    return "must be " + expectedTypes((*node)["type"]) + ", not " + typeName(*value);
  if (description.find("'pattern'") != std::string::npos && has("pattern"))
    return "does not match the pattern '" + (*node)["pattern"].get<std::string>() + "'";
  if (description.find("'format'") != std::string::npos && has("format"))
    return "is not a valid " + (*node)["format"].dump();
  std::string text = description;
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// The schema node for a value path (properties and items only; enough to quote a pattern).
const json* nodeAt(const json& schema, const std::vector<std::string>& context) {
  const json* node = &schema;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    std::string inner = part.substr(1, part.size() - 2);
    if (!node->is_object()) return nullptr;
    if (node->contains("properties") && (*node)["properties"].contains(inner))
      node = &(*node)["properties"][inner];
    else if (node->contains("items") && (*node)["items"].is_object())
      node = &(*node)["items"];
    else
      return nullptr;
  }
  return node;
}

// The value at a valijson context, or null when the path leaves it.
const json* valueAt(const json& value, const std::vector<std::string>& context) {
  const json* v = &value;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2) continue;
    std::string inner = part.substr(1, part.size() - 2);
    if (v->is_object() && v->contains(inner))
      v = &(*v)[inner];
    else if (v->is_array() && !inner.empty() &&
             std::all_of(inner.begin(), inner.end(), ::isdigit) && std::stoul(inner) < v->size())
      v = &(*v)[std::stoul(inner)];
    else
      return nullptr;
  }
  return v;
}

} // namespace

std::vector<SchemaError> schemaErrors(const json& schema, const json& value) {
  const Compiled& c = compiled(schema);
  if (!c.error.empty()) return {{"", c.error}};
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(value);
  if (validator.validate(*c.schema, target, &results)) return {};
  std::vector<valijson::ValidationResults::Error> all(results.begin(), results.end());
  std::vector<SchemaError> out;
  for (const auto& e : all) {
    // "Failed to validate against schema associated with property name 'x'" repeats a deeper one.
    bool hasDeeper = std::any_of(all.begin(), all.end(), [&](const auto& other) {
      return isPrefix(e.context, other.context);
    });
    if (hasDeeper) continue;
    SchemaError error{pathOf(e.context),
                      plain(e.description, nodeAt(schema, e.context), valueAt(value, e.context))};
    bool duplicate = std::any_of(out.begin(), out.end(), [&](const SchemaError& s) {
      return s.path == error.path && s.message == error.message;
    });
    if (!duplicate) out.push_back(std::move(error));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> schemaErrorPairs(const json& schema,
                                                                  const json& value) {
  std::vector<std::pair<std::string, std::string>> out;
  for (SchemaError& e : schemaErrors(schema, value))
    out.emplace_back(std::move(e.path), std::move(e.message));
  return out;
}

std::string describeSchemaErrors(const std::vector<SchemaError>& errors) {
  std::string text;
  for (const SchemaError& e : errors)
    text += (text.empty() ? "" : "; ") + (e.path.empty() ? "" : "'" + e.path + "' ") + e.message;
  return text;
}

} // namespace locus::hooks
