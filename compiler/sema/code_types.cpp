#include "compiler/sema/code_types.h"

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
  auto alias = symbols.aliases.find(name);
  if (alias != symbols.aliases.end() && depth < 16) {
    const ast::TypeRef& ref = alias->second->type;
    Type t = namedType(ref.name.name, symbols, depth + 1);
    return ref.list ? Type::listOf(t) : t;
  }
  return Type::any();
}

bool isPrimitive(const Type& t) {
  return t.is(Kind::Number) || t.is(Kind::String) || t.is(Kind::Bool);
}

bool isComposite(const Type& t) {
  return t.is(Kind::List) || t.is(Kind::Object) || t.is(Kind::Entity);
}

} // namespace

std::string typeName(const Type& t) {
  if (t.nullable && !t.is(Kind::Any) && !t.is(Kind::Null))
    return typeName(t.nonNull()) + " or null";
  switch (t.kind) {
  case Kind::Any:
    return "any";
  case Kind::Number:
    return "number";
  case Kind::String:
    return "string";
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
  if (isPrimitive(target) && isPrimitive(value)) return target.kind != value.kind;
  if (target.is(Kind::List)) return isPrimitive(value);
  if (isPrimitive(target)) return isComposite(value) || value.is(Kind::Void);
  return false;
}

} // namespace locus
