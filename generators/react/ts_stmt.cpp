#include "generators/react/ts_stmt.h"
#include "generators/common/ir_get.h"

#include "generators/react/ts_expr.h"
#include "generators/react/ts_names.h"
#include "generators/react/ts_types.h"

namespace locus::react {

namespace {

// `a.b[i].c` → root `a` and path ["b", i, "c"] (as TypeScript keys); null root if not a chain.
const Json* splitPath(const Json& target, std::vector<std::string>& path, CodeScope& s) {
  std::string kind = target.value("kind", "");
  if (kind == "name") return &target;
  const Json* root = nullptr;
  if (kind == "member") {
    root = splitPath(get(target, "object"), path, s);
    path.push_back(tsString(target.value("member", "")));
  } else if (kind == "index") {
    root = splitPath(get(target, "object"), path, s);
    path.push_back(compileExpr(get(target, "index"), s));
  }
  return root;
}

std::string joinPath(const std::vector<std::string>& path, size_t from = 0) {
  std::string out = "[";
  for (size_t i = from; i < path.size(); ++i) out += (i > from ? ", " : "") + path[i];
  return out + "]";
}

std::string setterOf(const std::string& state) {
  return "set" + capitalize(state);
}

std::string assignName(const Json& target, const std::string& op, const std::string& value,
                       const std::string& newValue, CodeScope& s) {
  std::string n = target.value("name", "");
  if (s.local(n)) return safeIdent(n) + " " + op + " " + value + ";";
  if (s.stateVar(n)) {
    if (s.isStore()) return "this." + n + " " + op + " " + value + ";";
    return setterOf(n) + "(" + newValue + ");";
  }
  if (s.param(n))
    return s.unsupported(target, "assigning the param '" + n + "' (params are read-only); " +
                                     "copy it into a state variable") +
           ";";
  return s.unsupported(target, "assigning '" + n + "', which is not a state variable") + ";";
}

} // namespace

std::string assignTo(const Json& target, const std::string& op, const std::string& value,
                     CodeScope& s) {
  std::string newValue = value;
  if (op != "=")
    newValue = compileExpr(target, s) + " " + op.substr(0, op.size() - 1) + " (" + value + ")";
  if (target.value("kind", "") == "name") return assignName(target, op, value, newValue, s);

  std::vector<std::string> path;
  const Json* root = splitPath(target, path, s);
  if (!root || path.empty()) return s.unsupported(target, "this assignment target") + ";";
  std::string n = root->value("name", "");
  if (const Local* l = s.local(n)) {
    if (l->listState.empty()) return compileExpr(target, s) + " " + op + " " + value + ";";
    // A member of a markup loop item: replace the item in the state list.
    std::string list = l->listState;
    return setterOf(list) + "(" + list + "$().map((item$, i$) => (i$ === " + l->indexVar +
           " ? rt.setIn(item$, " + joinPath(path) + ", " + newValue + ") : item$)));";
  }
  if (s.stateVar(n)) {
    if (s.isStore())
      return "this." + n + " = rt.setIn(this." + n + ", " + joinPath(path) + ", " + newValue + ");";
    return setterOf(n) + "(rt.setIn(" + n + "$(), " + joinPath(path) + ", " + newValue + "));";
  }
  if (s.program.stores.count(n)) {
    s.usedStores.insert(n);
    if (path.size() == 1) return compileExpr(target, s) + " " + op + " " + value + ";";
    std::string head = n + "[" + path[0] + "]";
    return head + " = rt.setIn(" + head + ", " + joinPath(path, 1) + ", " + newValue + ");";
  }
  return s.unsupported(target, "assigning to a member of '" + n + "'") + ";";
}

namespace {

void compileStmt(const Json& st, CodeScope& s, const std::string& in, std::string& out);

void compileIf(const Json& st, CodeScope& s, const std::string& in, std::string& out,
               bool chained) {
  out += (chained ? "" : in) + "if (" + compileExpr(get(st, "condition"), s) + ") {\n";
  s.push();
  compileBlock(get(st, "then"), s, in + "  ", out);
  s.pop();
  const Json& els = st.contains("else") ? get(st, "else") : Json();
  if (els.is_array() && els.size() == 1 && els[0].value("kind", "") == "if") {
    out += in + "} else ";
    compileIf(els[0], s, in, out, true);
    return;
  }
  if (els.is_array() && !els.empty()) {
    out += in + "} else {\n";
    s.push();
    compileBlock(els, s, in + "  ", out);
    s.pop();
  }
  out += in + "}\n";
}

void compileStmt(const Json& st, CodeScope& s, const std::string& in, std::string& out) {
  std::string kind = st.value("kind", "");
  if (kind == "let" || kind == "const") {
    std::string name = st.value("name", "");
    const Json& type = st.contains("type") ? get(st, "type") : Json();
    std::string annotation = type.is_object() ? ": " + tsType(type) : "";
    std::string value = compileExpr(get(st, "value"), s);
    s.declare(name, Local{type.is_object() ? type : typeOfExpr(get(st, "value"), s), "", ""});
    out += in + kind + " " + safeIdent(name) + annotation + " = " + value + ";\n";
  } else if (kind == "assign") {
    std::string value = compileExpr(get(st, "value"), s);
    out += in + assignTo(get(st, "target"), st.value("op", "="), value, s) + "\n";
  } else if (kind == "if") {
    compileIf(st, s, in, out, false);
  } else if (kind == "for") {
    Json element = typeOfExpr(get(st, "iterable"), s);
    if (element.is_object()) element["list"] = false;
    out += in + "for (const " + safeIdent(st.value("var", "")) + " of " +
           compileExpr(get(st, "iterable"), s) + ") {\n";
    s.push();
    s.declare(st.value("var", ""), Local{element, "", ""});
    compileBlock(get(st, "body"), s, in + "  ", out);
    s.pop();
    out += in + "}\n";
  } else if (kind == "while") {
    out += in + "while (" + compileExpr(get(st, "condition"), s) + ") {\n";
    s.push();
    compileBlock(get(st, "body"), s, in + "  ", out);
    s.pop();
    out += in + "}\n";
  } else if (kind == "break" || kind == "continue") {
    out += in + kind + ";\n";
  } else if (kind == "return") {
    out += in + (st.contains("value") && !get(st, "value").is_null()
                     ? "return " + compileExpr(get(st, "value"), s) + ";\n"
                     : std::string("return;\n"));
  } else if (kind == "throw") {
    const Json& v = get(st, "value");
    std::string value = compileExpr(v, s);
    out += in + "throw " + (v.value("kind", "") == "string" ? "new Error(" + value + ")" : value) +
           ";\n";
  } else if (kind == "expr") {
    out += in + compileExpr(get(st, "expr"), s) + ";\n";
  } else {
    out += in + s.unsupported(st, "statement of kind '" + kind + "'") + ";\n";
  }
}

} // namespace

void compileBlock(const Json& block, CodeScope& s, const std::string& indent, std::string& out) {
  if (!block.is_array()) return;
  for (const Json& st : block) compileStmt(st, s, indent, out);
}

} // namespace locus::react
