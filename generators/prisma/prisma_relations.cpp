// Relation fields. A belongs_to carries @relation(fields, references, onDelete); its partner is a
// list (has_many) or optional (has_one) field. Prisma needs both sides, so a belongs_to without a
// partner gets a back-relation on the target. Relations get a name when Prisma could not tell
// them apart (self relations, several relations between two models). Many-to-many relations are
// implicit (named after the IR join table).
#include "generators/prisma/prisma_model.h"

#include "compiler/ir/naming.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace locus::prisma {

namespace {

const IrJson* relationNamed(const IrJson& entity, const std::string& name) {
  for (const IrJson& r : entity["relations"])
    if (r["name"] == name) return &r;
  return nullptr;
}

std::string onDeleteOf(const IrJson& r) {
  std::string d = r["onDelete"].is_string() ? r["onDelete"].get<std::string>() : "restrict";
  if (d == "cascade") return "Cascade";
  if (d == "set_null") return "SetNull";
  return "Restrict";
}

std::string lowerFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}
std::string upperFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

struct RelationBuilder {
  const IrJson& ir;
  PrismaSchema& schema;
  std::map<std::pair<std::string, std::string>, int> pairCount; // relations per model pair
  // By name, built once: a lookup per relation must not scan every entity (L has 500).
  std::unordered_map<std::string, const IrJson*> entities;
  std::unordered_map<std::string, PrismaModel*> models;

  const IrJson* entityNamed(const std::string& name) const {
    auto it = entities.find(name);
    return it == entities.end() ? nullptr : it->second;
  }

  PrismaModel& model(const std::string& entity) {
    auto it = models.find(entity);
    if (it == models.end()) throw std::logic_error("prisma: no model " + entity);
    return *it->second;
  }

  static std::pair<std::string, std::string> pairOf(const std::string& a, const std::string& b) {
    return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
  }

  // One count per relation (a belongs_to with its partner, or a many-to-many).
  void countPairs() {
    std::set<std::string> joinTables;
    for (const IrJson& e : ir["entities"])
      for (const IrJson& r : e["relations"]) {
        bool counted = r["kind"] == "belongs_to" ||
                       (r["manyToMany"].get<bool>() &&
                        joinTables.insert(r["joinTable"].get<std::string>()).second);
        if (counted) ++pairCount[pairOf(e["name"], r["target"])];
      }
  }

  // The @relation name of the relation that `belongsTo` (on `owner`) starts, or "".
  std::string nameOf(const std::string& owner, const IrJson& belongsTo) {
    std::string target = belongsTo["target"];
    if (owner != target && pairCount[pairOf(owner, target)] < 2) return "";
    return owner + "_" + belongsTo["name"].get<std::string>();
  }

  static std::string quoted(const std::string& s) { return "\"" + s + "\""; }

  void addBelongsTo(const IrJson& entity, const IrJson& r) {
    const IrJson* target = entityNamed(r["target"]);
    if (!target || !r["foreignKey"].is_string()) return;
    std::string name = nameOf(entity["name"], r);
    std::string attr = "@relation(" + (name.empty() ? "" : quoted(name) + ", ") + "fields: [" +
                       r["foreignKey"].get<std::string>() + "], references: [" +
                       r["references"].get<std::string>() + "], onDelete: " + onDeleteOf(r) + ")";
    std::string type = r["target"].get<std::string>() + (r["optional"].get<bool>() ? "?" : "");
    model(entity["name"]).fields.push_back({r["name"], type, attr});
    bool oneToOne = oneToOneKey(r, *target);
    if (oneToOne)
      markUnique(entity["name"], r["foreignKey"]);
    else if (!isUnique(entity, r["foreignKey"]))
      model(entity["name"])
          .blockAttributes.push_back("@@index([" + r["foreignKey"].get<std::string>() + "])");
    if (!r["inverse"].is_string()) addBackRelation(entity, r, oneToOne, name);
  }

