// Values between the program and PostgreSQL's text form: parameters for entity columns, and
// result columns converted back by type (booleans, numbers, JSON, arrays, ISO timestamps).
#include "runtime/store/pg_store_impl.h"

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

} // namespace

PgParam pgParamFor(const FieldMeta* f, const Json& v) {
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

} // namespace locus::rt
