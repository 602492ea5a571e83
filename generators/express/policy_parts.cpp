#include "generators/express/policy_parts.h"

#include "generators/common/ir_get.h"
#include "generators/common/ts_view.h"

#include <vector>

namespace locus::express {

namespace {

using Json = OrderedJson;

// One piece, already a TS literal.
struct Pieces {
  std::vector<std::string> items;
  void sql(const std::string& text) { items.push_back(api::tsString(text)); }
  void raw(std::string literal) { items.push_back(std::move(literal)); }
};

const Json* fieldNamed(const Json& entity, std::string_view name) {
  for (const Json& f : get(entity, "fields"))
    if (textAt(f, "name") == name) return &f;
  return nullptr;
}

std::string sqlString(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

bool isCurrentUser(const Json& e) {
  return textAt(e, "kind") == "name" && textAt(e, "name") == "currentUser";
}

class Compiler {
public:
  Compiler(const Json& entity, const Json& user) : entity_(entity), user_(user) {}

  void expr(const Json& e, Pieces& out) {
    std::string_view kind = textAt(e, "kind");
    if (kind == "bool") {
      out.sql(get(e, "value").get<bool>() ? "TRUE" : "FALSE");
    } else if (kind == "number") {
      out.sql(std::string(textAt(e, "value")));
    } else if (kind == "string") {
      out.sql(sqlString(std::string(textAt(e, "value"))));
    } else if (kind == "null") {
      out.sql("NULL");
    } else if (kind == "name") {
      column(std::string(textAt(e, "name")), out);
    } else if (kind == "member") {
      userField(std::string(textAt(e, "member")), out);
    } else if (kind == "unary") {
      std::string_view op = textAt(e, "op");
      out.sql(op == "!" || op == "not" ? "(NOT " : "(" + std::string(op));
      expr(get(e, "operand"), out);
      out.sql(")");
    } else if (kind == "binary") {
      binary(e, out);
    } else {
      out.sql("FALSE"); // sema admits nothing else; deny rather than guess
    }
  }

private:
  void column(const std::string& name, Pieces& out) {
    const Json* f = fieldNamed(entity_, name);
    std::string col = f ? std::string(textAt(*f, "column"))
                        : std::string(textAt(get(entity_, "primaryKey"), "column"));
    out.raw("{ c: " + api::tsString(col) + " }");
  }

  void userField(const std::string& name, Pieces& out) {
    const Json* f = fieldNamed(user_, name);
    std::string type =
        f ? std::string(textAt(*f, "type")) : std::string(textAt(get(user_, "primaryKey"), "type"));
    out.raw("{ u: " + api::tsString(name) + ", t: " + api::tsString(policyPgType(type)) + " }");
  }

  void binary(const Json& e, Pieces& out) {
    std::string op(textAt(e, "op"));
    const Json& lhs = get(e, "lhs");
    const Json& rhs = get(e, "rhs");
    bool lhsNull = textAt(lhs, "kind") == "null", rhsNull = textAt(rhs, "kind") == "null";
    if ((op == "==" || op == "!=") && (lhsNull || rhsNull)) {
      const Json& other = lhsNull ? rhs : lhs;
      if (isCurrentUser(other)) { // signed in or not: decided per request, not per row
        out.raw(std::string("{ s: ") + (op == "!=" ? "true" : "false") + " }");
        return;
      }
      out.sql("(");
      expr(other, out);
      out.sql(op == "==" ? " IS NULL)" : " IS NOT NULL)");
      return;
    }
    std::string sqlOp = op == "&&" || op == "and"  ? "AND"
                        : op == "||" || op == "or" ? "OR"
                        : op == "=="               ? "="
                        : op == "!="               ? "<>"
                                                   : op;
    out.sql("(");
    expr(lhs, out);
    out.sql(" " + sqlOp + " ");
    expr(rhs, out);
    out.sql(")");
  }

  const Json& entity_;
  const Json& user_;
};

} // namespace

std::string policyPgType(const std::string& primitive) {
  if (primitive == "Integer") return "integer";
  if (primitive == "BigInt") return "bigint";
  if (primitive == "Float") return "double precision";
  if (primitive == "Decimal") return "numeric";
  if (primitive == "Boolean") return "boolean";
  if (primitive == "DateTime") return "timestamptz";
  if (primitive == "UUID") return "uuid";
  return "text";
}

std::string policyPiecesTs(const OrderedJson& expr, const OrderedJson& entity,
                           const OrderedJson& user) {
  Pieces pieces;
  if (expr.is_null())
    pieces.sql("FALSE");
  else
    Compiler(entity, user).expr(expr, pieces);
  std::string out = "[";
  for (size_t i = 0; i < pieces.items.size(); ++i) out += (i ? ", " : "") + pieces.items[i];
  return out + "]";
}

} // namespace locus::express
