#include "generators/express/action_code.h"

#include "generators/common/ir_get.h"
#include "generators/common/ts_view.h"

#include <set>

namespace locus::express {

namespace {

using Json = locus::OrderedJson;
using api::tsString;

// Built-ins that mean the same on the server: JavaScript's own, called as written.
const std::set<std::string>& plainFunctions() {
  static const std::set<std::string> names = {"String",
                                              "Number",
                                              "Boolean",
                                              "parseInt",
                                              "parseFloat",
                                              "isNaN",
                                              "Math",
                                              "encodeURIComponent",
                                              "decodeURIComponent",
                                              "JSON",
                                              "Date",
                                              "Object",
                                              "Array",
                                              "Infinity",
                                              "NaN"};
  return names;
}

// Built-ins the action library (actions.ts) implements as the runtime does.
const std::set<std::string>& libraryFunctions() {
  static const std::set<std::string> names = {"now", "uuid", "len", "log"};
  return names;
}

bool isDataFunction(const std::string& n) {
  return n == "find" || n == "findOne" || n == "create" || n == "update" || n == "delete";
}

class ActionWriter {
public:
  ActionWriter(const Json& action, const std::vector<const Json*>& callable, bool hasAuth,
               std::vector<GeneratorMessage>& messages)
      : action_(action), callable_(callable), hasAuth_(hasAuth), messages_(messages) {}

  std::string function() {
    std::string name = action_.value("name", "");
    std::string out =
        "async function run_" + name + "(cx: ActionContext, args: Args): Promise<unknown> {\n";
    locals_.emplace_back();
    for (const Json& p : get(action_, "params")) {
      std::string param = p.value("name", "");
      std::string value = "args[" + tsString(param) + "]";
      if (!get(p, "default").is_null())
        value = "(" + value + " === undefined ? " + expr(get(p, "default")) + " : " + value + ")";
      out += "  const " + local(param) + ": any = " + value + " ?? null;\n";
    }
    const Json& body = get(action_, "body");
    block(body, "  ", out);
    locals_.pop_back();
    std::string last = body.empty() ? "" : body.back().value("kind", "");
    if (last != "return" && last != "throw") out += "  return null;\n";
    return out + "}\n";
  }

private:
  std::string local(const std::string& name) {
    locals_.back().insert(name);
    return "$" + name;
  }

  bool isLocal(const std::string& name) const {
    for (const auto& frame : locals_)
      if (frame.count(name)) return true;
    return false;
  }

  std::string unsupported(const Json& node, const std::string& what) {
    messages_.push_back(
        {DiagKind::GeneratorUnsupported,
         "server action '" + action_.value("name", "") + "': " + what + " cannot run on the server",
         get(node, "span")});
    return "lib.unsupported(" + tsString(what) + ")";
  }

  // ------------------------------------------------------------------------ expressions

  std::string name(const Json& e) {
    std::string n = e.value("name", "");
    if (isLocal(n)) return "$" + n;
    if (n == "currentUser" && hasAuth_) return "cx.user";
    if (plainFunctions().count(n)) return n;
    return unsupported(e, "the name '" + n + "'");
  }

  // The argument called `key`, else the positional one at `index` (after the entity).
  static const Json* argument(const Json& args, const std::string& key, size_t index) {
    size_t positional = 0;
    const Json* byPosition = nullptr;
    for (const Json& pair : args) {
      if (pair.contains("name") && pair["name"].is_string()) {
        if (pair["name"] == key) return &pair["value"];
      } else if (positional++ == index) {
        byPosition = &pair["value"];
      }
    }
    return byPosition;
  }

