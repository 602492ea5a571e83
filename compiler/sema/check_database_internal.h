// Internal to the data-model checks (check_database.cpp, check_attributes.cpp): the helpers they
// share and what an attribute check knows about its field.
#pragma once

#include "compiler/sema/checks.h"

#include <cstdint>
#include <optional>
#include <string>

namespace locus::database_check {

using ast::Attribute;
using ast::Entity;
using ast::Expr;
using ast::ExprKind;
using ast::Field;
using ast::RelationKind;

std::string quote(const std::string& s);
std::string exprText(const Expr* e);
const Expr* numberLiteral(const Expr* e, bool& negative);
std::optional<double> numberValue(const Expr* e);
bool isWholeNumber(const std::string& text);
std::optional<int64_t> integerValue(const Expr* e);
bool isPascalCase(const std::string& name);
std::string toPascalCase(const std::string& name);
const char* relationKeyword(RelationKind k);
const Field* findField(const Entity& entity, const std::string& name);

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

// Checks one attribute against its field (unknown names, arguments, applicability, defaults).
void checkAttribute(const Attribute& attr, FieldContext& ctx);
// on_delete: cascade, restrict or set_null (which needs an optional or nullable foreign key);
// `legacyDelete` is the value of the old @policy(delete: …) form.
void checkDeletePolicy(const ast::Ident& value, FieldContext& ctx, bool legacyDelete);
// @min(a) @max(b) with a > b can never be satisfied.
void checkMinBelowMax(FieldContext& ctx);

} // namespace locus::database_check
