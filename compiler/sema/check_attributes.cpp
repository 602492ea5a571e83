// Field attributes and defaults: which attributes exist, their arguments, the fields they apply
// to, and default values that fit the field's type.
#include "compiler/base/suggest.h"
#include "compiler/sema/check_database_internal.h"
#include "compiler/sema/code_types.h"

#include <charconv>
#include <limits>
#include <regex>
#include <unordered_map>
#include <unordered_set>

namespace locus::database_check {

namespace {

// ------------------------------------------------------------------------------ attributes

const Expr* argValue(const Attribute& attr, size_t i) {
  return i < attr.args.size() ? attr.args[i].value.get() : nullptr;
}

void badArguments(const Attribute& attr, FieldContext& ctx, const std::string& what) {
  ctx.sink.emit(DiagKind::AttributeArguments, attr.span,
                "@" + attr.name.name + " on field " + ctx.fieldName() + " " + what);
}

void notApplicable(const Attribute& attr, FieldContext& ctx, const std::string& why) {
  ctx.sink.emit(DiagKind::AttributeNotApplicable, attr.name.span,
                "@" + attr.name.name + " does not apply to field " + ctx.fieldName() + ": " + why);
}

bool expectNoArgs(const Attribute& attr, FieldContext& ctx) {
  if (attr.args.empty()) return true;
  badArguments(attr, ctx, "takes no arguments; write `@" + attr.name.name + "`");
  return false;
}

// A single argument of the given literal kind.
const Expr* expectOneArg(const Attribute& attr, FieldContext& ctx, ExprKind kind,
                         const char* kindName) {
  const Expr* v = argValue(attr, 0);
  bool ok = attr.args.size() == 1 && v &&
            (kind == ExprKind::Number ? numberValue(v).has_value() : v->kind == kind);
  if (ok) return v;
  badArguments(attr, ctx,
               std::string("takes exactly one ") + kindName + ", e.g. `@" + attr.name.name +
                   (kind == ExprKind::Number ? "(1)`" : "(\"…\")`"));
  return nullptr;
}

// Numeric/string applicability; unresolved types were reported elsewhere.
bool requireNumeric(const Attribute& attr, FieldContext& ctx) {
  if (ctx.type.primitive() && !isNumericType(ctx.type.name)) {
    notApplicable(attr, ctx,
                  "it needs a numeric type (Integer, Decimal, BigInt, Float), not " +
                      ctx.type.name);
    return false;
  }
  return true;
}

bool requireString(const Attribute& attr, FieldContext& ctx) {
  if (ctx.type.primitive() && !isStringType(ctx.type.name)) {
    notApplicable(attr, ctx,
                  "it needs a string type (String, Text, UUID, Email, URL), not " + ctx.type.name);
    return false;
  }
  return true;
}

void checkFlagAttr(const Attribute& attr, FieldContext& ctx) {
  expectNoArgs(attr, ctx);
}

void checkEmailAttr(const Attribute& attr, FieldContext& ctx) {
  if (requireString(attr, ctx)) expectNoArgs(attr, ctx);
}

void checkMinMaxAttr(const Attribute& attr, FieldContext& ctx) {
  if (requireNumeric(attr, ctx)) expectOneArg(attr, ctx, ExprKind::Number, "number");
}

void checkMapAttr(const Attribute& attr, FieldContext& ctx) {
  expectOneArg(attr, ctx, ExprKind::String, "string (the column name)");
}

void checkPatternAttr(const Attribute& attr, FieldContext& ctx) {
  if (!requireString(attr, ctx)) return;
  const Expr* v = expectOneArg(attr, ctx, ExprKind::String, "string");
  if (!v) return;
  try {
    std::regex re(v->text, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    ctx.sink.emit(DiagKind::InvalidPattern, v->span,
                  "@pattern on field " + ctx.fieldName() + " is not a valid regular expression (" +
                      e.what() + ")");
  }
}

// @length(min, max) or @length(min: a, max: b) (either bound may be left out when named).
void checkLengthAttr(const Attribute& attr, FieldContext& ctx) {
  if (!requireString(attr, ctx)) return;
  const char* usage = "takes `(min, max)` or `(min: n, max: m)` with 0 <= min <= max";
  bool named = std::any_of(attr.args.begin(), attr.args.end(),
                           [](const ast::Arg& a) { return !a.name.name.empty(); });
  std::optional<int64_t> lo, hi;
  if (named) {
    for (const ast::Arg& a : attr.args) {
      std::optional<int64_t>& slot = a.name.name == "min" ? lo : hi;
      if ((a.name.name != "min" && a.name.name != "max") || slot)
        return badArguments(attr, ctx, usage);
      slot = integerValue(a.value.get());
      if (!slot || *slot < 0) return badArguments(attr, ctx, usage);
    }
  } else {
    if (attr.args.size() != 2) return badArguments(attr, ctx, usage);
    lo = integerValue(argValue(attr, 0));
    hi = integerValue(argValue(attr, 1));
    if (!lo || !hi || *lo < 0 || *hi < 0) return badArguments(attr, ctx, usage);
  }
  if (lo && hi && *lo > *hi)
    badArguments(attr, ctx,
                 "has min " + std::to_string(*lo) + " greater than max " + std::to_string(*hi));
}

// Accepted on_delete / @policy values ("delete" is the peer's legacy spelling of cascade).
const std::vector<std::string>& deletePolicies() {
  static const std::vector<std::string> names = {"cascade", "restrict", "set_null"};
  return names;
}

void checkSetNull(const ast::Ident& where, FieldContext& ctx) {
  const Field* fk = findField(ctx.entity, ctx.field.name.name + "Id");
  if (!fk || fk->relation != RelationKind::None) return; // E0203 covers it
  ResolvedType t = resolveType(fk->type, ctx.symbols);
  if (t.optional || t.nullable) return;
  ctx.sink
      .emit(DiagKind::InvalidOnDelete, where.span,
            "set_null on relation " + ctx.fieldName() + " needs an optional or nullable foreign " +
                "key; declare `" + fk->name.name + ": " + fk->type.name.name + "?`")
      .notes.push_back({fk->span, "foreign key " + quote(fk->name.name) + " declared here"});
}

// The value of on_delete or @policy.

void checkPolicyAttr(const Attribute& attr, FieldContext& ctx) {
  if (ctx.field.relation != RelationKind::BelongsTo) {
    notApplicable(attr, ctx, "a delete policy only applies to belongs_to relations");
    return;
  }
  const Expr* v = argValue(attr, 0);
  if (attr.args.size() != 1 || !v || v->kind != ExprKind::Name)
    return badArguments(attr, ctx, "takes one policy: cascade, restrict or set_null");
  checkDeletePolicy(ast::Ident{v->text, v->span}, ctx, /*legacyDelete=*/true);
}

// ------------------------------------------------------------------------------- defaults

const std::vector<std::string>& defaultFunctions() {
  static const std::vector<std::string> names = {"now", "uuid", "cuid", "nanoid", "autoincrement"};
  return names;
}

bool functionFitsType(const std::string& fn, const std::string& type) {
  if (fn == "now") return type == "DateTime";
  if (fn == "autoincrement") return type == "Integer" || type == "BigInt";
  return type == "String" || type == "Text" || type == "UUID"; // uuid, cuid, nanoid
}

void invalidDefault(const Expr& v, FieldContext& ctx, const std::string& why) {
  ctx.sink.emit(DiagKind::InvalidDefault, v.span,
                "invalid default " + exprText(&v) + " for field " + ctx.fieldName() + ": " + why);
}

void checkDefaultCall(const Expr& v, FieldContext& ctx) {
  const std::string fn = v.lhs && v.lhs->kind == ExprKind::Name ? v.lhs->text : "";
  const auto& allowed = defaultFunctions();
  if (std::find(allowed.begin(), allowed.end(), fn) == allowed.end()) {
    std::string hint = didYouMean(fn, allowed);
    Diagnostic& d = ctx.sink.emit(
        DiagKind::InvalidDefault, v.lhs ? v.lhs->span : v.span,
        "default function " + quote(fn.empty() ? "…" : fn) + " on field " + ctx.fieldName() +
            " is not allowed; use now(), uuid(), cuid(), nanoid() or autoincrement()" +
            (hint.empty() ? "" : " (" + hint + ")"));
    d.suggestion = closestMatch(fn, allowed);
    return;
  }
  if (!v.args.empty()) return invalidDefault(v, ctx, fn + "() takes no arguments");
  if (ctx.type.primitive() && !functionFitsType(fn, ctx.type.name))
    invalidDefault(v, ctx, fn + "() does not produce a " + ctx.type.name + " value");
}

void checkIntegerDefault(const Expr& v, FieldContext& ctx) {
  bool negative = false;
  const Expr* n = numberLiteral(&v, negative);
  if (!n || !isWholeNumber(n->text))
    return invalidDefault(v, ctx, ctx.type.name + " fields need a whole number");
  std::optional<int64_t> value = integerValue(&v);
  bool isInteger = ctx.type.name == "Integer";
  bool inRange = value && (!isInteger || (*value >= std::numeric_limits<int32_t>::min() &&
                                          *value <= std::numeric_limits<int32_t>::max()));
  if (inRange) return;
  invalidDefault(v, ctx,
                 isInteger ? "outside the Integer range -2147483648..2147483647; use BigInt"
                           : "outside the BigInt range (64-bit)");
}

// Which literal kinds a primitive accepts as a default ("" when it fits).
std::string literalMismatch(const Expr& v, const std::string& type) {
  bool number = numberValue(&v).has_value();
  if (isNumericType(type)) return number ? "" : type + " fields need a number";
  if (isStringType(type)) return v.kind == ExprKind::String ? "" : type + " fields need a string";
  if (type == "Boolean") return v.kind == ExprKind::Bool ? "" : "Boolean fields need true or false";
  if (type == "DateTime")
    return v.kind == ExprKind::String ? "" : "DateTime fields need now() or a date string";
  if (type == "Json") {
    bool ok = number || v.kind == ExprKind::String || v.kind == ExprKind::Bool ||
              v.kind == ExprKind::Array || v.kind == ExprKind::Object;
    return ok ? "" : "Json fields need a literal value";
  }
  return "";
}

// An enum field defaults to one of its values, written as a string (`@default("todo")`).
void checkEnumDefault(const Expr& v, FieldContext& ctx) {
  if (v.kind != ExprKind::String)
    return invalidDefault(v, ctx,
                          "an enum field defaults to one of its values, written as a string: "
                          "@default(\"" +
                              (ctx.type.enumDecl->values.empty()
                                   ? std::string("value")
                                   : ctx.type.enumDecl->values[0].name) +
                              "\")");
  Type expected = Type::of(Type::Kind::String);
  expected.enumDecl = ctx.type.enumDecl;
  Type given = Type::of(Type::Kind::String);
  given.literals = {v.text};
  reportValueOutsideEnum(expected, given, v.span, ctx.sink);
}

void checkDefaultAttr(const Attribute& attr, FieldContext& ctx) {
  const Expr* v = argValue(attr, 0);
  if (attr.args.size() != 1 || !v) return badArguments(attr, ctx, "takes exactly one value");
  if (ctx.type.list) {
    ctx.sink.emit(DiagKind::ListDefault, attr.span,
                  "list field " + ctx.fieldName() + " cannot have a default; remove it");
    return;
  }
  if (ctx.type.enumDecl && v->kind != ExprKind::Null) return checkEnumDefault(*v, ctx);
  if (v->kind == ExprKind::Call) return checkDefaultCall(*v, ctx);
  if (v->kind == ExprKind::Null) {
    if (!ctx.type.nullable)
      invalidDefault(*v, ctx,
                     "only nullable fields default to null; declare `" + ctx.field.name.name +
                         ": " + ctx.field.type.name.name + " | Null`");
    return;
  }
  if (v->kind == ExprKind::String && v->text.find('\0') != std::string::npos)
    return invalidDefault(*v, ctx,
                          "a database text cannot hold a NUL character (\\0); PostgreSQL rejects "
                          "it. Remove it from the default");
  if (!ctx.type.primitive()) return;
  if ((ctx.type.name == "Integer" || ctx.type.name == "BigInt") && numberValue(v))
    return checkIntegerDefault(*v, ctx);
  std::string mismatch = literalMismatch(*v, ctx.type.name);
  if (!mismatch.empty()) invalidDefault(*v, ctx, mismatch);
}

// ------------------------------------------------------------------------- attribute table

using AttributeCheck = void (*)(const Attribute&, FieldContext&);

const std::unordered_map<std::string, AttributeCheck>& attributeChecks() {
  static const std::unordered_map<std::string, AttributeCheck> table = {
      {"unique", checkFlagAttr},     {"id", checkFlagAttr},     {"index", checkFlagAttr},
      {"json", checkFlagAttr},       {"opaque", checkFlagAttr}, {"email", checkEmailAttr},
      {"default", checkDefaultAttr}, {"map", checkMapAttr},     {"policy", checkPolicyAttr},
      {"min", checkMinMaxAttr},      {"max", checkMinMaxAttr},  {"length", checkLengthAttr},
      {"pattern", checkPatternAttr},
  };
  return table;
}

std::vector<std::string> attributeNames() {
  std::vector<std::string> names;
  for (const auto& [name, check] : attributeChecks()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

// Attributes that describe a scalar value and so make no sense on a relation.
bool scalarOnly(const std::string& name) {
  static const std::unordered_set<std::string> names = {"default", "min",   "max", "length",
                                                        "pattern", "email", "json"};
  return names.count(name) != 0;
}

// The replacement is in the message only: the attribute's span excludes the parentheses.
void warnLegacy(const Attribute& attr, DiagnosticSink& sink) {
  const Expr* value = attr.args.empty() ? nullptr : attr.args.front().value.get();
  std::string modern = "@" + attr.name.name + (value ? "(" + exprText(value) + ")" : "");
  std::string legacy = "(" + attr.name.name + (value ? ": " + exprText(value) : "") + ")";
  sink.emit(DiagKind::LegacyAttribute, attr.span,
            "legacy attribute syntax `" + legacy + "`; write `" + modern + "` instead");
}

} // namespace

void checkDeletePolicy(const ast::Ident& value, FieldContext& ctx, bool legacyDelete) {
  const auto& allowed = deletePolicies();
  bool known = std::find(allowed.begin(), allowed.end(), value.name) != allowed.end() ||
               (legacyDelete && value.name == "delete");
  if (!known) {
    std::string hint = didYouMean(value.name, allowed);
    ctx.sink
        .emit(DiagKind::InvalidOnDelete, value.span,
              "unknown delete policy " + quote(value.name) + " on relation " + ctx.fieldName() +
                  "; use cascade, restrict or set_null" + (hint.empty() ? "" : " (" + hint + ")"))
        .suggestion = closestMatch(value.name, allowed);
    return;
  }
  if (value.name == "set_null") checkSetNull(value, ctx);
}

void checkAttribute(const Attribute& attr, FieldContext& ctx) {
  if (attr.legacy) warnLegacy(attr, ctx.sink);
  auto check = attributeChecks().find(attr.name.name);
  if (check == attributeChecks().end()) {
    std::vector<std::string> known = attributeNames();
    std::string hint = didYouMean(attr.name.name, known);
    ctx.sink
        .emit(DiagKind::UnknownAttribute, attr.name.span,
              "unknown attribute @" + attr.name.name + " on field " + ctx.fieldName() +
                  " has no effect" + (hint.empty() ? "" : "; " + hint))
        .suggestion = closestMatch(attr.name.name, known);
    return;
  }
  if (ctx.relation() && scalarOnly(attr.name.name))
    return notApplicable(attr, ctx, "it is a relation, not a scalar value");
  check->second(attr, ctx);
}

void checkMinBelowMax(FieldContext& ctx) {
  const Attribute *min = nullptr, *max = nullptr;
  for (const Attribute& a : ctx.field.attributes) {
    if (a.name.name == "min" && a.args.size() == 1) min = &a;
    if (a.name.name == "max" && a.args.size() == 1) max = &a;
  }
  if (!min || !max) return;
  std::optional<double> lo = numberValue(argValue(*min, 0)), hi = numberValue(argValue(*max, 0));
  if (lo && hi && *lo > *hi)
    ctx.sink.emit(DiagKind::AttributeArguments, max->span,
                  "@max on field " + ctx.fieldName() + " is below @min; no value can satisfy both");
}

} // namespace locus::database_check