  std::string dataCall(const std::string& fn, const Json& call) {
    const Json& args = get(call, "args");
    if (!args.is_array() || args.empty() || args[0].contains("name") ||
        args[0]["value"].value("kind", "") != "name")
      return unsupported(call, fn + "() without an entity as its first argument");
    std::string entity = tsString(args[0]["value"].value("name", ""));
    Json rest = Json::array();
    for (size_t i = 1; i < args.size(); ++i) rest.push_back(args[i]);
    auto arg = [&](const std::string& key, size_t index, const char* fallback) {
      const Json* v = argument(rest, key, index);
      return v ? expr(*v) : std::string(fallback);
    };
    std::string call_;
    if (fn == "find")
      call_ = "data.find(cx, " + entity + ", { where: " + arg("where", 0, "{}") +
              ", orderBy: " + arg("orderBy", 1, "{}") + ", take: " + arg("take", 2, "null") +
              ", skip: " + arg("skip", 3, "null") + " })";
    else if (fn == "findOne")
      call_ = "data.findOne(cx, " + entity + ", " + arg("where", 0, "{}") + ")";
    else if (fn == "create")
      call_ = "data.create(cx, " + entity + ", " + arg("data", 0, "{}") + ")";
    else if (fn == "update")
      call_ = "data.update(cx, " + entity + ", " + arg("id", 0, "null") + ", " +
              arg("data", 1, "{}") + ")";
    else
      call_ = "data.remove(cx, " + entity + ", " + arg("id", 0, "null") + ")";
    return "(await " + call_ + ")";
  }

  const Json* serverAction(const std::string& name) const {
    for (const Json* a : callable_)
      if (a->value("name", "") == name) return a;
    return nullptr;
  }

  static bool namedIn(const Json& args, const std::string& key) {
    for (const Json& pair : args)
      if (pair.value("name", "") == key) return true;
    return false;
  }

  // Another server action: its arguments by parameter name, as the route passes them.
  std::string actionCall(const Json& target, const Json& call) {
    const Json& args = get(call, "args").is_array() ? get(call, "args") : Json::array();
    std::string fields;
    size_t index = 0;
    for (const Json& p : get(target, "params")) {
      std::string param = p.value("name", "");
      const Json* v = argument(args, param, index);
      if (v && !namedIn(args, param)) ++index;
      if (v) fields += (fields.empty() ? "" : ", ") + tsString(param) + ": " + expr(*v);
    }
    return "(await run_" + target.value("name", "") + "(cx, {" +
           (fields.empty() ? "" : " " + fields + " ") + "}))";
  }

  std::string call(const Json& e) {
    const Json& callee = get(e, "callee");
    if (callee.value("kind", "") == "name" && !isLocal(callee.value("name", ""))) {
      std::string n = callee.value("name", "");
      if (isDataFunction(n)) return dataCall(n, e);
      if (const Json* target = serverAction(n)) return actionCall(*target, e);
      if (libraryFunctions().count(n)) return "lib." + n + "(" + positional(e) + ")";
      if (!plainFunctions().count(n)) return unsupported(e, "the function '" + n + "'");
    }
    return expr(callee) + "(" + positional(e) + ")";
  }

  std::string positional(const Json& call) {
    std::string out;
    for (const Json& pair : get(call, "args")) {
      if (pair.contains("name") && pair["name"].is_string())
        return unsupported(call, "named arguments outside data functions and actions");
      out += (out.empty() ? "" : ", ") + expr(get(pair, "value"));
    }
    return out;
  }

  std::string pairs(const Json& entries) {
    std::string out;
    for (const Json& pair : entries) {
      std::string key = pair.value("name", "");
      if (key.empty() && get(pair, "value").value("kind", "") == "name")
        key = get(pair, "value").value("name", ""); // `{ title }` is `{ title: title }`
      out += (out.empty() ? "" : ", ") + tsString(key) + ": " + expr(get(pair, "value"));
    }
    return out;
  }

  static std::string binaryOp(const std::string& op) {
    if (op == "==") return "===";
    if (op == "!=") return "!==";
    if (op == "and") return "&&";
    if (op == "or") return "||";
    return op;
  }

