#include "generators/react/ts_expr.h"
#include "generators/common/ir_get.h"

#include "generators/react/ts_names.h"
#include "generators/react/ts_types.h"

#include <array>
#include <string_view>

namespace locus::react {

namespace {

bool isDataFunction(const std::string& n) {
  return n == "find" || n == "findOne" || n == "create" || n == "update" || n == "delete";
}

// Built-in functions of the language implemented by the emitted runtime (builtins.ts).
bool isRuntimeFunction(const std::string& n) {
  static constexpr std::array<std::string_view, 14> names = {
      "now",     "uuid",   "len",      "log",        "redirect", "navigate",   "alert",
      "confirm", "prompt", "parseInt", "parseFloat", "isNaN",    "formatDate", "toast"};
  for (std::string_view v : names)
    if (v == n) return true;
  return false;
}

std::string binaryOp(const std::string& op) {
  if (op == "==") return "===";
  if (op == "!=") return "!==";
  if (op == "and") return "&&";
  if (op == "or") return "||";
  return op;
}

bool isPlainLiteral(const Json& e) {
  std::string k = e.value("kind", "");
  return k == "number" || k == "string" || k == "bool";
}

const char* literalTsType(const Json& e) {
  std::string k = e.value("kind", "");
  return k == "number" ? "number" : k == "string" ? "string" : "boolean";
}

bool needsParens(const Json& e) {
  std::string k = e.value("kind", "");
  return k == "binary" || k == "conditional" || k == "unary";
}

std::string wrap(const Json& e, CodeScope& s) {
  std::string text = compileExpr(e, s);
  return needsParens(e) ? "(" + text + ")" : text;
}

std::string literal(const Json& e) {
  std::string k = e.value("kind", "");
  if (k == "number") return e.value("value", "0");
  if (k == "bool")
    return get(e, "value").is_boolean() && get(e, "value").get<bool>() ? "true" : "false";
  if (k == "null") return "null";
  return tsString(e.value("value", "")); // string, size, duration, color
}

// `currentUser` (sema reserves the name): a component's render reads the shared signed-in user
// (re-rendered at login and logout); an action body binds it once from the session
// (withCurrentUser), so `if currentUser != null { … }` narrows it as TypeScript sees it.
std::string currentUserRead(CodeScope& s) {
  s.needsFullRuntime = true;
  if (s.context == CodeContext::Action) {
    ++s.currentUserReads;
    return "currentUser";
  }
  if (s.isStore()) return "rt.knownCurrentUser()";
  s.usesCurrentUser = true;
  return "currentUser";
}

std::string readName(const Json& e, CodeScope& s) {
  std::string n = e.value("name", "");
  if (s.local(n)) return safeIdent(n);
  if (s.stateVar(n)) {
    if (s.isStore()) return "this." + n;
    return s.context == CodeContext::Action ? n + "$()" : safeIdent(n);
  }
  if (s.param(n)) return safeIdent(n);
  if (s.action(n) || s.setterTarget(n)) return s.isStore() ? "this." + n : safeIdent(n);
  if (n == "children") return "children";
  if (n == "event" && s.inHandler) return "event";
  if (n == "currentUser" && s.program.hasAuth) return currentUserRead(s);
  if (s.program.stores.count(n)) {
    s.usedStores.insert(n);
    return n;
  }
  if (s.program.entities.count(n))
    return s.unsupported(e, "entity '" + n +
                                "' used as a value; an entity is only the first "
                                "argument of find/findOne/create/update/delete");
  if (s.program.components.count(n))
    return s.unsupported(e, "component '" + n + "' used as a value; render it as <" + n + "/>");
  if (s.program.serverActions.count(n))
    return s.unsupported(e, "server action '" + n + "' used as a value; call it: " + n + "(…)");
  if (isRuntimeFunction(n)) return "rt." + n;
  if (isDataFunction(n))
    return s.unsupported(e, "data function '" + n + "' used as a value; call it");
  return safeIdent(n); // browser globals (sema rejected anything else)
}

// Positional arguments, then named ones keyed by name.
struct Args {
  std::vector<const Json*> positional;
  std::map<std::string, const Json*> named;
};

Args splitArgs(const Json& args) {
  Args out;
  if (!args.is_array()) return out;
  for (const Json& pair : args) {
    if (pair.contains("name") && get(pair, "name").is_string())
      out.named[get(pair, "name").get<std::string>()] = &get(pair, "value");
    else
      out.positional.push_back(&get(pair, "value"));
  }
  return out;
}

// The argument called `name`, else the positional one at `index` (counted after the entity).
const Json* argument(const Args& a, const std::string& name, size_t index) {
  auto it = a.named.find(name);
  if (it != a.named.end()) return it->second;
  return index < a.positional.size() ? a.positional[index] : nullptr;
}

std::string dataCall(const std::string& fn, const Json& call, CodeScope& s) {
  if (s.context != CodeContext::Action)
    return s.unsupported(call, "data function '" + fn + "' while rendering; call it in an " +
                                   "action or in `on load`");
  Args a = splitArgs(get(call, "args"));
  const Json* entityArg = a.positional.empty() ? nullptr : a.positional.front();
  if (!entityArg || entityArg->value("kind", "") != "name" ||
      !s.program.entities.count(entityArg->value("name", "")))
    return s.unsupported(call, fn + "() needs an entity as its first argument");
  a.positional.erase(a.positional.begin());
  std::string entity = entityArg->value("name", "");
  const Json& node = *s.program.entities.at(entity);
  std::string table = tsString(node.value("table", ""));
  s.usedEntities.insert(entity);
  auto arg = [&](const std::string& name, size_t index) -> std::string {
    const Json* v = argument(a, name, index);
    return v ? compileExpr(*v, s) : std::string();
  };
  std::string call_;
  if (fn == "find") {
    std::string options;
    const std::array<std::string, 4> keys = {"where", "orderBy", "take", "skip"};
    for (size_t i = 0; i < keys.size(); ++i) {
      std::string v = arg(keys[i], i);
      if (!v.empty()) options += (options.empty() ? "" : ", ") + keys[i] + ": " + v;
    }
    call_ =
        "rt.find<" + entity + ">(" + table + (options.empty() ? "" : ", { " + options + " }") + ")";
  } else if (fn == "findOne") {
    std::string where = arg("where", 0);
    call_ = "rt.findOne<" + entity + ">(" + table + ", " +
            tsString(primaryKeyOf(s.program, entity)) + ", " + (where.empty() ? "{}" : where) + ")";
  } else if (fn == "create") {
    std::string data = arg("data", 0);
    call_ = "rt.create<" + entity + ">(" + table + ", " + (data.empty() ? "{}" : data) + ")";
  } else if (fn == "update") {
    std::string id = arg("id", 0), data = arg("data", 1);
    if (id.empty()) return s.unsupported(call, "update() needs the record's id");
    call_ = "rt.update<" + entity + ">(" + table + ", " + id + ", " + (data.empty() ? "{}" : data) +
            ")";
  } else {
    std::string id = arg("id", 0);
    if (id.empty()) return s.unsupported(call, "delete() needs the record's id");
    call_ = "rt.remove(" + table + ", " + id + ")";
  }
  return "(await " + call_ + ")";
}

// A call of a client action: named arguments are put in parameter order.
std::string actionCall(const std::string& callee, const Json& action, const Json& call,
                       CodeScope& s) {
  if (s.context != CodeContext::Action)
    return s.unsupported(call, "calling action '" + action.value("name", "") +
                                   "' while rendering; call it from a handler");
  Args a = splitArgs(get(call, "args"));
  std::vector<std::string> out;
  size_t next = 0;
  for (const Json& p : get(action, "params")) {
    const Json* v = argument(a, p.value("name", ""), next);
    if (!a.named.count(p.value("name", "")) && v) ++next;
    out.push_back(v ? compileExpr(*v, s) : "undefined");
  }
  while (!out.empty() && out.back() == "undefined") out.pop_back();
  std::string text = callee + "(";
  for (size_t i = 0; i < out.size(); ++i) text += (i ? ", " : "") + out[i];
  return "(await " + text + "))";
}

// A server action called from the browser: the API runs it as the signed-in user
// (POST /api/actions/<name> with the arguments by name); the answer is its return value.
std::string serverActionCall(const Json& action, const Json& call, CodeScope& s) {
  std::string name = action.value("name", "");
  if (s.context != CodeContext::Action)
    return s.unsupported(call, "calling server action '" + name +
                                   "' while rendering; call it from a handler");
  Args a = splitArgs(get(call, "args"));
  std::string fields;
  size_t next = 0;
  for (const Json& p : get(action, "params")) {
    std::string param = p.value("name", "");
    const Json* v = argument(a, param, next);
    if (!a.named.count(param) && v) ++next;
    if (v) fields += (fields.empty() ? "" : ", ") + tsString(param) + ": " + compileExpr(*v, s);
  }
  s.needsFullRuntime = true;
  const Json& returns = get(action, "returnType");
  std::string result = returns.is_object() ? tsType(returns) : "void";
  if (returns.is_object() && returns.value("kind", "") == "entity")
    s.usedEntities.insert(returns.value("name", ""));
  return "(await rt.callServerAction<" + result + ">(" + tsString(name) + ", {" +
         (fields.empty() ? "" : " " + fields + " ") + "}))";
}

// `obj.member` or `obj?.member` as written (a callee keeps its chain).
std::string memberAccess(const Json& e, CodeScope& s) {
  const Json& obj = get(e, "object");
  if (obj.value("kind", "") == "name" && s.program.stores.count(obj.value("name", "")) &&
      !s.local(obj.value("name", "")))
    s.usedStores.insert(obj.value("name", ""));
  std::string dot = e.value("optionalChain", false) ? "?." : ".";
  // In actions state is read through a getter (`p$()`), which TypeScript cannot narrow; the
  // checker proved an optional one non-null here (`if p != null`, else E0608).
  std::string n = obj.value("name", "");
  const Json* state = obj.value("kind", "") == "name" && !s.local(n) ? s.stateVar(n) : nullptr;
  if (dot == "." && state && s.context == CodeContext::Action && !s.isStore() &&
      (get(*state, "type").value("optional", false) ||
       get(*state, "type").value("nullable", false)))
    dot = "!.";
  return wrap(obj, s) + dot + e.value("member", "");
}

std::string plainCall(const Json& call, CodeScope& s) {
  Args a = splitArgs(get(call, "args"));
  if (!a.named.empty())
    return s.unsupported(call, "named arguments are only supported for data functions and " +
                                   std::string("actions"));
  const Json& callee = get(call, "callee");
  std::string text =
      (callee.value("kind", "") == "member" ? memberAccess(callee, s) : wrap(callee, s)) + "(";
  for (size_t i = 0; i < a.positional.size(); ++i)
    text += (i ? ", " : "") + compileExpr(*a.positional[i], s);
  return text + ")";
}

std::string compileCall(const Json& call, CodeScope& s) {
  const Json& callee = get(call, "callee");
  if (callee.value("kind", "") == "name") {
    std::string n = callee.value("name", "");
    if (!s.local(n)) {
      if (isDataFunction(n)) return dataCall(n, call, s);
      if (const Json* action = s.action(n))
        return actionCall(s.isStore() ? "this." + n : safeIdent(n), *action, call, s);
      if (s.setterTarget(n) && s.context != CodeContext::Action)
        return s.unsupported(call, "setting state while rendering");
      if (auto server = s.program.serverActions.find(n); server != s.program.serverActions.end())
        return serverActionCall(*server->second, call, s);
    }
  }
  if (callee.value("kind", "") == "member" && get(callee, "object").value("kind", "") == "name") {
    std::string root = get(callee, "object").value("name", "");
    auto store = s.program.stores.find(root);
    if (!s.local(root) && store != s.program.stores.end()) {
      std::string member = callee.value("member", "");
      for (const Json& action : get((*store->second), "actions"))
        if (action.value("name", "") == member) {
          s.usedStores.insert(root);
          return actionCall(root + "." + member, action, call, s);
        }
    }
  }
  return plainCall(call, s);
}

Json fieldType(const Json& entity, const std::string& member) {
  for (const Json& f : get(entity, "fields"))
    if (f.value("name", "") == member) {
      Json t{{"kind", "primitive"},
             {"name", f.value("type", "any")},
             {"list", f.value("list", false)},
             {"optional", f.value("optional", false)},
             {"nullable", f.value("nullable", false)}};
      if (f.contains("enum")) t["enum"] = f["enum"];
      return t;
    }
  for (const Json& r : get(entity, "relations"))
    if (r.value("name", "") == member)
      return Json{{"kind", "entity"},
                  {"name", r.value("target", "")},
                  {"list", r.value("kind", "") == "has_many"},
                  {"optional", false},
                  {"nullable", false}};
  if (get(entity, "primaryKey").value("field", "") == member)
    return Json{{"kind", "primitive"},
                {"name", get(entity, "primaryKey").value("type", "Integer")},
                {"list", false},
                {"optional", false},
                {"nullable", false}};
  return nullptr;
}

} // namespace

std::string primaryKeyOf(const ProgramIndex& program, const std::string& entity) {
  auto it = program.entities.find(entity);
  if (it == program.entities.end()) return "id";
  return get((*it->second), "primaryKey").value("field", "id");
}

bool mentionsName(const Json& e, const std::string& name) {
  if (e.is_object()) {
    if (e.value("kind", "") == "name" && e.value("name", "") == name) return true;
    for (const auto& [key, value] : e.items())
      if (key != "span" && mentionsName(value, name)) return true;
  } else if (e.is_array()) {
    for (const Json& v : e)
      if (mentionsName(v, name)) return true;
  }
  return false;
}

Json typeOfExpr(const Json& e, const CodeScope& s) {
  std::string kind = e.value("kind", "");
  if (kind == "name") {
    std::string n = e.value("name", "");
    if (const Local* l = s.local(n)) return l->type;
    if (const Json* v = s.stateVar(n)) return get((*v), "type");
    if (const Json* p = s.param(n)) return get((*p), "type");
    return nullptr;
  }
  if (kind == "member") {
    const Json& obj = get(e, "object");
    std::string member = e.value("member", "");
    if (obj.value("kind", "") == "name" && !s.local(obj.value("name", ""))) {
      auto store = s.program.stores.find(obj.value("name", ""));
      if (store != s.program.stores.end())
        for (const Json& v : get((*store->second), "state"))
          if (v.value("name", "") == member) return get(v, "type");
    }
    Json t = typeOfExpr(obj, s);
    if (!t.is_object() || t.value("kind", "") != "entity" || t.value("list", false)) return nullptr;
    auto entity = s.program.entities.find(t.value("name", ""));
    return entity == s.program.entities.end() ? Json() : fieldType(*entity->second, member);
  }
  if (kind == "index") {
    Json t = typeOfExpr(get(e, "object"), s);
    if (!t.is_object() || !t.value("list", false)) return nullptr;
    t["list"] = false;
    t["optional"] = false;
    t["nullable"] = false;
    return t;
  }
  return nullptr;
}

std::string elementEntity(const Json& iterable, const CodeScope& s) {
  Json t = typeOfExpr(iterable, s);
  if (t.is_object() && t.value("kind", "") == "entity" && t.value("list", false))
    return t.value("name", "");
  return "";
}

std::string compileExpr(const Json& e, CodeScope& s) {
  std::string kind = e.value("kind", "");
  if (kind == "number" || kind == "string" || kind == "bool" || kind == "null" || kind == "size" ||
      kind == "duration" || kind == "color")
    return literal(e);
  if (kind == "name") return readName(e, s);
  if (kind == "member") {
    // `a?.b` is `undefined` when `a` is null; the language's optional is `T | null`.
    if (e.value("optionalChain", false)) return "(" + memberAccess(e, s) + " ?? null)";
    return memberAccess(e, s);
  }
  if (kind == "index")
    return wrap(get(e, "object"), s) + "[" + compileExpr(get(e, "index"), s) + "]";
  if (kind == "call") return compileCall(e, s);
  if (kind == "unary") {
    std::string op = e.value("op", "");
    if (op == "await") return compileExpr(get(e, "operand"), s); // data calls are awaited already
    if (op == "not") op = "!";
    return op + wrap(get(e, "operand"), s);
  }
  if (kind == "binary") {
    std::string op = binaryOp(e.value("op", ""));
    // Against null, loose equality also matches `undefined` (a relation that was not loaded).
    if ((op == "===" || op == "!==") &&
        (get(e, "lhs").value("kind", "") == "null" || get(e, "rhs").value("kind", "") == "null"))
      op.pop_back();
    std::string lhs = wrap(get(e, "lhs"), s);
    // Two literals (`95 == 28`): TypeScript types each as its own literal type and rejects the
    // comparison of two distinct ones (TS2367); the language compares the values.
    if ((op == "===" || op == "!==") && isPlainLiteral(get(e, "lhs")) &&
        isPlainLiteral(get(e, "rhs")))
      lhs = "(" + lhs + " as " + literalTsType(get(e, "lhs")) + ")";
    return lhs + " " + op + " " + wrap(get(e, "rhs"), s);
  }
  if (kind == "conditional")
    return wrap(get(e, "condition"), s) + " ? " + wrap(get(e, "then"), s) + " : " +
           wrap(get(e, "else"), s);
  if (kind == "array") {
    std::string text = "[";
    bool first = true;
    for (const Json& el : get(e, "elements")) {
      text += (first ? "" : ", ") + compileExpr(el, s);
      first = false;
    }
    return text + "]";
  }
  if (kind == "object") {
    std::string text = "{";
    bool first = true;
    for (const Json& pair : get(e, "entries")) {
      text += (first ? " " : ", ") + tsKey(pair.value("name", "")) + ": " +
              compileExpr(get(pair, "value"), s);
      first = false;
    }
    return text + (first ? "}" : " }");
  }
  return s.unsupported(e, "expression of kind '" + kind + "'");
}

} // namespace locus::react
