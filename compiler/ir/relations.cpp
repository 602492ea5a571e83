// Relations: the foreign key each one uses, its inverse, and many-to-many detection.
//
// Rules (docs/ir.md "Relations"):
//  * belongs_to `customer` keeps its key on its own entity: `customerId`.
//  * has_many / has_one use the key of their partner, the belongs_to on the target that points
//    back (named by `inverse:` on either side, else the only candidate).
//  * has_many on both sides with no belongs_to between the two entities is many-to-many; both
//    sides name the same join table: the two table names in entity-name order joined by '_'
//    (Post.tags / Tag.posts → posts_tags), plus `_<field>` of the first end when the same two
//    entities have several many-to-many relations.
#include "compiler/ir/entity_parts.h"

#include "compiler/ir/naming.h"

#include <set>
#include <utility>

namespace locus::ir {

namespace {

using ast::Entity;
using ast::Field;
using ast::RelationKind;

bool pointsTo(const Field& f, const Entity& e) {
  return f.relation != RelationKind::None && f.type.name.name == e.name.name;
}

const Entity* entityNamed(const std::string& name, const Context& cx) {
  auto it = cx.symbols().entities.find(name);
  return it == cx.symbols().entities.end() ? nullptr : it->second;
}

// The only back-pointing field of `target` that `pred` accepts and that is not explicitly
// paired with some other field, or nullptr when there are none or several.
template <typename Pred>
const Field* onlyCandidate(const Entity& entity, const Field& field, const Entity& target,
                           Pred pred) {
  const Field* found = nullptr;
  for (const Field& g : target.fields) {
    if (&g == &field || !pointsTo(g, entity) || !pred(g)) continue;
    if (!g.inverse.name.empty() && g.inverse.name != field.name.name) continue;
    if (found) return nullptr;
    found = &g;
  }
  return found;
}

// The back-pointing field of `target` that `field` pairs with when neither side names the
// other: a belongs_to prefers a has_many/has_one, the others prefer a belongs_to, and a has_many
// falls back to a has_many (many-to-many).
const Field* inferredPartner(const Entity& entity, const Field& field, const Entity& target) {
  auto is = [](RelationKind k) { return [k](const Field& g) { return g.relation == k; }; };
  if (field.relation == RelationKind::BelongsTo)
    return onlyCandidate(entity, field, target,
                         [](const Field& g) { return g.relation != RelationKind::BelongsTo; });
  if (const Field* fk = onlyCandidate(entity, field, target, is(RelationKind::BelongsTo)))
    return fk;
  if (field.relation == RelationKind::HasMany)
    return onlyCandidate(entity, field, target, is(RelationKind::HasMany));
  return nullptr;
}

// The field of `target` at the other end of `field`, or nullptr: named by `inverse:` on either
// side, else inferred, but only when the inference agrees from both ends (two belongs_to to the
// same entity leave its has_many without a partner rather than picking one).
const Field* partnerOf(const Entity& entity, const Field& field, const Entity& target) {
  if (!field.inverse.name.empty()) {
    const Field* g = findField(target, field.inverse.name);
    return g && pointsTo(*g, entity) ? g : nullptr;
  }
  for (const Field& g : target.fields)
    if (&g != &field && pointsTo(g, entity) && g.inverse.name == field.name.name) return &g;
  const Field* g = inferredPartner(entity, field, target);
  if (!g || !g->inverse.name.empty()) return g;
  return inferredPartner(target, *g, entity) == &field ? g : nullptr;
}

bool hasBelongsTo(const Entity& from, const Entity& to) {
  for (const Field& f : from.fields)
    if (f.relation == RelationKind::BelongsTo && pointsTo(f, to)) return true;
  return false;
}

bool isManyToMany(const Entity& entity, const Field& field, const Entity& target,
                  const Field* partner) {
  return field.relation == RelationKind::HasMany && partner &&
         partner->relation == RelationKind::HasMany && !hasBelongsTo(entity, target) &&
         !hasBelongsTo(target, entity);
}

using End = std::pair<std::string, std::string>; // entity, field

// Both ends in a fixed order, so the two sides of a relation agree.
std::pair<End, End> orderedEnds(const Entity& a, const Field& fa, const Entity& b,
                                const Field& fb) {
  End x{a.name.name, fa.name.name}, y{b.name.name, fb.name.name};
  return x < y ? std::pair{x, y} : std::pair{y, x};
}

// How many distinct many-to-many relations join `a` and `b`.
size_t manyToManyCount(const Entity& a, const Entity& b) {
  std::set<std::pair<End, End>> pairs;
  for (const Field& f : a.fields) {
    if (!pointsTo(f, b)) continue;
    const Field* p = partnerOf(a, f, b);
    if (isManyToMany(a, f, b, p)) pairs.insert(orderedEnds(a, f, b, *p));
  }
  return pairs.size();
}

std::string joinTableName(const Entity& entity, const Field& field, const Entity& target,
                          const Field& partner) {
  auto [first, second] = orderedEnds(entity, field, target, partner);
  std::string name = tableName(first.first) + "_" + tableName(second.first);
  if (manyToManyCount(entity, target) > 1) name += "_" + snakeCase(first.second);
  return name;
}

std::string primaryKeyOf(const Entity* e) {
  if (!e) return "id";
  for (const Field& f : e->fields)
    for (const ast::Attribute& a : f.attributes)
      if (a.name.name == "id" && f.relation == RelationKind::None) return f.name.name;
  return "id";
}

bool foreignKeyOptional(const Entity& entity, const Field& field, const Context& cx) {
  if (field.type.optional || field.type.nullable) return true;
  const Field* fk = findField(entity, field.name.name + "Id");
  if (!fk || fk->relation != RelationKind::None) return false;
  ResolvedType t = resolveType(fk->type, cx.symbols());
  return t.optional || t.nullable;
}

// on_delete as written (or @policy), else restrict for a required key, set_null for an
// optional one (Prisma's defaults, so generated schemas agree across generators).
std::string onDeleteOf(const Field& field, bool optional, const Json& attributes) {
  if (!field.onDelete.name.empty()) return field.onDelete.name;
  if (attributes.contains("policy")) return attributes["policy"].get<std::string>();
  return optional ? "set_null" : "restrict";
}

} // namespace

const Field* findField(const Entity& entity, const std::string& name) {
  for (const Field& f : entity.fields)
    if (f.name.name == name) return &f;
  return nullptr;
}

Json lowerRelation(const Entity& entity, const Field& field, const Context& cx) {
  const Entity* target = entityNamed(field.type.name.name, cx);
  const Field* partner = target ? partnerOf(entity, field, *target) : nullptr;
  bool belongsTo = field.relation == RelationKind::BelongsTo;
  bool manyToMany = target && isManyToMany(entity, field, *target, partner);
  bool optional = belongsTo && foreignKeyOptional(entity, field, cx);
  LoweredAttributes attrs = lowerAttributes(field.attributes, cx);

  Json j;
  j["kind"] = ast::relationKindName(field.relation);
  j["name"] = field.name.name;
  j["target"] = field.type.name.name;
  j["targetTable"] = tableName(field.type.name.name);
  Json fk = nullptr, fkEntity = nullptr, references = nullptr;
  if (belongsTo) {
    fk = field.name.name + "Id";
    fkEntity = entity.name.name;
    references = primaryKeyOf(target);
  } else if (partner && partner->relation == RelationKind::BelongsTo) {
    fk = partner->name.name + "Id";
    fkEntity = field.type.name.name;
    references = primaryKeyOf(&entity);
  }
  j["foreignKey"] = fk;
  j["foreignKeyEntity"] = fkEntity;
  j["references"] = references;
  j["onDelete"] = belongsTo ? Json(onDeleteOf(field, optional, attrs.known)) : Json(nullptr);
  j["inverse"] = partner ? Json(partner->name.name) : Json(nullptr);
  j["optional"] = optional;
  j["manyToMany"] = manyToMany;
  j["joinTable"] =
      manyToMany ? Json(joinTableName(entity, field, *target, *partner)) : Json(nullptr);
  j["attributes"] = std::move(attrs.known);
  j["customAttributes"] = std::move(attrs.custom);
  j["span"] = cx.span(field.span);
  return j;
}

} // namespace locus::ir
