// The Prisma schema as plain data: models with their fields and block attributes, built from the
// IR entities (scalar fields in prisma_scalars.cpp, relations in prisma_relations.cpp).
#pragma once

#include "generators/generator.h"

#include <string>
#include <vector>

namespace locus::prisma {

enum class Provider { Postgresql, Sqlite };

struct PrismaField {
  std::string name;
  std::string type;       // with `?` or `[]`
  std::string attributes; // "@id @default(autoincrement())"
};

struct PrismaModel {
  std::string entity; // the IR entity (= model name)
  std::vector<PrismaField> fields;
  std::vector<std::string> blockAttributes; // @@index([...]), @@map("...")
};

// `enum Status { todo doing done }`, the same in Prisma.
struct PrismaEnum {
  std::string name;
  std::vector<std::string> values;
};

struct PrismaSchema {
  Provider provider = Provider::Postgresql;
  std::vector<PrismaModel> models;
  std::vector<PrismaEnum> enums;
  std::vector<GeneratorMessage> messages;
};

using IrJson = locus::OrderedJson;

// Scalar fields (the implicit `id` first) of one entity.
std::vector<PrismaField> scalarFields(const IrJson& entity, Provider provider);

// Adds relation fields, back-relations, @unique on one-to-one keys and @@index on foreign keys.
void addRelations(const IrJson& ir, PrismaSchema& schema);

PrismaSchema prismaSchemaFromIr(const IrJson& ir, Provider provider);

} // namespace locus::prisma
