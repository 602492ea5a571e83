#include "compiler/sema/json_schema_check.h"

#include "compiler/base/suggest.h"

#include <cmath>
#include <optional>
#include <regex>

namespace locus {

namespace {

using nlohmann::json;

class SchemaChecker {
public:
  SchemaChecker(std::vector<SchemaViolation>& out, const json& root,
                const LiteralSchemaCheck& validateLiteral)
      : out_(out), root_(root), validateLiteral_(validateLiteral) {}

  void checkObject(const std::vector<ast::Arg>& entries, Span where, const json& schema,
                   const std::string& path);
  void checkValue(const ast::Expr& e, const json& schema, const std::string& path);

private:
  void report(Span span, std::string message) { out_.push_back({span, std::move(message)}); }
  bool checkType(const ast::Expr& e, const json& schema, const std::string& path);
  void checkEnum(const ast::Expr& e, const json& schema, const std::string& path);
  void checkBounds(const ast::Expr& e, const json& schema, const std::string& path);
  void checkPattern(const ast::Expr& e, const json& schema, const std::string& path);
  void checkWholeLiteral(const ast::Expr& e, const json& schema, const std::string& path);

  std::vector<SchemaViolation>& out_;
  const json& root_;
  const LiteralSchemaCheck& validateLiteral_;
};

std::string label(const std::string& path) {
  return path.empty() ? "the step" : "'" + path + "'";
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// The JSON value of a literal expression, or nullopt when it is computed at run time.
std::optional<json> literalValue(const ast::Expr& e) {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::Number: {
    if (e.text.find_first_of(".eE") == std::string::npos) {
      try {
        return json(std::stoll(e.text));
      } catch (...) {
      }
    }
    return json(std::strtod(e.text.c_str(), nullptr));
  }
  case ExprKind::String:
  case ExprKind::Duration:
  case ExprKind::Size:
  case ExprKind::Color:
    return json(e.text);
  case ExprKind::Bool:
    return json(e.text == "true");
  case ExprKind::Null:
    return json(nullptr);
  case ExprKind::Unary:
    if (e.text == "-" && e.lhs && e.lhs->kind == ExprKind::Number) {
      auto v = literalValue(*e.lhs);
      if (v && v->is_number_integer()) return json(-v->get<int64_t>());
      if (v) return json(-v->get<double>());
    }
    return std::nullopt;
  case ExprKind::Array: {
    json arr = json::array();
    for (const ast::Arg& a : e.args) {
      auto v = a.value ? literalValue(*a.value) : std::nullopt;
      if (!v) return std::nullopt;
      arr.push_back(*v);
    }
    return arr;
  }
  case ExprKind::Object: {
    json obj = json::object();
    for (const ast::Arg& a : e.args) {
      auto v = a.value ? literalValue(*a.value) : std::nullopt;
      if (!v) return std::nullopt;
      obj[a.name.name] = *v;
    }
    return obj;
  }
  default:
    return std::nullopt;
  }
}

// The JSON Schema type names a literal expression satisfies ("" when computed at run time).
bool literalHasType(const ast::Expr& e, const std::string& type) {
  using ast::ExprKind;
  auto v = literalValue(e);
  if (e.kind == ExprKind::Array) return type == "array";
  if (e.kind == ExprKind::Object) return type == "object";
  if (!v) return true;
  if (type == "string") return v->is_string();
  if (type == "number") return v->is_number();
  if (type == "integer")
    return v->is_number_integer() ||
           (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>());
  if (type == "boolean") return v->is_boolean();
  if (type == "null") return v->is_null();
  return false;
}

bool isComputed(const ast::Expr& e) {
  return e.kind != ast::ExprKind::Array && e.kind != ast::ExprKind::Object &&
         !literalValue(e).has_value();
}

std::string withArticle(const std::string& type) {
  if (type == "null") return "null";
  bool vowel = !type.empty() && std::string("aeiou").find(type[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + type;
}

std::string describe(const ast::Expr& e) {
  using ast::ExprKind;
  switch (e.kind) {
  case ExprKind::String:
  case ExprKind::Duration:
  case ExprKind::Size:
  case ExprKind::Color:
    return "a string";
  case ExprKind::Number:
    return e.text.find_first_of(".eE") == std::string::npos ? "an integer" : "a fractional number";
  case ExprKind::Bool:
    return "a boolean";
  case ExprKind::Null:
    return "null";
  case ExprKind::Array:
    return "an array";
  case ExprKind::Object:
    return "an object";
  default:
    return "a value";
  }
}

bool SchemaChecker::checkType(const ast::Expr& e, const json& schema, const std::string& path) {
  if (!schema.contains("type") || isComputed(e)) return true;
  const json& t = schema["type"];
  std::vector<std::string> types;
  if (t.is_string())
    types.push_back(t.get<std::string>());
  else if (t.is_array())
    for (const json& x : t)
      if (x.is_string()) types.push_back(x.get<std::string>());
  if (types.empty()) return true;
  for (const std::string& ty : types)
    if (literalHasType(e, ty)) return true;
  std::string expected;
  for (const std::string& ty : types)
    expected += (expected.empty() ? "" : " or ") + withArticle(ty);
  report(e.span, label(path) + " must be " + expected + ", not " + describe(e));
  return false;
}

void SchemaChecker::checkEnum(const ast::Expr& e, const json& schema, const std::string& path) {
  if (!schema.contains("enum") || !schema["enum"].is_array()) return;
  auto v = literalValue(e);
  if (!v) return;
  std::vector<std::string> names;
  for (const json& option : schema["enum"]) {
    if (option == *v) return;
    names.push_back(option.is_string() ? option.get<std::string>() : option.dump());
  }
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  std::string msg = label(path) + " must be one of: " + list;
  if (v->is_string()) {
    std::string hint = didYouMean(v->get<std::string>(), names);
    if (!hint.empty()) msg += "; " + hint;
  }
  report(e.span, msg);
}

void SchemaChecker::checkBounds(const ast::Expr& e, const json& schema, const std::string& path) {
  auto v = literalValue(e);
  if (!v) return;
  if (v->is_number()) {
    double x = v->get<double>();
    if (schema.contains("minimum") && schema["minimum"].is_number() &&
        x < schema["minimum"].get<double>())
      report(e.span, label(path) + " must be at least " + schema["minimum"].dump());
    if (schema.contains("maximum") && schema["maximum"].is_number() &&
        x > schema["maximum"].get<double>())
      report(e.span, label(path) + " must be at most " + schema["maximum"].dump());
  }
  if (v->is_string()) {
    size_t n = v->get<std::string>().size();
    if (schema.contains("minLength") && schema["minLength"].is_number_unsigned() &&
        n < schema["minLength"].get<size_t>())
      report(e.span,
             label(path) + " must have at least " + schema["minLength"].dump() + " characters");
    if (schema.contains("maxLength") && schema["maxLength"].is_number_unsigned() &&
        n > schema["maxLength"].get<size_t>())
      report(e.span,
             label(path) + " must have at most " + schema["maxLength"].dump() + " characters");
  }
}

// JSON Schema patterns are ECMA-262 regular expressions, unanchored (a search, not a match).
void SchemaChecker::checkPattern(const ast::Expr& e, const json& schema, const std::string& path) {
  auto v = literalValue(e);
  if (!v || !v->is_string() || !schema.contains("pattern") || !schema["pattern"].is_string())
    return;
  const std::string pattern = schema["pattern"].get<std::string>();
  try {
    if (!std::regex_search(v->get<std::string>(), std::regex(pattern, std::regex::ECMAScript)))
      report(e.span, label(path) + " must match the pattern '" + pattern + "'");
  } catch (const std::regex_error&) {
    // An unusable pattern is the plugin's problem; the full check (valijson) reports it.
  }
}

// Every keyword the subset above does not decide (anyOf, const, multipleOf, format, $ref, …),
// checked by the driver's full validator on a value that is literal as a whole.
void SchemaChecker::checkWholeLiteral(const ast::Expr& e, const json& schema,
                                      const std::string& path) {
  if (!validateLiteral_) return;
  std::optional<json> value = literalValue(e);
  if (!value) return;
  json self = schema;
  for (const char* defs : {"definitions", "$defs"})
    if (root_.is_object() && root_.contains(defs) && !self.contains(defs)) self[defs] = root_[defs];
  for (const auto& [at, message] : validateLiteral_(self, *value))
    report(e.span, label(at.empty() ? path : join(path, at)) + " " + message);
}

void SchemaChecker::checkObject(const std::vector<ast::Arg>& entries, Span where,
                                const json& schema, const std::string& path) {
  const json* props = schema.contains("properties") && schema["properties"].is_object()
                          ? &schema["properties"]
                          : nullptr;
  if (schema.contains("required") && schema["required"].is_array()) {
    for (const json& r : schema["required"]) {
      if (!r.is_string()) continue;
      bool present = false;
      for (const ast::Arg& a : entries) present = present || a.name.name == r.get<std::string>();
      if (!present)
        report(where, "missing required property '" + join(path, r.get<std::string>()) + "'");
    }
  }
  bool closed = schema.contains("additionalProperties") &&
                schema["additionalProperties"].is_boolean() &&
                !schema["additionalProperties"].get<bool>();
  std::vector<std::string> known;
  if (props)
    for (const auto& [k, v] : props->items()) known.push_back(k);
  for (const ast::Arg& a : entries) {
    if (!a.value) continue;
    std::string sub = join(path, a.name.name);
    if (props && props->contains(a.name.name)) {
      std::size_t before = out_.size();
      checkValue(*a.value, (*props)[a.name.name], sub);
      if (path.empty() && out_.size() == before)
        checkWholeLiteral(*a.value, (*props)[a.name.name], sub);
    } else if (closed) {
      std::string msg = "unknown property '" + sub + "'";
      std::string hint = didYouMean(a.name.name, known);
      report(a.name.span.valid() ? a.name.span : a.value->span,
             msg + (hint.empty() ? "; remove it" : "; " + hint));
    }
  }
}

void SchemaChecker::checkValue(const ast::Expr& e, const json& schema, const std::string& path) {
  if (!schema.is_object()) return;
  if (!checkType(e, schema, path)) return;
  checkEnum(e, schema, path);
  checkBounds(e, schema, path);
  checkPattern(e, schema, path);
  if (e.kind == ast::ExprKind::Object) checkObject(e.args, e.span, schema, path);
  if (e.kind == ast::ExprKind::Array && schema.contains("items") && schema["items"].is_object())
    for (size_t i = 0; i < e.args.size(); ++i)
      if (e.args[i].value)
        checkValue(*e.args[i].value, schema["items"], path + "[" + std::to_string(i) + "]");
}

} // namespace

std::vector<SchemaViolation> checkPropsAgainstSchema(const std::vector<ast::Arg>& props,
                                                     const nlohmann::json& schema, Span stepSpan,
                                                     const LiteralSchemaCheck& validateLiteral) {
  std::vector<SchemaViolation> out;
  if (!schema.is_object()) return out;
  SchemaChecker checker(out, schema, validateLiteral);
  checker.checkObject(props, stepSpan, schema, "");
  return out;
}

} // namespace locus
