#include "compiler/sema/code_types.h"

#include "compiler/base/suggest.h"

#include <algorithm>

namespace locus {

namespace {

using Kind = Type::Kind;

Type primitiveType(const std::string& name) {
  if (isNumericType(name)) return Type::of(Kind::Number);
  if (name == "Boolean") return Type::of(Kind::Bool);
  if (isStringType(name)) return Type::of(Kind::String);
  return Type::any(); // DateTime, Json, …: representation varies
}

Type namedType(const std::string& name, const Symbols& symbols, int depth) {
  if (isPrimitiveType(name)) return primitiveType(name);
  if (symbols.entities.count(name)) return Type::entityOf(name);
  if (auto e = symbols.enums.find(name); e != symbols.enums.end()) {
    Type t = Type::of(Kind::String);
    t.enumDecl = e->second;
    return t;
  }
  auto alias = symbols.aliases.find(name);
  if (alias != symbols.aliases.end() && depth < 16) {
    const ast::TypeRef& ref = alias->second->type;
    Type t = namedType(ref.name.name, symbols, depth + 1);
    return ref.list ? Type::listOf(t) : t;
  }
  return Type::any();
}

bool isComposite(const Type& t) {
  return t.is(Kind::List) || t.is(Kind::Object) || t.is(Kind::Entity);
}

std::vector<std::string> enumValues(const ast::EnumDecl& e) {
  std::vector<std::string> values;
  for (const ast::Ident& v : e.values) values.push_back(v.name);
  return values;
}

// The first of the value's literals that is none of the enum's values (`status = "dne"`).
const std::string* literalOutsideEnum(const ast::EnumDecl& e, const Type& value) {
  std::vector<std::string> values = enumValues(e);
  for (const std::string& literal : value.literals)
    if (std::find(values.begin(), values.end(), literal) == values.end()) return &literal;
  return nullptr;
}

// A string into an enum: only its own values, as literals or as the same enum.
bool stringOutsideEnum(const ast::EnumDecl& e, const Type& value) {
  if (value.enumDecl) return value.enumDecl != &e;
  return value.literals.empty() || literalOutsideEnum(e, value) != nullptr;
}

} // namespace

bool isPrimitive(const Type& t) {
  using Kind = Type::Kind;
  return t.is(Kind::Number) || t.is(Kind::String) || t.is(Kind::Bool);
}

std::string typeName(const Type& t) {
  if (t.nullable && !t.is(Kind::Any) && !t.is(Kind::Null))
    return typeName(t.nonNull()) + " or null";
  switch (t.kind) {
  case Kind::Any:
    return "any";
  case Kind::Number:
    return "number";
  case Kind::String:
    return t.enumDecl ? t.enumDecl->name.name : "string"; // an enum by its name, like an entity
  case Kind::Bool:
    return "boolean";
  case Kind::Null:
    return "null";
  case Kind::Entity:
    return t.entity;
  case Kind::List:
    return "list of " + typeName(t.element());
  case Kind::Object:
    return "object";
  case Kind::Void:
    return "nothing";
  }
  return "any";
}

Type typeFromRef(const ast::TypeRef* ref, const Symbols& symbols) {
  if (!ref) return Type::any();
  Type t = namedType(ref->name.name, symbols, 0);
  if (ref->list) t = Type::listOf(t);
  t.nullable = (ref->optional || ref->nullable) && !t.is(Kind::Any);
  return t;
}

std::optional<Type> fieldType(const ast::Entity& entity, const std::string& field,
                              const Symbols& symbols) {
  for (const ast::Field& f : entity.fields) {
    if (f.name.name != field) continue;
    switch (f.relation) {
    // A record carries its relations only when they were loaded with it, so they may be missing.
    case ast::RelationKind::HasMany: {
      Type t = Type::listOf(Type::entityOf(f.type.name.name));
      t.nullable = true;
      return t;
    }
    case ast::RelationKind::BelongsTo:
    case ast::RelationKind::HasOne: {
      Type t = Type::entityOf(f.type.name.name);
      t.nullable = true;
      return t;
    }
    case ast::RelationKind::None:
      return typeFromRef(&f.type, symbols);
    }
  }
  if (field == "id") return Type::any(); // implicit primary key (Int, or a declared UUID)
  return std::nullopt;
}

std::vector<std::string> fieldNames(const ast::Entity& entity) {
  std::vector<std::string> names{"id"};
  for (const ast::Field& f : entity.fields) names.push_back(f.name.name);
  return names;
}

bool certainlyIncompatible(const Type& target, const Type& value) {
  if (target.is(Kind::Any) || value.is(Kind::Any)) return false;
  // null (or a value that may be null) only fits where null is allowed.
  if (value.is(Kind::Null) || value.nullable) return !target.nullable;
  if (target.enumDecl && value.is(Kind::String)) return stringOutsideEnum(*target.enumDecl, value);
  if (isPrimitive(target) && isPrimitive(value)) return target.kind != value.kind;
  if (target.is(Kind::List) && value.is(Kind::List) && target.element().enumDecl)
    return certainlyIncompatible(target.element(), value.element());
  if (target.is(Kind::List)) return isPrimitive(value);
  if (isPrimitive(target)) return isComposite(value) || value.is(Kind::Void);
  // An entity takes a record of that entity (TypeScript: its interface), never a number (an id)
  // or another entity's record.
  if (target.is(Kind::Entity))
    return isPrimitive(value) || value.is(Kind::List) || value.is(Kind::Void) ||
           (value.is(Kind::Entity) && !value.entity.empty() && !target.entity.empty() &&
            value.entity != target.entity);
  return false;
}

Type joinStrings(const Type& a, const Type& b) {
  Type out = Type::of(Kind::String);
  if (a.enumDecl && a.enumDecl == b.enumDecl) {
    out.enumDecl = a.enumDecl;
  } else if (a.enumDecl || b.enumDecl) { // the enum, when the other side is its values
    const Type& e = a.enumDecl ? a : b;
    const Type& other = a.enumDecl ? b : a;
    if (!other.enumDecl && !stringOutsideEnum(*e.enumDecl, other)) out.enumDecl = e.enumDecl;
  } else if (!a.literals.empty() && !b.literals.empty()) {
    out.literals = a.literals;
    out.literals.insert(out.literals.end(), b.literals.begin(), b.literals.end());
  }
  out.nullable = a.nullable || b.nullable;
  return out;
}

bool reportValueOutsideEnum(const Type& target, const Type& value, Span at, DiagnosticSink& sink) {
  Type expected = target.is(Kind::List) ? target.element() : target;
  Type given = value.is(Kind::List) ? value.element() : value;
  if (!expected.enumDecl || !given.is(Kind::String)) return false;
  const std::string* literal = literalOutsideEnum(*expected.enumDecl, given);
  if (!literal) return false;
  std::vector<std::string> values = enumValues(*expected.enumDecl);
  std::string list;
  for (size_t i = 0; i < values.size(); ++i) // each once, though a value may be listed twice
    if (std::find(values.begin(), values.begin() + i, values[i]) == values.begin() + i)
      list += (list.empty() ? "" : ", ") + values[i];
  sink.emit(DiagKind::UnknownEnumValue, at,
            "\"" + *literal + "\" is not a value of enum '" + expected.enumDecl->name.name + "'" +
                didYouMeanSuffix(*literal, values) + " (its values: " + list + ")")
      .suggestion = closestMatch(*literal, values);
  return true;
}

} // namespace locus
