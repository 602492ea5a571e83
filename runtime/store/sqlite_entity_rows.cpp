// Entity reads and writes as SQL on the app's tables, inside a store transaction. Table and column
// names come from the IR (entity.table, field.column) and are quoted; values are always bound.
#include "runtime/store/entity_sql.h"
#include "runtime/store/sqlite_store_impl.h"

#include <stdexcept>

namespace locus::rt {

namespace {

// SQLite stores booleans as 0/1 and lists/JSON as text; read them back as the program wrote them.
Json fromColumn(const FieldMeta* f, Json v) {
  if (!f || v.is_null()) return v;
  if (f->type == "Boolean" && !f->list && v.is_number_integer()) return v.get<int64_t>() != 0;
  if ((f->type == "Json" || f->list) && v.is_string()) {
    Json parsed = Json::parse(v.get<std::string>(), nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  return v;
}

struct Condition {
  std::string sql;
  std::vector<Json> values;
};

void addComparison(Condition& c, const std::string& column, const std::string& op,
                   const Json& value) {
  static const std::vector<std::pair<std::string, std::string>> ops = {
      {"equals", "="}, {"not", "<>"}, {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
  if (!c.sql.empty()) c.sql += " AND ";
  if (op == "in") {
    if (!value.is_array()) throw std::invalid_argument("`in` needs a list");
    c.sql += column + " IN (";
    for (size_t i = 0; i < value.size(); ++i) {
      c.sql += i ? ",?" : "?";
      c.values.push_back(value[i]);
    }
    c.sql += value.empty() ? "NULL)" : ")";
    return;
  }
  if (op == "contains") {
    c.sql += column + " LIKE '%' || ? || '%'";
    c.values.push_back(value);
    return;
  }
  for (const auto& [word, sqlOp] : ops)
    if (word == op) {
      if (value.is_null())
        c.sql += column + (sqlOp == "=" ? " IS NULL" : " IS NOT NULL");
      else {
        c.sql += column + " " + sqlOp + " ?";
        c.values.push_back(value);
      }
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
    std::string column = quoteIdentifier(fieldOf(e, name).column);
    if (value.is_object())
      for (const auto& [op, v] : value.items()) addComparison(c, column, op, v);
    else
      addComparison(c, column, "equals", value);
  }
  return c;
}

void bindAll(SqliteStatement& st, const std::vector<Json>& values) {
  for (size_t i = 0; i < values.size(); ++i) st.bind(static_cast<int>(i + 1), values[i]);
}

} // namespace

Json readRows(SqliteStatement& st, const EntityMeta& e) {
  Json rows = Json::array();
  while (st.step()) {
    Json row = Json::object();
    for (int i = 0; i < st.columns(); ++i) {
      std::string column = st.columnName(i);
      const FieldMeta* f = nullptr;
      for (const FieldMeta& candidate : e.fields)
        if (candidate.column == column) f = &candidate;
      row[f ? f->name : column] = fromColumn(f, st.value(i));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Json SqliteTx::findRows(const EntityMeta& e, const Json& where, const Json& orderBy,
                        std::optional<int64_t> take, std::optional<int64_t> skip) {
  Condition c = whereClause(e, where);
  std::string sql = "SELECT * FROM " + quoteIdentifier(e.table);
  if (!c.sql.empty()) sql += " WHERE " + c.sql;
  sql += orderByClause(e, orderBy);
  sql +=
      " LIMIT " + std::to_string(take.value_or(-1)) + " OFFSET " + std::to_string(skip.value_or(0));
  SqliteStatement& st = db_->prepared(sql);
  bindAll(st, c.values);
  return readRows(st, e);
}

Json SqliteTx::insertRow(const EntityMeta& e, const Json& data) {
  if (!data.is_object()) throw std::invalid_argument("create needs an object of field values");
  std::string columns, marks;
  std::vector<Json> values;
  for (const auto& [name, value] : data.items()) {
    columns += (columns.empty() ? "" : ", ") + quoteIdentifier(fieldOf(e, name).column);
    marks += marks.empty() ? "?" : ", ?";
    values.push_back(value);
  }
  std::string sql =
      "INSERT INTO " + quoteIdentifier(e.table) +
      (columns.empty() ? " DEFAULT VALUES" : " (" + columns + ") VALUES (" + marks + ")") +
      " RETURNING *";
  SqliteStatement& st = db_->prepared(sql);
  bindAll(st, values);
  Json rows = readRows(st, e);
  return rows.empty() ? Json(nullptr) : rows[0];
}

Json SqliteTx::updateRow(const EntityMeta& e, const Json& id, const Json& data) {
  if (!data.is_object()) throw std::invalid_argument("update needs an object of field values");
  std::string sets;
  std::vector<Json> values;
  for (const auto& [name, value] : data.items()) {
    sets += (sets.empty() ? "" : ", ") + quoteIdentifier(fieldOf(e, name).column) + " = ?";
    values.push_back(value);
  }
  if (sets.empty()) {
    Json rows = findRows(e, Json{{e.primaryKeyField, id}}, nullptr, 1, std::nullopt);
    return rows.empty() ? Json(nullptr) : rows[0];
  }
  values.push_back(id);
  std::string sql = "UPDATE " + quoteIdentifier(e.table) + " SET " + sets + " WHERE " +
                    quoteIdentifier(e.primaryKeyColumn) + " = ? RETURNING *";
  SqliteStatement& st = db_->prepared(sql);
  bindAll(st, values);
  Json rows = readRows(st, e);
  return rows.empty() ? Json(nullptr) : rows[0];
}

bool SqliteTx::deleteRow(const EntityMeta& e, const Json& id) {
  SqliteStatement& st = db_->prepared("DELETE FROM " + quoteIdentifier(e.table) + " WHERE " +
                                      quoteIdentifier(e.primaryKeyColumn) + " = ?");
  st.bind(1, id);
  st.step();
  return db_->changes() > 0;
}

} // namespace locus::rt