  static bool oneToOneKey(const IrJson& r, const IrJson& target) {
    if (r["attributes"].contains("unique")) return true;
    if (!r["inverse"].is_string()) return false;
    const IrJson* partner = relationNamed(target, r["inverse"]);
    return partner && (*partner)["kind"] == "has_one";
  }

  static bool isUnique(const IrJson& entity, const std::string& field) {
    for (const IrJson& f : entity["fields"])
      if (f["name"] == field) return f["attributes"].contains("unique");
    return false;
  }

  void markUnique(const std::string& entity, const std::string& field) {
    for (PrismaField& f : model(entity).fields) {
      if (f.name != field || f.attributes.find("@unique") != std::string::npos) continue;
      // keep the attribute order of scalarFields(): @id @default @unique @map @db
      size_t at = std::min(f.attributes.find("@map("), f.attributes.find("@db."));
      if (at == std::string::npos)
        f.attributes += f.attributes.empty() ? "@unique" : " @unique";
      else
        f.attributes.insert(at, "@unique ");
    }
  }

  // Prisma needs the other side: `orders Order[]` on the target (a unique key gives `Order?`).
  void addBackRelation(const IrJson& entity, const IrJson& r, bool oneToOne, std::string name) {
    PrismaModel& target = model(r["target"]);
    std::string field =
        oneToOne ? lowerFirst(entity["name"]) : lowerFirst(ir::tableName(entity["name"]));
    auto taken = [&](const std::string& n) {
      for (const PrismaField& f : target.fields)
        if (f.name == n) return true;
      return false;
    };
    if (taken(field)) field += upperFirst(r["name"]);
    if (name.empty() && entity["name"] == r["target"])
      name = entity["name"].get<std::string>() + "_" + r["name"].get<std::string>();
    std::string type = entity["name"].get<std::string>() + (oneToOne ? "?" : "[]");
    target.fields.push_back({field, type, name.empty() ? "" : "@relation(" + quoted(name) + ")"});
  }

  void addPartnerSide(const IrJson& entity, const IrJson& r) {
    const IrJson* target = entityNamed(r["target"]);
    std::string typeName = r["target"];
    if (r["manyToMany"].get<bool>()) {
      model(entity["name"])
          .fields.push_back(
              {r["name"], typeName + "[]", "@relation(" + quoted(r["joinTable"]) + ")"});
      return;
    }
    const IrJson* partner =
        target && r["inverse"].is_string() ? relationNamed(*target, r["inverse"]) : nullptr;
    if (!partner || (*partner)["kind"] != "belongs_to") {
      schema.messages.push_back(
          {DiagKind::GeneratorUnsupported,
           "prisma: `" + entity["name"].get<std::string>() + "." + r["name"].get<std::string>() +
               "` has no belongs_to on " + typeName +
               " that points back, so Prisma cannot map it and it is left out. Add `inverse:` "
               "naming the belongs_to field of " +
               typeName + ".",
           r["span"]});
      return;
    }
    std::string name = nameOf(typeName, *partner);
    std::string type = typeName + (r["kind"] == "has_one" ? "?" : "[]");
    model(entity["name"])
        .fields.push_back({r["name"], type, name.empty() ? "" : "@relation(" + quoted(name) + ")"});
  }

  void run() {
    for (const IrJson& e : ir["entities"]) entities.emplace(e["name"].get<std::string>(), &e);
    for (PrismaModel& m : schema.models) models.emplace(m.entity, &m);
    countPairs();
    for (const IrJson& e : ir["entities"])
      for (const IrJson& r : e["relations"]) {
        if (r["kind"] == "belongs_to")
          addBelongsTo(e, r);
        else
          addPartnerSide(e, r);
      }
  }
};

} // namespace

void addRelations(const IrJson& ir, PrismaSchema& schema) {
  RelationBuilder{ir, schema, {}, {}, {}}.run();
}

} // namespace locus::prisma
