// Entity reads and writes as SQL on the app's tables (created by the sql generator's PostgreSQL
// migrations), inside a store transaction. Table and column names come from the IR and are
// quoted; every value, including take/skip, travels as a parameter.
#include "runtime/store/entity_sql.h"
#include "runtime/store/pg_store_impl.h"

#include <stdexcept>

namespace locus::rt {

namespace {

struct Condition {
  std::string sql;
  PgParams params;
  std::string next(const FieldMeta* f, const Json& v) {
    params.push_back(pgParamFor(f, v));
    return "$" + std::to_string(params.size());
  }
};

void addComparison(Condition& c, const FieldMeta& f, const std::string& op, const Json& value) {
  static const std::vector<std::pair<std::string, std::string>> ops = {
      {"equals", "="}, {"not", "<>"}, {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
  std::string column = quoteIdentifier(f.column);
  if (!c.sql.empty()) c.sql += " AND ";
  if (op == "in") {
    if (!value.is_array()) throw std::invalid_argument("`in` needs a list");
    FieldMeta element = f;
    element.list = false;
    c.sql += column + " IN (";
    for (size_t i = 0; i < value.size(); ++i) c.sql += (i ? "," : "") + c.next(&element, value[i]);
    c.sql += value.empty() ? "NULL)" : ")";
    return;
  }
  if (op == "contains") {
    // ILIKE: SQLite's LIKE ignores ASCII case, and both stores answer the same.
    c.sql += column + "::text ILIKE '%' || " + c.next(nullptr, value) + "::text || '%'";
    return;
  }
  for (const auto& [word, sqlOp] : ops)
    if (word == op) {
      if (value.is_null())
        c.sql += column + (sqlOp == "=" ? " IS NULL" : " IS NOT NULL");
      else
        c.sql += column + " " + sqlOp + " " + c.next(&f, value);
      return;
    }
  throw std::invalid_argument("unknown condition `" + op +
                              "` (known: equals, not, gt, gte, lt, lte, in, contains)");
}

Condition whereClause(const EntityMeta& e, const Json& where) {
  Condition c;
  if (where.is_null()) return c;
  if (!where.is_object()) throw std::invalid_argument("`where` must be an object");
  for (const auto& [name, value] : where.items()) {
    const FieldMeta& f = fieldOf(e, name);
    if (value.is_object())
      for (const auto& [op, v] : value.items()) addComparison(c, f, op, v);
    else
      addComparison(c, f, "equals", value);
  }
  return c;
}

Json firstOrNull(const Json& rows) {
  return rows.empty() ? Json(nullptr) : rows[0];
}

} // namespace

Json PgTx::findRows(const EntityMeta& e, const Json& where, const Json& orderBy,
                    std::optional<int64_t> take, std::optional<int64_t> skip) {
  Condition c = whereClause(e, where);
  std::string sql = "SELECT * FROM " + quoteIdentifier(e.table);
  if (!c.sql.empty()) sql += " WHERE " + c.sql;
  sql += orderByClause(e, orderBy);
  // LIMIT NULL is LIMIT ALL.
  sql += " LIMIT " + c.next(nullptr, take && *take >= 0 ? Json(*take) : Json(nullptr));
  sql += " OFFSET " + c.next(nullptr, Json(skip.value_or(0)));
  return pgEntityRows(connection().exec(sql, c.params), e);
}

Json PgTx::insertRow(const EntityMeta& e, const Json& data) {
  if (!data.is_object()) throw std::invalid_argument("create needs an object of field values");
  std::string columns, marks;
  Condition values;
  for (const auto& [name, value] : data.items()) {
    const FieldMeta& f = fieldOf(e, name);
    columns += (columns.empty() ? "" : ", ") + quoteIdentifier(f.column);
    marks += (marks.empty() ? "" : ", ") + values.next(&f, value);
  }
  std::string sql =
      "INSERT INTO " + quoteIdentifier(e.table) +
      (columns.empty() ? " DEFAULT VALUES" : " (" + columns + ") VALUES (" + marks + ")") +
      " RETURNING *";
  Json row = firstOrNull(pgEntityRows(connection().exec(sql, values.params), e));
  // A row given its own key (seed data) leaves the key's sequence behind: the next row without
  // one would collide with it, so the sequence moves past the largest key.
  if (data.contains(e.primaryKeyField) && data[e.primaryKeyField].is_number_integer())
    connection().exec("SELECT setval(s, (SELECT max(" + quoteIdentifier(e.primaryKeyColumn) +
                          ") FROM " + quoteIdentifier(e.table) +
                          ")) FROM pg_get_serial_sequence($1, $2) AS s WHERE s IS NOT NULL",
                      {quoteIdentifier(e.table), e.primaryKeyColumn});
  return row;
}

Json PgTx::updateRow(const EntityMeta& e, const Json& id, const Json& data) {
  if (!data.is_object()) throw std::invalid_argument("update needs an object of field values");
  std::string sets;
  Condition values;
  for (const auto& [name, value] : data.items()) {
    const FieldMeta& f = fieldOf(e, name);
    sets += (sets.empty() ? "" : ", ") + quoteIdentifier(f.column) + " = " + values.next(&f, value);
  }
  if (sets.empty())
    return firstOrNull(findRows(e, Json{{e.primaryKeyField, id}}, nullptr, 1, std::nullopt));
  std::string sql = "UPDATE " + quoteIdentifier(e.table) + " SET " + sets + " WHERE " +
                    quoteIdentifier(e.primaryKeyColumn) + " = " +
                    values.next(e.field(e.primaryKeyField), id) + " RETURNING *";
  return firstOrNull(pgEntityRows(connection().exec(sql, values.params), e));
}

bool PgTx::deleteRow(const EntityMeta& e, const Json& id) {
  Condition values;
  std::string sql = "DELETE FROM " + quoteIdentifier(e.table) + " WHERE " +
                    quoteIdentifier(e.primaryKeyColumn) + " = " +
                    values.next(e.field(e.primaryKeyField), id);
  return connection().exec(sql, values.params).affected() > 0;
}

} // namespace locus::rt
