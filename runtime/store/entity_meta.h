// What the store needs to know about an app entity to read and write its table: names from the
// IR (`entity.table`, `field.column`, the primary key), with the field types used to convert
// SQLite values back (Boolean 0/1 → bool, Json text → JSON).
#pragma once

#include <string>
#include <vector>

namespace locus::rt {

struct FieldMeta {
  std::string name;   // as the program writes it (`balanceCents`)
  std::string column; // as the table has it (`balance_cents`)
  std::string type;   // the IR primitive (Integer, Boolean, Json, …)
  bool list = false;  // stored as JSON text
};

struct EntityMeta {
  std::string name;
  std::string table;
  std::string primaryKeyField;
  std::string primaryKeyColumn;
  std::vector<FieldMeta> fields; // the primary key included

  const FieldMeta* field(const std::string& fieldName) const {
    for (const FieldMeta& f : fields)
      if (f.name == fieldName) return &f;
    return nullptr;
  }
};

} // namespace locus::rt
