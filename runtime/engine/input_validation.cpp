// Workflow inputs against the workflow's `input` declarations: required keys, primitive types,
// lists, no unknown keys; defaults filled in.
#include "runtime/engine/executor.h"

#include <regex>
#include <set>

namespace locus::rt {

namespace {

std::string typeText(const Json& t) {
  return t.value("name", std::string("any")) + (t.value("list", false) ? "[]" : "");
}

bool matchesPrimitive(const std::string& type, const Json& v, const Program& program) {
  static const std::regex uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  static const std::regex dateTime(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$)");
  if (type == "Integer" || type == "BigInt") return v.is_number_integer();
  if (type == "Decimal" || type == "Float") return v.is_number();
  if (type == "Boolean") return v.is_boolean();
  if (type == "String" || type == "Text") return v.is_string();
  if (type == "Email") return v.is_string() && v.get<std::string>().find('@') != std::string::npos;
  if (type == "URL") return v.is_string() && v.get<std::string>().find("://") != std::string::npos;
  if (type == "UUID") return v.is_string() && std::regex_match(v.get<std::string>(), uuid);
  if (type == "DateTime") return v.is_string() && std::regex_match(v.get<std::string>(), dateTime);
  if (program.entities.count(type)) return v.is_object();
  return true; // Json, any, and names the compiler does not know
}

} // namespace

std::vector<std::string> validateInput(const Json& workflow, Json& input, const Program& program) {
  std::vector<std::string> problems;
  if (input.is_null()) input = Json::object();
  if (!input.is_object()) return {"the input must be a JSON object, got " + input.dump()};
  std::set<std::string> declared;
  for (const Json& p : workflow["input"]) {
    std::string name = p["name"].get<std::string>();
    declared.insert(name);
    const Json& t = p["type"];
    if (!input.contains(name)) {
      if (!p["default"].is_null()) {
        Scope none;
        EvalEnv env(program);
        input[name] = evalExpr(p["default"], none, env);
      } else if (!t.value("optional", false) && !t.value("nullable", false)) {
        problems.push_back("missing input `" + name + "` (" + typeText(t) + ")");
      }
      continue;
    }
    const Json& v = input[name];
    if (v.is_null()) {
      if (!t.value("nullable", false) && !t.value("optional", false))
        problems.push_back("input `" + name + "` is null but " + typeText(t) + " is required");
      continue;
    }
    if (t.value("kind", "") == "any") continue;
    std::string type = t.value("name", "any");
    bool ok = true;
    if (t.value("list", false)) {
      ok = v.is_array();
      for (size_t i = 0; ok && i < v.size(); ++i) ok = matchesPrimitive(type, v[i], program);
    } else {
      ok = matchesPrimitive(type, v, program);
    }
    if (!ok) problems.push_back("input `" + name + "` must be " + typeText(t) + ", got " + v.dump());
  }
  for (const auto& [key, value] : input.items())
    if (!declared.count(key)) {
      std::string known;
      for (const std::string& d : declared) known += (known.empty() ? "" : ", ") + d;
      problems.push_back("unknown input `" + key + "` (the workflow declares: " +
                         (known.empty() ? "nothing" : known) + ")");
    }
  return problems;
}

} // namespace locus::rt
