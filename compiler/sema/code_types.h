// The light type lattice of code checking. Only what the compiler knows for certain is a type;
// everything else is Any, and Any never causes a diagnostic.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
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
  const ast::EnumDecl* enumDecl = nullptr; // String: an enum, holding one of its values
  std::vector<std::string> literals;       // String: literals, one of which is the value

  static Type any() { return {}; }
  static Type of(Kind k) {
    Type t;
    t.kind = k;
    return t;
  }
  static Type entityOf(std::string name) {
    Type t = of(Kind::Entity);
    t.entity = std::move(name);
    return t;
  }
  static Type listOf(Type elem) {
    Type t = of(Kind::List);
    t.elem = std::make_shared<Type>(std::move(elem));
    return t;
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
// Strings into an enum: a literal must be one of its values, another enum or a plain string
// (whose text is unknown) never fits — the generated TypeScript types an enum as a union.
// A number, string or boolean (nullable or not).
bool isPrimitive(const Type& t);
bool certainlyIncompatible(const Type& target, const Type& value);

// One type for either of two strings (the branches of `c ? a : b`, the items of a list): the
// literals of both, an enum when both are it or its values, else a string of any text.
Type joinStrings(const Type& a, const Type& b);

// When `value` holds a string literal that is none of the values of the enum `target` (or the
// list of it) is, reports E0609 at `at` with the closest value and the list, and returns true.
bool reportValueOutsideEnum(const Type& target, const Type& value, Span at, DiagnosticSink& sink);

} // namespace locus
