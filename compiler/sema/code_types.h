// The light type lattice of code checking. Only what the compiler knows for certain is a type;
// everything else is Any, and Any never causes a diagnostic.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/sema/symbols.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace locus {

struct Type {
  enum class Kind { Any, Number, String, Bool, Null, Entity, List, Object, Void };
  Kind kind = Kind::Any;
  std::string entity;         // Entity: its name
  std::shared_ptr<Type> elem; // List: the element type (null = Any)
  bool nullable = false;      // `T?` / `T | Null`: may hold null (member access needs a check)

  static Type any() { return {}; }
  static Type of(Kind k) { return Type{k, "", nullptr}; }
  static Type entityOf(std::string name) { return Type{Kind::Entity, std::move(name), nullptr}; }
  static Type listOf(Type elem) {
    return Type{Kind::List, "", std::make_shared<Type>(std::move(elem))};
  }
  bool is(Kind k) const { return kind == k; }
  Type element() const { return elem ? *elem : Type::any(); }
  Type nonNull() const {
    Type t = *this;
    t.nullable = false;
    return t;
  }
};

// "number", "string", "Post", "list of Post", "Post or null", …
std::string typeName(const Type& t);

// The type a declaration names: primitives, entities, aliases, lists; Any for anything else.
Type typeFromRef(const ast::TypeRef* ref, const Symbols& symbols);

// The type of `entity.field` (implicit `id` included), or nullopt if the entity has no such field.
std::optional<Type> fieldType(const ast::Entity& entity, const std::string& field,
                              const Symbols& symbols);
// Field names of an entity (for did-you-mean), including the implicit `id`.
std::vector<std::string> fieldNames(const ast::Entity& entity);

// True when a value of type `value` certainly cannot be stored where `target` is expected
// (e.g. a string into a number, a number into a list, null into a type that is not optional).
// Any never conflicts; entities conflict only with primitives.
bool certainlyIncompatible(const Type& target, const Type& value);

} // namespace locus
