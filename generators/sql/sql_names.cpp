#include "generators/sql/sql_names.h"

#include <cstdint>
#include <cstdio>

namespace locus::sql {

std::string limitIdentifier(const std::string& name) {
  if (name.size() <= kMaxIdentifierLength) return name;
  uint32_t hash = 2166136261u;
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", hash);
  return name.substr(0, kMaxIdentifierLength - 9) + "_" + hex;
}

std::string constraintName(const std::string& table, const std::vector<std::string>& columns,
                           const std::string& suffix) {
  std::string name = table;
  for (const std::string& c : columns) name += "_" + c;
  return limitIdentifier(name + "_" + suffix);
}

} // namespace locus::sql
