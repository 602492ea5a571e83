#include "runtime/store/entity_sql.h"

#include <stdexcept>

namespace locus::rt {

std::string quoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const FieldMeta& fieldOf(const EntityMeta& e, const std::string& name) {
  if (const FieldMeta* f = e.field(name)) return *f;
  std::string known;
  for (const FieldMeta& f : e.fields) known += (known.empty() ? "" : ", ") + f.name;
  throw std::invalid_argument("entity " + e.name + " has no field `" + name +
                              "` (fields: " + known + ")");
}

std::string orderByClause(const EntityMeta& e, const Json& orderBy) {
  if (!orderBy.is_object() || orderBy.empty())
    return " ORDER BY " + quoteIdentifier(e.primaryKeyColumn);
  std::string order;
  for (const auto& [name, dir] : orderBy.items()) {
    std::string d = dir.is_string() ? dir.get<std::string>() : "asc";
    if (d != "asc" && d != "desc") throw std::invalid_argument("orderBy takes \"asc\" or \"desc\"");
    order += (order.empty() ? "" : ", ") + quoteIdentifier(fieldOf(e, name).column) + " " + d;
  }
  return " ORDER BY " + order;
}

} // namespace locus::rt
