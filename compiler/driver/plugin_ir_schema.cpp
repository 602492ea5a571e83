#include "compiler/driver/plugin_ir_schema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace locus {

namespace {

// Parsed once: the schema is large and every onPreGenerate patch is validated against it.
struct ParsedIrSchema {
  nlohmann::json document = nlohmann::json::parse(irSchemaText());
  valijson::Schema schema;
  ParsedIrSchema() {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, schema);
  }
};

const ParsedIrSchema& parsedIrSchema() {
  static const ParsedIrSchema parsed;
  return parsed;
}

} // namespace

std::vector<std::string> irSchemaProblems(const nlohmann::json& ir) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(ir);
  if (validator.validate(parsedIrSchema().schema, target, &results)) return {};
  std::vector<std::string> problems;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string path;
    for (const std::string& part : error.context) path += part;
    problems.push_back(path + ": " + error.description);
  }
  if (problems.empty()) problems.push_back("the IR does not match compiler/ir/ir_schema.json");
  return problems;
}

} // namespace locus