  std::string expr(const Json& e) {
    std::string k = e.value("kind", "");
    if (k == "number") return e.value("value", "0");
    if (k == "bool")
      return get(e, "value").is_boolean() && get(e, "value").get<bool>() ? "true" : "false";
    if (k == "null") return "null";
    if (k == "string" || k == "size" || k == "duration" || k == "color")
      return tsString(e.value("value", ""));
    if (k == "name") return name(e);
    if (k == "member")
      return "(" + expr(get(e, "object")) + ")" + (e.value("optionalChain", false) ? "?." : ".") +
             e.value("member", "");
    if (k == "index") return "(" + expr(get(e, "object")) + ")[" + expr(get(e, "index")) + "]";
    if (k == "call") return call(e);
    if (k == "unary") {
      std::string op = e.value("op", "");
      if (op == "await") return expr(get(e, "operand"));
      return "(" + std::string(op == "not" ? "!" : op) + "(" + expr(get(e, "operand")) + "))";
    }
    if (k == "binary")
      return "(" + expr(get(e, "lhs")) + " " + binaryOp(e.value("op", "")) + " " +
             expr(get(e, "rhs")) + ")";
    if (k == "conditional")
      return "(" + expr(get(e, "condition")) + " ? " + expr(get(e, "then")) + " : " +
             expr(get(e, "else")) + ")";
    if (k == "array") {
      std::string out;
      for (const Json& x : get(e, "elements")) out += (out.empty() ? "" : ", ") + expr(x);
      return "[" + out + "]";
    }
    if (k == "object") {
      std::string out = pairs(get(e, "entries"));
      return out.empty() ? "{}" : "{ " + out + " }";
    }
    return unsupported(e, "a " + k + " expression");
  }

  // ------------------------------------------------------------------------- statements

  void block(const Json& stmts, const std::string& in, std::string& out) {
    locals_.emplace_back();
    for (const Json& s : stmts) stmt(s, in, out);
    locals_.pop_back();
  }

  void stmt(const Json& s, const std::string& in, std::string& out) {
    std::string k = s.value("kind", "");
    if (k == "let" || k == "const") {
      std::string value = s.contains("value") ? expr(get(s, "value")) : "null";
      out += in + "let " + local(s.value("name", "")) + ": any = " + value + ";\n";
    } else if (k == "assign") {
      out += in + expr(get(s, "target")) + " " + s.value("op", "=") + " " + expr(get(s, "value")) +
             ";\n";
    } else if (k == "if") {
      out += in + "if (" + expr(get(s, "condition")) + ") {\n";
      block(get(s, "then"), in + "  ", out);
      if (s.contains("else")) {
        out += in + "} else {\n";
        block(get(s, "else"), in + "  ", out);
      }
      out += in + "}\n";
    } else if (k == "for") {
      std::string iterable = expr(get(s, "iterable"));
      locals_.emplace_back();
      out += in + "for (const " + local(s.value("var", "")) + " of " + iterable + ") {\n";
      block(get(s, "body"), in + "  ", out);
      locals_.pop_back();
      out += in + "}\n";
    } else if (k == "while") {
      out += in + "while (" + expr(get(s, "condition")) + ") {\n";
      out += in + "  lib.step(cx);\n";
      block(get(s, "body"), in + "  ", out);
      out += in + "}\n";
    } else if (k == "break" || k == "continue") {
      out += in + k + ";\n";
    } else if (k == "return") {
      out += in + "return " + (s.contains("value") ? expr(get(s, "value")) : "null") + ";\n";
    } else if (k == "throw") {
      out += in + "throw lib.actionError(" +
             (s.contains("value") ? expr(get(s, "value")) : "null") + ");\n";
    } else if (k == "expr") {
      out += in + expr(get(s, "expr")) + ";\n";
    }
  }

  const Json& action_;
  const std::vector<const Json*>& callable_; // the server actions actions.ts defines
  bool hasAuth_;
  std::vector<GeneratorMessage>& messages_;
  std::vector<std::set<std::string>> locals_;
};

} // namespace

std::string serverActionFunction(const locus::OrderedJson& action,
                                 const std::vector<const locus::OrderedJson*>& callable,
                                 bool hasAuth, std::vector<GeneratorMessage>& messages) {
  return ActionWriter(action, callable, hasAuth, messages).function();
}

} // namespace locus::express
