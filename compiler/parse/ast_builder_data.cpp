// AST building for data: types, entities, fields and their attributes.
#include "compiler/parse/ast_builder_internal.h"

namespace locus::ast_build {

TypeRef AstBuilder::typeRef(P::TypeRefContext* ctx) {
  TypeRef t;
  if (!ctx) return t;
  t.span = span(ctx);
  t.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  if (tokenChild(ctx, P::LIST)) t.list = t.listOf = true;
  for (P::TypeSuffixContext* s : ruleChildren<P::TypeSuffixContext>(ctx, P::RuleTypeSuffix)) {
    if (as<P::OptionalSuffixContext>(s))
      t.optional = true;
    else if (as<P::ListSuffixContext>(s))
      t.list = true;
    else if (as<P::NullableSuffixContext>(s))
      t.nullable = true;
    else if (auto* u = as<P::UnionSuffixContext>(s)) {
      std::string other = text(ruleChild<P::IdentContext>(u, P::RuleIdent));
      if (other == "Null" || other == "null")
        t.nullable = true;
      else
        sink_.emit(DiagKind::UnknownType, span(u->ident()),
                   "union types other than `T | Null` are not supported");
    }
  }
  return t;
}

Entity AstBuilder::entity(P::EntityContext* ctx) {
  Entity e;
  e.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  e.span = span(ctx);
  for (P::FieldContext* f : ruleChildren<P::FieldContext>(ctx, P::RuleField))
    e.fields.push_back(field(f));
  for (P::AccessBlockContext* a : ruleChildren<P::AccessBlockContext>(ctx, P::RuleAccessBlock)) {
    e.hasAccess = true;
    e.accessSpan = span(a);
    for (Arg& rule : props(a->propsBlock())) e.access.push_back(std::move(rule));
  }
  return e;
}

EnumDecl AstBuilder::enumDecl(P::EnumDeclContext* ctx) {
  EnumDecl e;
  e.span = span(ctx);
  std::vector<P::IdentContext*> names = ruleChildren<P::IdentContext>(ctx, P::RuleIdent);
  for (size_t i = 0; i < names.size(); ++i)
    (i == 0 ? e.name : e.values.emplace_back()) = ident(names[i]);
  return e;
}

Field AstBuilder::field(P::FieldContext* ctx) {
  Field f;
  f.name = ident(ruleChild<P::IdentContext>(ctx, P::RuleIdent));
  f.span = span(ctx);
  P::FieldTypeContext* fieldType = ruleChild<P::FieldTypeContext>(ctx, P::RuleFieldType);
  if (auto* rel = as<P::RelationFieldContext>(fieldType)) {
    auto* k = ruleChild<P::RelationKindContext>(rel, P::RuleRelationKind);
    f.relation = tokenChild(k, P::HAS_MANY)     ? RelationKind::HasMany
                 : tokenChild(k, P::BELONGS_TO) ? RelationKind::BelongsTo
                                                : RelationKind::HasOne;
    f.type.name = ident(ruleChild<P::IdentContext>(rel, P::RuleIdent));
    f.type.span = f.type.name.span;
    f.type.list = f.relation == RelationKind::HasMany;
    for (antlr4::tree::ParseTree* child : rel->children) {
      if (isTerminalNode(child)) continue;
      auto* rule = static_cast<antlr4::ParserRuleContext*>(child);
      if (rule->getRuleIndex() == P::RuleAttribute) {
        std::vector<Attribute> more;
        f.attributes.push_back(attribute(static_cast<P::AttributeContext*>(rule), more));
        for (Attribute& m : more) f.attributes.push_back(std::move(m));
      } else if (auto* d = as<P::OnDeleteOptionContext>(rule)) {
        f.onDelete = ident(ruleChild<P::IdentContext>(d, P::RuleIdent));
      } else if (auto* i = as<P::InverseOptionContext>(rule)) {
        f.inverse = ident(ruleChild<P::IdentContext>(i, P::RuleIdent));
      }
    }
  } else if (auto* sc = as<P::ScalarFieldContext>(fieldType)) {
    f.type = typeRef(ruleChild<P::TypeRefContext>(sc, P::RuleTypeRef));
    if (tokenChild(ctx, P::OPTIONAL_COLON)) f.type.optional = true;
    for (P::AttributeContext* a : ruleChildren<P::AttributeContext>(sc, P::RuleAttribute)) {
      std::vector<Attribute> more;
      f.attributes.push_back(attribute(a, more));
      for (Attribute& m : more) f.attributes.push_back(std::move(m));
    }
  }
  return f;
}

// `@name(args)`, or the legacy `(unique, default: 0)` which may hold several attributes: the
// first is returned, the rest appended to `more`.
Attribute AstBuilder::attribute(P::AttributeContext* ctx, std::vector<Attribute>& more) {
  if (auto* at = as<P::AtAttributeContext>(ctx)) {
    Attribute a;
    a.name = ident(ruleChild<P::IdentContext>(at, P::RuleIdent));
    a.args = args(ruleChild<P::ArgListContext>(at, P::RuleArgList));
    a.span = span(at);
    return a;
  }
  auto* legacy = as<P::LegacyAttributeContext>(ctx);
  std::vector<Attribute> all;
  for (P::LegacyAttrContext* la : legacy->legacyAttr()) {
    Attribute a;
    a.name = ident(la->ident());
    a.legacy = true;
    a.span = span(la);
    if (la->expr()) a.args.push_back(Arg{{}, expr(la->expr())});
    all.push_back(std::move(a));
  }
  if (all.empty()) return {};
  for (size_t i = 1; i < all.size(); ++i) more.push_back(std::move(all[i]));
  return std::move(all[0]);
}

} // namespace locus::ast_build
