// checkDatabase: entities, fields, types and aliases, relations (field attributes and defaults are
// checked in check_attributes.cpp). Every rule reports and moves on, so one run lists all problems
// of the data model.
#include "compiler/base/suggest.h"
#include "compiler/sema/check_database_internal.h"
#include "compiler/sema/type_habits.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <unordered_set>

namespace locus {

namespace database_check {

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

} // namespace database_check

namespace {

using namespace database_check;

// --------------------------------------------------------------------------- type resolution

bool isKnownTypeName(const std::string& name, const Symbols& symbols) {
  return isPrimitiveType(name) || symbols.entities.count(name) || symbols.aliases.count(name) ||
         symbols.enums.count(name);
}

std::vector<std::string> scalarTypeCandidates(const Symbols& symbols) {
  std::vector<std::string> names = primitiveTypeNames();
  for (const auto& [name, alias] : symbols.aliases) names.push_back(name);
  for (const auto& [name, e] : symbols.enums) names.push_back(name);
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
  std::string hint = typeDidYouMean(target.name, candidates);
  sink.emit(DiagKind::UnknownType, target.span,
            "type alias " + quote(alias.name.name) + " refers to unknown type " +
                quote(target.name) + (hint.empty() ? "" : "; " + hint))
      .suggestion = closestType(target.name, candidates);
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

// ---------------------------------------------------------------------------- scalar fields

void reportUnknownFieldType(const Field& field, const Symbols& symbols, DiagnosticSink& sink) {
  std::vector<std::string> candidates = scalarTypeCandidates(symbols);
  std::string hint = typeDidYouMean(field.type.name.name, candidates);
  sink.emit(DiagKind::UnknownType, field.type.name.span,
            "field " + quote(field.name.name) + " has unknown type " + quote(field.type.name.name) +
                (hint.empty() ? "" : "; " + hint))
      .suggestion = closestType(field.type.name.name, candidates);
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