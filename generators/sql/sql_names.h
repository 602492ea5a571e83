// Names the sql generator gives to constraints and indexes. PostgreSQL cuts identifiers at 63
// bytes, so longer names are shortened deterministically (prefix + hash) rather than truncated
// into collisions.
#pragma once

#include <string>
#include <vector>

namespace locus::sql {

constexpr size_t kMaxIdentifierLength = 63;

// `name` if it fits, else its first 54 bytes + "_" + 8 hex digits of its FNV-1a hash.
std::string limitIdentifier(const std::string& name);

// <table>_<col1>_<col2>_<suffix>, limited: e.g. orders_customer_id_fkey, customers_email_key.
std::string constraintName(const std::string& table, const std::vector<std::string>& columns,
                           const std::string& suffix);

} // namespace locus::sql
