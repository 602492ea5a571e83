#include "generators/prisma/prisma_generator.h"
#include "generators/common/make_generator.h"

#include "generators/prisma/prisma_model.h"
#include "generators/templates/template_set.h"
#include "generators/templates/view_object.h"

#include <algorithm>

namespace locus {

namespace prisma {

PrismaSchema prismaSchemaFromIr(const IrJson& ir, Provider provider) {
  PrismaSchema schema;
  schema.provider = provider;
  const IrJson& entities = ir["entities"];
  for (const IrJson& e : entities)
    schema.models.push_back({e["name"], scalarFields(e, provider), {}});
  addRelations(ir, schema);
  if (ir.contains("enums"))
    for (const IrJson& e : ir["enums"])
      schema.enums.push_back({e["name"], e["values"].get<std::vector<std::string>>()});
  for (size_t i = 0; i < schema.models.size(); ++i) {
    const IrJson& e = entities[i];
    std::vector<std::string>& block = schema.models[i].blockAttributes;
    for (const IrJson& f : e["fields"])
      if (f["attributes"].contains("index"))
        block.push_back("@@index([" + f["name"].get<std::string>() + "])");
    std::vector<std::string> unique;
    for (const std::string& b : block)
      if (std::find(unique.begin(), unique.end(), b) == unique.end()) unique.push_back(b);
    unique.push_back("@@map(\"" + e["table"].get<std::string>() + "\")");
    block = std::move(unique);
  }
  return schema;
}

} // namespace prisma

namespace {

using namespace locus::prisma;

// Field lines aligned in columns, the way `prisma format` lays them out.
OrderedJson fieldLines(const PrismaModel& m) {
  size_t nameWidth = 0, typeWidth = 0;
  for (const PrismaField& f : m.fields) {
    nameWidth = std::max(nameWidth, f.name.size());
    typeWidth = std::max(typeWidth, f.type.size());
  }
  std::vector<std::string> lines;
  lines.reserve(m.fields.size());
  for (const PrismaField& f : m.fields) {
    std::string text = f.name + std::string(nameWidth - f.name.size() + 1, ' ') + f.type;
    if (!f.attributes.empty())
      text += std::string(typeWidth - f.type.size() + 1, ' ') + f.attributes;
    lines.push_back(std::move(text));
  }
  return textItems("text", std::move(lines), false);
}

OrderedJson enumsView(const std::vector<PrismaEnum>& enums) {
  OrderedJson out = OrderedJson::array();
  for (const PrismaEnum& e : enums)
    out.push_back(jsonObject("name", e.name, "values", textItems("text", e.values, false)));
  return out;
}

GeneratorOutput runPrisma(const GeneratorInput& in) {
  GeneratorOutput out;
  std::string database = in.options.value("database", "postgresql");
  Provider provider = Provider::Postgresql;
  if (database == "sqlite")
    provider = Provider::Sqlite;
  else if (database != "postgresql" && database != "postgres")
    out.messages.push_back({DiagKind::ProjectConfigError,
                            "database = \"" + database +
                                "\": the prisma generator supports \"postgresql\" and \"sqlite\"",
                            nullptr});
  PrismaSchema schema = prismaSchemaFromIr(in.ir, provider);
  out.messages.insert(out.messages.end(), schema.messages.begin(), schema.messages.end());
  OrderedJson models = OrderedJson::array();
  for (const PrismaModel& m : schema.models)
    models.push_back(jsonObject("name", m.entity, "fields", fieldLines(m), "hasBlockAttributes",
                                !m.blockAttributes.empty(), "blockAttributes",
                                textItems("text", m.blockAttributes, false)));
  out.files["prisma/schema.prisma"] = in.templates.render(
      "schema", jsonObject("provider", provider == Provider::Sqlite ? "sqlite" : "postgresql",
                           "models", std::move(models), "enums", enumsView(schema.enums)));
  return out;
}

} // namespace

Generator prismaGenerator() {
  return makeGenerator(
      "prisma", "Prisma schema mapped onto the sql generator's tables (prisma/schema.prisma)",
      runPrisma);
}

} // namespace locus
