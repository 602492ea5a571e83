// Entity reads and writes as SQL on the app's tables (created by the sql generator's PostgreSQL
// migrations), inside a store transaction. Table and column names come from the IR and are
// quoted; every value, including take/skip, travels as a parameter.
#include "runtime/store/pg_store_impl.h"

#include <stdexcept>

namespace locus::rt {

namespace {

// PostgreSQL type OIDs (pg_type.dat) of the columns the sql generator creates.
enum Oid : unsigned {
  kBool = 16,
  kInt8 = 20,
  kInt2 = 21,
  kInt4 = 23,
  kJson = 114,
  kJsonArray = 199,
  kFloat4 = 700,
  kFloat8 = 701,
  kBoolArray = 1000,
  kInt2Array = 1005,
  kInt4Array = 1007,
  kInt8Array = 1016,
  kFloat4Array = 1021,
  kFloat8Array = 1022,
  kTimestamp = 1114,
  kTimestampArray = 1115,
  kTimestampTz = 1184,
  kTimestampTzArray = 1185,
  kNumericArray = 1231,
  kNumeric = 1700,
  kJsonb = 3802,
  kJsonbArray = 3807,
};

unsigned elementOf(unsigned arrayOid) {
  switch (arrayOid) {
  case kBoolArray:
    return kBool;
  case kInt2Array:
    return kInt2;
  case kInt4Array:
    return kInt4;
  case kInt8Array:
    return kInt8;
  case kFloat4Array:
    return kFloat4;
  case kFloat8Array:
    return kFloat8;
  case kNumericArray:
    return kNumeric;
  case kJsonArray:
    return kJson;
  case kJsonbArray:
    return kJsonb;
  case kTimestampArray:
    return kTimestamp;
  case kTimestampTzArray:
    return kTimestampTz;
  default:
    return 0;
  }
}

bool isArrayOid(unsigned oid) {
  return elementOf(oid) != 0 || oid == 1009 /*text[]*/ || oid == 1015 /*varchar[]*/ ||
         oid == 2951 /*uuid[]*/;
}

// "2026-11-23 01:20:00.123+00" (UTC session, ISO style) → "2026-11-23T01:20:00.123Z".
std::string isoTimestamp(std::string t) {
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  if (t.size() > 3 && t.compare(t.size() - 3, 3, "+00") == 0) t.replace(t.size() - 3, 3, "Z");
  return t;
}

Json scalarFromText(unsigned oid, const std::string& t) {
  switch (oid) {
  case kBool:
    return t == "t" || t == "true";
  case kInt2:
  case kInt4:
  case kInt8:
    return static_cast<int64_t>(std::stoll(t));
  case kFloat4:
  case kFloat8:
    return std::stod(t);
  case kNumeric:
    if (t.find_first_of(".eEN") == std::string::npos && t.size() < 18)
      return static_cast<int64_t>(std::stoll(t));
    return std::stod(t);
  case kJson:
  case kJsonb: {
    Json j = Json::parse(t, nullptr, false);
    return j.is_discarded() ? Json(t) : j;
  }
  case kTimestamp:
  case kTimestampTz:
    return isoTimestamp(t);
  default:
    return t;
  }
}

// A one-dimensional array in PostgreSQL's text form: {a,"b c",NULL}.
Json arrayFromText(unsigned elementOid, const std::string& t) {
  Json out = Json::array();
  size_t i = t.find('{');
  if (i == std::string::npos) return t;
  ++i;
  while (i < t.size() && t[i] != '}') {
    std::string item;
    bool quoted = t[i] == '"';
    if (quoted) {
      for (++i; i < t.size() && t[i] != '"'; ++i) {
        if (t[i] == '\\' && i + 1 < t.size()) ++i;
        item += t[i];
      }
      ++i; // the closing quote
    } else {
      while (i < t.size() && t[i] != ',' && t[i] != '}') item += t[i++];
    }
    if (!quoted && item == "NULL")
      out.push_back(nullptr);
    else
      out.push_back(scalarFromText(elementOid, item));
    if (i < t.size() && t[i] == ',') ++i;
  }
  return out;
}

std::string arrayLiteral(const Json& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& v = items[i];
    if (i) out += ',';
    if (v.is_null()) {
      out += "NULL";
      continue;
    }
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    out += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// A program value as a parameter for a column of field `f`.
PgParam paramFor(const FieldMeta* f, const Json& v) {
  if (v.is_null()) return std::nullopt;
  if (f && f->list && v.is_array()) return arrayLiteral(v);
  if (f && f->type == "Json" && !f->list) return v.dump(); // JSONB takes JSON text
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  // 5.0 from arithmetic into an INTEGER column: PostgreSQL refuses "5.0", SQLite stores 5.
  bool integerColumn = f && (f->type == "Integer" || f->type == "BigInt");
  if (integerColumn && v.is_number_float()) {
    double d = v.get<double>();
    if (d == static_cast<double>(static_cast<int64_t>(d)))
      return std::to_string(static_cast<int64_t>(d));
  }
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

const FieldMeta& fieldOf(const EntityMeta& e, const std::string& name) {
  if (const FieldMeta* f = e.field(name)) return *f;
  std::string known;
  for (const FieldMeta& f : e.fields) known += (known.empty() ? "" : ", ") + f.name;
  throw std::invalid_argument("entity " + e.name + " has no field `" + name +
                              "` (fields: " + known + ")");
}

struct Condition {
  std::string sql;
  PgParams params;
  std::string next(const FieldMeta* f, const Json& v) {
    params.push_back(paramFor(f, v));
    return "$" + std::to_string(params.size());
  }
};

void addComparison(Condition& c, const FieldMeta& f, const std::string& op, const Json& value) {
  static const std::vector<std::pair<std::string, std::string>> ops = {
      {"equals", "="}, {"not", "<>"}, {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
  std::string column = pgQuoted(f.column);
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

std::string pgQuoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Json pgEntityRows(const PgResult& r, const EntityMeta& e) {
  Json rows = Json::array();
  for (int i = 0; i < r.rows(); ++i) {
    Json row = Json::object();
    for (int c = 0; c < r.columns(); ++c) {
      std::string column = r.columnName(c);
      const FieldMeta* f = nullptr;
      for (const FieldMeta& candidate : e.fields)
        if (candidate.column == column) f = &candidate;
      unsigned oid = r.columnType(c);
      Json value;
      if (!r.isNull(i, c))
        value = isArrayOid(oid) ? arrayFromText(elementOf(oid), r.text(i, c))
                                : scalarFromText(oid, r.text(i, c));
      row[f ? f->name : column] = std::move(value);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Json PgTx::findRows(const EntityMeta& e, const Json& where, const Json& orderBy,
                    std::optional<int64_t> take, std::optional<int64_t> skip) {
  Condition c = whereClause(e, where);
  std::string sql = "SELECT * FROM " + pgQuoted(e.table);
  if (!c.sql.empty()) sql += " WHERE " + c.sql;
  if (orderBy.is_object() && !orderBy.empty()) {
    std::string order;
    for (const auto& [name, dir] : orderBy.items()) {
      std::string d = dir.is_string() ? dir.get<std::string>() : "asc";
      if (d != "asc" && d != "desc")
        throw std::invalid_argument("orderBy takes \"asc\" or \"desc\"");
      order += (order.empty() ? "" : ", ") + pgQuoted(fieldOf(e, name).column) + " " + d;
    }
    sql += " ORDER BY " + order;
  } else {
    sql += " ORDER BY " + pgQuoted(e.primaryKeyColumn);
  }
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
    columns += (columns.empty() ? "" : ", ") + pgQuoted(f.column);
    marks += (marks.empty() ? "" : ", ") + values.next(&f, value);
  }
  std::string sql =
      "INSERT INTO " + pgQuoted(e.table) +
      (columns.empty() ? " DEFAULT VALUES" : " (" + columns + ") VALUES (" + marks + ")") +
      " RETURNING *";
  return firstOrNull(pgEntityRows(connection().exec(sql, values.params), e));
}

Json PgTx::updateRow(const EntityMeta& e, const Json& id, const Json& data) {
  if (!data.is_object()) throw std::invalid_argument("update needs an object of field values");
  std::string sets;
  Condition values;
  for (const auto& [name, value] : data.items()) {
    const FieldMeta& f = fieldOf(e, name);
    sets += (sets.empty() ? "" : ", ") + pgQuoted(f.column) + " = " + values.next(&f, value);
  }
  if (sets.empty())
    return firstOrNull(findRows(e, Json{{e.primaryKeyField, id}}, nullptr, 1, std::nullopt));
  std::string sql = "UPDATE " + pgQuoted(e.table) + " SET " + sets + " WHERE " +
                    pgQuoted(e.primaryKeyColumn) + " = " +
                    values.next(e.field(e.primaryKeyField), id) + " RETURNING *";
  return firstOrNull(pgEntityRows(connection().exec(sql, values.params), e));
}

bool PgTx::deleteRow(const EntityMeta& e, const Json& id) {
  Condition values;
  std::string sql = "DELETE FROM " + pgQuoted(e.table) + " WHERE " + pgQuoted(e.primaryKeyColumn) +
                    " = " + values.next(e.field(e.primaryKeyField), id);
  return connection().exec(sql, values.params).affected() > 0;
}

} // namespace locus::rt
