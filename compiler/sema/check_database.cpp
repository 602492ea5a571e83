// checkDatabase: entities, fields, types and aliases, attributes, defaults, relations.
// Every rule reports and moves on, so one run lists all problems of the data model.
#include "compiler/base/suggest.h"
#include "compiler/sema/checks.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <regex>
#include <unordered_map>
#include <unordered_set>

namespace locus {

namespace {

using ast::Attribute;
using ast::Entity;
using ast::Expr;
using ast::ExprKind;
using ast::Field;
using ast::RelationKind;

// ------------------------------------------------------------------------- small helpers

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

// Literal values as the user would write them, for messages and suggested rewrites.
std::string exprText(const Expr* e) {
  if (!e) return "…";
  switch (e->kind) {
  case ExprKind::Number:
  case ExprKind::Bool:
  case ExprKind::Name:
  case ExprKind::Size:
  case ExprKind::Duration:
  case ExprKind::Color:
    return e->text;
  case ExprKind::String:
    return "\"" + e->text + "\"";
  case ExprKind::Null:
    return "null";
  case ExprKind::Unary:
    return e->text + exprText(e->lhs.get());
  case ExprKind::Call:
    if (e->lhs && e->lhs->kind == ExprKind::Name && e->args.empty()) return e->lhs->text + "()";
    return "…";
  default:
    return "…";
  }
}

// A number literal, possibly negated.
const Expr* numberLiteral(const Expr* e, bool& negative) {
  negative = false;
  if (e && e->kind == ExprKind::Unary && (e->text == "-" || e->text == "+")) {
    negative = e->text == "-";
    e = e->lhs.get();
  }
  return e && e->kind == ExprKind::Number ? e : nullptr;
}

std::optional<double> numberValue(const Expr* e) {
  bool negative = false;
  const Expr* n = numberLiteral(e, negative);
  if (!n) return std::nullopt;
  double v = std::strtod(n->text.c_str(), nullptr);
  return negative ? -v : v;
}

bool isWholeNumber(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value of a whole-number literal, or nullopt when it is not one or does not fit int64.
std::optional<int64_t> integerValue(const Expr* e) {
  bool negative = false;
  const Expr* n = numberLiteral(e, negative);
  if (!n || !isWholeNumber(n->text)) return std::nullopt;
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(n->text.data(), n->text.data() + n->text.size(), magnitude);
  if (ec != std::errc() || magnitude > uint64_t(std::numeric_limits<int64_t>::max()))
    return std::nullopt;
  return negative ? -int64_t(magnitude) : int64_t(magnitude);
}

bool isPascalCase(const std::string& name) {
  if (name.empty() || !(name[0] >= 'A' && name[0] <= 'Z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(uint8_t(c)); });
}

std::string toPascalCase(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_' || c == '-') {
      upper = true;
      continue;
    }
    out += upper ? char(std::toupper(uint8_t(c))) : c;
    upper = false;
  }
  return out;
}

const char* relationKeyword(RelationKind k) {
  return ast::relationKindName(k);
}

const Field* findField(const Entity& entity, const std::string& name) {
  for (const Field& f : entity.fields)
    if (f.name.name == name) return &f;
  return nullptr;
}

// --------------------------------------------------------------------------- type resolution

bool isKnownTypeName(const std::string& name, const Symbols& symbols) {
  return isPrimitiveType(name) || symbols.entities.count(name) || symbols.aliases.count(name);
}

std::vector<std::string> scalarTypeCandidates(const Symbols& symbols) {
  std::vector<std::string> names = primitiveTypeNames();
  for (const auto& [name, alias] : symbols.aliases) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

void warnListOf(const ast::TypeRef& type, DiagnosticSink& sink) {
  if (!type.listOf) return;
  sink.emit(DiagKind::LegacyListOf, type.span,
            "`list of " + type.name.name + "` is legacy syntax; write `" + type.name.name + "[]`")
      .suggestion = type.optional || type.nullable ? "" : type.name.name + "[]";
}

// ---------------------------------------------------------------------------------- aliases

void checkAliasTarget(const ast::TypeAlias& alias, const Symbols& symbols, DiagnosticSink& sink) {
  warnListOf(alias.type, sink);
  const ast::Ident& target = alias.type.name;
  if (target.name.empty() || isKnownTypeName(target.name, symbols)) return;
  std::vector<std::string> candidates = scalarTypeCandidates(symbols);
  for (const std::string& e : symbols.entityNames()) candidates.push_back(e);
  std::string hint = didYouMean(target.name, candidates);
  sink.emit(DiagKind::UnknownType, target.span,
            "type alias " + quote(alias.name.name) + " refers to unknown type " +
                quote(target.name) + (hint.empty() ? "" : "; " + hint))
      .suggestion = closestMatch(target.name, candidates);
}

// Reports each alias cycle once, at the member declared first.
void checkAliasCycles(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  std::unordered_set<std::string> reported;
  for (const ast::TypeAlias& start : program.typeAliases) {
    if (reported.count(start.name.name)) continue;
    std::vector<const ast::TypeAlias*> path{&start};
    for (;;) {
      auto next = symbols.aliases.find(path.back()->type.name.name);
      if (next == symbols.aliases.end()) break;
      auto again = std::find(path.begin(), path.end(), next->second);
      if (again == path.end()) {
        path.push_back(next->second);
        continue;
      }
      if (again != path.begin()) break; // `start` only leads into a cycle; its members report it
      std::string chain;
      for (const ast::TypeAlias* a : path) chain += a->name.name + " -> ";
      Diagnostic& d =
          sink.emit(DiagKind::AliasCycle, start.name.span,
                    "type alias " + quote(start.name.name) + " is defined in terms of itself (" +
                        chain + start.name.name + "); make one of them a concrete type");
      for (const ast::TypeAlias* a : path) {
        reported.insert(a->name.name);
        if (a != &start)
          d.notes.push_back({a->name.span, quote(a->name.name) + " is part of the cycle"});
      }
      break;
    }
  }
}

// ------------------------------------------------------------------------------ attributes

// What an attribute check needs to know about the field it sits on.
struct FieldContext {
  const Entity& entity;
  const Field& field;
  const ResolvedType& type; // Unresolved for relations and unknown types
  const Symbols& symbols;
  DiagnosticSink& sink;

  bool relation() const { return field.relation != RelationKind::None; }
  std::string fieldName() const { return quote(field.name.name); }
};

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

void checkDefaultAttr(const Attribute& attr, FieldContext& ctx) {
  const Expr* v = argValue(attr, 0);
  if (attr.args.size() != 1 || !v) return badArguments(attr, ctx, "takes exactly one value");
  if (ctx.type.list) {
    ctx.sink.emit(DiagKind::ListDefault, attr.span,
                  "list field " + ctx.fieldName() + " cannot have a default; remove it");
    return;
  }
  if (v->kind == ExprKind::Call) return checkDefaultCall(*v, ctx);
  if (v->kind == ExprKind::Null) {
    if (!ctx.type.nullable)
      invalidDefault(*v, ctx,
                     "only nullable fields default to null; declare `" + ctx.field.name.name +
                         ": " + ctx.field.type.name.name + " | Null`");
    return;
  }
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

// @min(a) @max(b) with a > b can never be satisfied.
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

// ---------------------------------------------------------------------------- scalar fields

void reportUnknownFieldType(const Field& field, const Symbols& symbols, DiagnosticSink& sink) {
  std::vector<std::string> candidates = scalarTypeCandidates(symbols);
  std::string hint = didYouMean(field.type.name.name, candidates);
  sink.emit(DiagKind::UnknownType, field.type.name.span,
            "field " + quote(field.name.name) + " has unknown type " + quote(field.type.name.name) +
                (hint.empty() ? "" : "; " + hint))
      .suggestion = closestMatch(field.type.name.name, candidates);
}

void reportEntityTyped(const Field& field, const ResolvedType& type, DiagnosticSink& sink) {
  const char* rel = type.list ? "has_many" : "belongs_to";
  sink.emit(DiagKind::InvalidFieldType, field.type.name.span,
            "field " + quote(field.name.name) + " has entity type " + quote(type.name) +
                "; entity fields hold primitives, use a relation: `" + field.name.name + ": " +
                rel + " " + type.name + "`");
}

void checkFieldShape(const Field& field, const ResolvedType& type, DiagnosticSink& sink) {
  const std::string name = quote(field.name.name);
  if (type.nestedList)
    sink.emit(DiagKind::InvalidFieldType, field.type.span,
              "field " + name + " is a list of lists; fields hold primitives or lists of them");
  if (type.list && type.optional)
    sink.emit(DiagKind::OptionalList, field.type.span,
              "list field " + name + " cannot be optional; remove `?` (an empty list already " +
                  "means no values)");
  if (type.optional && type.nullable)
    sink.emit(DiagKind::OptionalAndNullable, field.type.span,
              "field " + name + " cannot be both optional and nullable; use either `" +
                  field.type.name.name + "?` or `" + field.type.name.name + " | Null`");
}

void checkScalarField(const Entity& entity, const Field& field, const Symbols& symbols,
                      DiagnosticSink& sink) {
  warnListOf(field.type, sink);
  ResolvedType type = resolveType(field.type, symbols);
  if (!field.type.name.name.empty() && !isKnownTypeName(field.type.name.name, symbols))
    reportUnknownFieldType(field, symbols, sink);
  if (type.kind == ResolvedType::Kind::Entity) {
    reportEntityTyped(field, type, sink);
    type.kind = ResolvedType::Kind::Unresolved; // no type-dependent attribute checks
  }
  checkFieldShape(field, type, sink);
  FieldContext ctx{entity, field, type, symbols, sink};
  for (const Attribute& attr : field.attributes) checkAttribute(attr, ctx);
  checkMinBelowMax(ctx);
}

// ------------------------------------------------------------------------------- relations

void checkInverse(const Entity& entity, const Field& field, const Entity& target,
                  DiagnosticSink& sink) {
  const std::string& inverse = field.inverse.name;
  const Field* back = findField(target, inverse);
  if (back && back->relation != RelationKind::None && back->type.name.name == entity.name.name)
    return;
  std::vector<std::string> candidates;
  for (const Field& f : target.fields)
    if (f.relation != RelationKind::None && f.type.name.name == entity.name.name)
      candidates.push_back(f.name.name);
  std::string where = "inverse " + quote(inverse) + " of relation " +
                      quote(entity.name.name + "." + field.name.name);
  if (!back) {
    std::string hint = didYouMean(inverse, candidates);
    sink.emit(DiagKind::UnknownInverse, field.inverse.span,
              where + " is not a field of " + quote(target.name.name) +
                  (hint.empty() ? "; name a relation of " + quote(target.name.name) +
                                      " that points back to " + quote(entity.name.name)
                                : "; " + hint))
        .suggestion = closestMatch(inverse, candidates);
    return;
  }
  sink.emit(DiagKind::UnknownInverse, field.inverse.span,
            where + " must be a relation of " + quote(target.name.name) + " that points back to " +
                quote(entity.name.name))
      .notes.push_back({back->span, quote(target.name.name + "." + inverse) + " declared here"});
}

// The type a foreign key to `target` should have: the type of its `id` field, or Integer.
std::string foreignKeyType(const Entity* target) {
  const Field* id = target ? findField(*target, "id") : nullptr;
  return id && id->relation == RelationKind::None ? id->type.name.name : "Integer";
}

void checkForeignKey(const Entity& entity, const Field& field, const Entity* target,
                     DiagnosticSink& sink) {
  const std::string fkName = field.name.name + "Id";
  const Field* fk = findField(entity, fkName);
  if (fk && fk->relation == RelationKind::None) return;
  std::string fix = "add `" + fkName + ": " + foreignKeyType(target) + "`";
  if (!fk) {
    sink.emit(DiagKind::MissingForeignKey, field.name.span,
              "entity " + quote(entity.name.name) + " has no field " + quote(fkName) +
                  " for relation " + quote(field.name.name) + "; " + fix);
    return;
  }
  sink.emit(DiagKind::MissingForeignKey, field.name.span,
            "the foreign key " + quote(fkName) + " of relation " + quote(field.name.name) +
                " must be a scalar field, not a relation")
      .notes.push_back({fk->span, quote(fkName) + " declared here"});
}

void checkRelationField(const Entity& entity, const Field& field, const Symbols& symbols,
                        DiagnosticSink& sink) {
  const ast::Ident& targetName = field.type.name;
  auto it = symbols.entities.find(targetName.name);
  const Entity* target = it == symbols.entities.end() ? nullptr : it->second;
  if (!target && !targetName.name.empty()) { // an empty name is a syntax error, reported already
    std::vector<std::string> names = symbols.entityNames();
    std::string hint = didYouMean(targetName.name, names);
    sink.emit(DiagKind::UnknownRelationTarget, targetName.span,
              std::string(relationKeyword(field.relation)) + " relation " + quote(field.name.name) +
                  " names unknown entity " + quote(targetName.name) +
                  (hint.empty() ? "" : "; " + hint))
        .suggestion = closestMatch(targetName.name, names);
  }
  ResolvedType none;
  FieldContext ctx{entity, field, none, symbols, sink};
  if (!field.onDelete.name.empty()) {
    if (field.relation != RelationKind::BelongsTo)
      sink.emit(DiagKind::AttributeNotApplicable, field.onDelete.span,
                "on_delete does not apply to " + std::string(relationKeyword(field.relation)) +
                    " relation " + quote(field.name.name) + "; declare it on the belongs_to side");
    else
      checkDeletePolicy(field.onDelete, ctx, /*legacyDelete=*/false);
  }
  if (!field.inverse.name.empty() && target) checkInverse(entity, field, *target, sink);
  if (field.relation == RelationKind::BelongsTo) checkForeignKey(entity, field, target, sink);
  for (const Attribute& attr : field.attributes) checkAttribute(attr, ctx);
}

// ---------------------------------------------------------------------------------- entities

void checkDuplicateFields(const Entity& entity, DiagnosticSink& sink) {
  std::unordered_map<std::string, const Field*> seen;
  for (const Field& f : entity.fields) {
    auto [it, inserted] = seen.emplace(f.name.name, &f);
    if (inserted || f.name.name.empty()) continue;
    sink.emit(DiagKind::DuplicateMember, f.name.span,
              "field " + quote(f.name.name) + " is declared twice in entity " +
                  quote(entity.name.name) + "; rename or remove one")
        .notes.push_back({it->second->name.span, "first declared here"});
  }
}

void checkDuplicateHasOne(const Entity& entity, DiagnosticSink& sink) {
  std::unordered_map<std::string, const Field*> seen;
  for (const Field& f : entity.fields) {
    if (f.relation != RelationKind::HasOne) continue;
    auto [it, inserted] = seen.emplace(f.type.name.name, &f);
    if (inserted) continue;
    sink.emit(DiagKind::DuplicateHasOne, f.name.span,
              "entity " + quote(entity.name.name) + " has a second has_one relation to " +
                  quote(f.type.name.name) + "; keep one")
        .notes.push_back({it->second->name.span, "first has_one declared here"});
  }
}

void checkEntityName(const Entity& entity, DiagnosticSink& sink) {
  if (entity.name.name.empty() || isPascalCase(entity.name.name)) return;
  std::string fixed = toPascalCase(entity.name.name);
  sink.emit(DiagKind::NamingConvention, entity.name.span,
            "entity " + quote(entity.name.name) + " should be PascalCase: " + quote(fixed))
      .suggestion = fixed;
}

void checkEntity(const Entity& entity, const Symbols& symbols, DiagnosticSink& sink) {
  checkEntityName(entity, sink);
  checkDuplicateFields(entity, sink);
  checkDuplicateHasOne(entity, sink);
  for (const Field& f : entity.fields) {
    if (f.relation == RelationKind::None)
      checkScalarField(entity, f, symbols, sink);
    else
      checkRelationField(entity, f, symbols, sink);
  }
}

} // namespace

void checkDatabase(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  for (const ast::TypeAlias& alias : program.typeAliases) checkAliasTarget(alias, symbols, sink);
  checkAliasCycles(program, symbols, sink);
  for (const ast::Database& db : program.databases)
    for (const Entity& e : db.entities) checkEntity(e, symbols, sink);
}

} // namespace locus
