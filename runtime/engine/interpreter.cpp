#include "runtime/engine/interpreter.h"

#include "runtime/engine/entity_events.h"
#include "runtime/engine/errors.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <random>

namespace locus::rt {

namespace {

// Control flow inside an action body.
enum class Flow { Next, Break, Continue, Return };

[[noreturn]] void fail(const std::string& message, const Json& at) {
  std::string where;
  if (at.contains("span") && at["span"].is_object())
    where = " (" + at["span"].value("file", std::string()) + ":" +
            std::to_string(at["span"].value("line", 0)) + ")";
  throw StepError(message + where, false, "evaluation");
}

Json numberLiteral(const std::string& text) {
  if (text.find_first_of(".eE") == std::string::npos) {
    try {
      return std::stoll(text);
    } catch (...) {
    }
  }
  return std::stod(text);
}

double asDouble(const Json& v, const Json& at) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  fail("expected a number, got " + v.dump(), at);
}

// Integers stay integers while the result is exact.
Json arithmetic(const std::string& op, const Json& a, const Json& b, const Json& at) {
  if (op == "+" && (a.is_string() || b.is_string())) return displayText(a) + displayText(b);
  if (op == "+" && a.is_array() && b.is_array()) {
    Json out = a;
    for (const Json& x : b) out.push_back(x);
    return out;
  }
  if (a.is_number_integer() && b.is_number_integer()) {
    int64_t x = a.get<int64_t>(), y = b.get<int64_t>();
    if (op == "+") return x + y;
    if (op == "-") return x - y;
    if (op == "*") return x * y;
    if (y == 0 && (op == "/" || op == "%")) fail("division by zero", at);
    if (op == "%") return x % y;
    if (op == "/" && x % y == 0) return x / y;
  }
  double x = asDouble(a, at), y = asDouble(b, at);
  if (op == "+") return x + y;
  if (op == "-") return x - y;
  if (op == "*") return x * y;
  if (y == 0) fail("division by zero", at);
  if (op == "/") return x / y;
  return std::fmod(x, y);
}

bool looseEqual(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

Json compare(const std::string& op, const Json& a, const Json& b, const Json& at) {
  int c = 0;
  if (a.is_string() && b.is_string())
    c = a.get<std::string>().compare(b.get<std::string>());
  else {
    double x = asDouble(a, at), y = asDouble(b, at);
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

class Evaluator {
public:
  Evaluator(Scope& scope, EvalEnv& env) : scope_(scope), env_(env) {}

  Json eval(const Json& e);
  Flow block(const Json& stmts, Json& ret);

private:
  Json name(const Json& e);
  Json member(const Json& e);
  Json index(const Json& e);
  Json call(const Json& e);
  Json methodCall(const Json& e);
  Json binary(const Json& e);
  Json unary(const Json& e);
  Json dataCall(const std::string& fn, const Json& e);
  void publishEntityEvent(const std::string& event, const EntityMeta& entity, const Json& row,
                          const Json& previous);
  Flow statement(const Json& s, Json& ret);
  void assign(const Json& s);
  void checkDeadline(const Json& at) {
    if (env_.deadlineMs && nowMs() > env_.deadlineMs)
      throw StepError(
          "the step timed out while evaluating" +
              (at.contains("span") ? " line " + std::to_string(at["span"].value("line", 0)) : ""),
          true, "timeout");
  }
  const EntityMeta& entityArg(const Json& pairs, const std::string& fn, const Json& at);
  Json namedArg(const Json& pairs, const std::string& key, size_t position);

  Scope& scope_;
  EvalEnv& env_;
};

Json Evaluator::eval(const Json& e) {
  const std::string& kind = e.at("kind").get_ref<const std::string&>();
  if (kind == "name") return name(e);
  if (kind == "number") return numberLiteral(e.at("value").get<std::string>());
  if (kind == "string") return e.at("value");
  if (kind == "bool") return e.at("value");
  if (kind == "null") return nullptr;
  if (kind == "member") return member(e);
  if (kind == "binary") return binary(e);
  if (kind == "call") return call(e);
  if (kind == "unary") return unary(e);
  if (kind == "index") return index(e);
  if (kind == "conditional")
    return truthy(eval(e.at("condition"))) ? eval(e.at("then")) : eval(e.at("else"));
  if (kind == "array") {
    Json out = Json::array();
    if (!e.contains("elements")) return out; // `[]`: the IR leaves the key out
    for (const Json& x : e.at("elements")) out.push_back(eval(x));
    return out;
  }
  if (kind == "object") {
    Json out = Json::object();
    if (!e.contains("entries")) return out; // `{}`: the IR leaves the key out
    for (const Json& p : e.at("entries")) {
      std::string key = p.value("name", std::string());
      if (key.empty() && p.at("value").value("kind", "") == "name") key = p["value"]["name"];
      out[key] = eval(p.at("value"));
    }
    return out;
  }
  if (kind == "duration" || kind == "size" || kind == "color") return e.at("value");
  fail("cannot evaluate a `" + kind + "` expression", e);
}

Json Evaluator::name(const Json& e) {
  const std::string& n = e.at("name").get_ref<const std::string&>();
  auto it = scope_.find(n);
  if (it != scope_.end()) return it->second;
  // `currentUser` (sema reserves the name): runs act as the system, nobody is signed in.
  if (n == "currentUser") return nullptr;
  fail("`" + n + "` has no value here", e);
}

Json Evaluator::member(const Json& e) {
  Json object = eval(e.at("object"));
  const std::string& m = e.at("member").get_ref<const std::string&>();
  if (object.is_null()) {
    if (e.value("optionalChain", false)) return nullptr;
    fail("cannot read `" + m + "` of null", e);
  }
  if (object.is_object()) {
    auto it = object.find(m);
    return it == object.end() ? Json(nullptr) : *it;
  }
  if (m == "length" && object.is_array()) return object.size();
  if (m == "length" && object.is_string()) return object.get<std::string>().size();
  fail("cannot read `" + m + "` of " + object.dump(), e);
}

Json Evaluator::index(const Json& e) {
  Json object = eval(e.at("object"));
  Json i = eval(e.at("index"));
  if (object.is_array() && i.is_number_integer()) {
    int64_t k = i.get<int64_t>();
    return k >= 0 && static_cast<size_t>(k) < object.size() ? object[k] : Json(nullptr);
  }
  if (object.is_object() && i.is_string()) return object.value(i.get<std::string>(), Json(nullptr));
  if (object.is_null()) fail("cannot index null", e);
  fail("cannot index " + object.dump() + " with " + i.dump(), e);
}

Json Evaluator::unary(const Json& e) {
  const std::string& op = e.at("op").get_ref<const std::string&>();
  Json v = eval(e.at("operand"));
  if (op == "!" || op == "not") return !truthy(v);
  if (op == "-") return v.is_number_integer() ? Json(-v.get<int64_t>()) : Json(-asDouble(v, e));
  if (op == "+") return v.is_number() ? v : Json(asDouble(v, e));
  return v; // await: data calls are awaited implicitly
}

Json Evaluator::binary(const Json& e) {
  const std::string& op = e.at("op").get_ref<const std::string&>();
  if (op == "&&" || op == "and") {
    Json l = eval(e.at("lhs"));
    return truthy(l) ? eval(e.at("rhs")) : l;
  }
  if (op == "||" || op == "or") {
    Json l = eval(e.at("lhs"));
    return truthy(l) ? l : eval(e.at("rhs"));
  }
  if (op == "??") {
    Json l = eval(e.at("lhs"));
    return l.is_null() ? eval(e.at("rhs")) : l;
  }
  Json a = eval(e.at("lhs")), b = eval(e.at("rhs"));
  if (op == "==" || op == "===") return looseEqual(a, b);
  if (op == "!=" || op == "!==") return !looseEqual(a, b);
  if (op == "<" || op == "<=" || op == ">" || op == ">=") return compare(op, a, b, e);
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") return arithmetic(op, a, b, e);
  fail("unknown operator " + op, e);
}

Json Evaluator::namedArg(const Json& pairs, const std::string& key, size_t position) {
  size_t positional = 0;
  for (const Json& p : pairs) {
    if (p.contains("name")) {
      if (p["name"] == key) return eval(p.at("value"));
    } else if (positional++ == position) {
      return eval(p.at("value"));
    }
  }
  return nullptr;
}

const EntityMeta& Evaluator::entityArg(const Json& pairs, const std::string& fn, const Json& at) {
  if (pairs.empty() || pairs[0].contains("name") || pairs[0]["value"].value("kind", "") != "name")
    fail(fn + " needs an entity name as its first argument", at);
  const std::string& entity = pairs[0]["value"]["name"].get_ref<const std::string&>();
  auto it = env_.program.entities.find(entity);
  if (it == env_.program.entities.end()) fail("unknown entity " + entity, at);
  return it->second;
}

// A change some workflow listens to goes into the outbox in the change's own transaction.
void Evaluator::publishEntityEvent(const std::string& event, const EntityMeta& entity,
                                   const Json& row, const Json& previous) {
  if (!row.is_object() || !listensTo(env_.program, event, entity.name)) return;
  Json id = row.contains(entity.primaryKeyField) ? row[entity.primaryKeyField] : Json(nullptr);
  QueueMessage m;
  m.key = newEntityEventKey();
  m.topic = entityEventTopic(event, entity.name);
  m.payload = entityEventPayload(event, entity.name, id, row, previous);
  env_.tx->publish(m);
}

Json Evaluator::dataCall(const std::string& fn, const Json& e) {
  const Json& pairs = e.at("args");
  const EntityMeta& entity = entityArg(pairs, fn, e);
  if (!env_.tx)
    fail(fn + "(" + entity.name +
             ", …) reads or writes the database: call it inside a server "
             "action (`run`)",
         e);
  Json rest = Json::array(); // the pairs after the entity
  for (size_t i = 1; i < pairs.size(); ++i) rest.push_back(pairs[i]);
  try {
    if (fn == "find" || fn == "findOne") {
      Json where = namedArg(rest, "where", 0);
      Json orderBy = namedArg(rest, "orderBy", 99);
      Json take = namedArg(rest, "take", 99), skip = namedArg(rest, "skip", 99);
      std::optional<int64_t> t, s;
      if (fn == "findOne")
        t = 1;
      else if (take.is_number_integer())
        t = take.get<int64_t>();
      if (skip.is_number_integer()) s = skip.get<int64_t>();
      Json rows = env_.tx->findRows(entity, where, orderBy, t, s);
      if (fn == "find") return rows;
      return rows.empty() ? Json(nullptr) : rows[0];
    }
    if (fn == "create") {
      Json row = env_.tx->insertRow(entity, namedArg(rest, "data", 0));
      publishEntityEvent("create", entity, row, nullptr);
      return row;
    }
    Json id = namedArg(rest, "id", 0);
    // The row before an update or delete, for the event (read only when a workflow listens).
    Json previous;
    if (listensTo(env_.program, fn, entity.name))
      if (Json rows = env_.tx->findRows(entity, Json{{entity.primaryKeyField, id}}, nullptr, 1,
                                        std::nullopt);
          !rows.empty())
        previous = rows[0];
    if (fn == "update") {
      Json row = env_.tx->updateRow(entity, id, namedArg(rest, "data", 1));
      if (row.is_null()) fail("update(" + entity.name + ", " + id.dump() + "): no such row", e);
      publishEntityEvent("update", entity, row, previous);
      return row;
    }
    bool deleted = env_.tx->deleteRow(entity, id);
    if (deleted) publishEntityEvent("delete", entity, previous, nullptr);
    return deleted;
  } catch (const std::invalid_argument& bad) {
    fail(fn + "(" + entity.name + "): " + bad.what(), e);
  } catch (const StoreError& store) {
    std::string what = store.what();
    bool missingTable = what.find("no such table") != std::string::npos;
    bool busy = what.find("locked") != std::string::npos || what.find("busy") != std::string::npos;
    throw StepError(fn + "(" + entity.name + ") failed: " + what +
                        (missingTable ? " — apply the app's schema (`locus run --schema DIR`, or "
                                        "generate db/sqlite/migrations with `locusc build`)"
                                      : ""),
                    busy, busy ? "store" : "database");
  }
}

// `a.concat(b)`: the one method the checker suggests (joining lists, or strings).
Json Evaluator::methodCall(const Json& e) {
  const Json& callee = e.at("callee");
  const std::string method = callee.value("member", std::string());
  if (method != "concat") fail("the runtime cannot call the method `" + method + "`", e);
  Json out = eval(callee.at("object"));
  for (const Json& p : e.at("args")) {
    Json x = eval(p.at("value"));
    if (out.is_array() && x.is_array())
      out.insert(out.end(), x.begin(), x.end());
    else if (out.is_string() && x.is_string())
      out = out.get<std::string>() + x.get<std::string>();
    else
      fail("concat joins two lists or two strings, not " + out.dump() + " and " + x.dump(), e);
  }
  return out;
}

Json Evaluator::call(const Json& e) {
  const Json& callee = e.at("callee");
  if (callee.value("kind", "") == "member") return methodCall(e);
  if (callee.value("kind", "") != "name") fail("only named functions can be called", e);
  const std::string& fn = callee.at("name").get_ref<const std::string&>();
  if (fn == "find" || fn == "findOne" || fn == "create" || fn == "update" || fn == "delete")
    return dataCall(fn, e);
  if (fn == "now" || fn == "uuid")
    return env_.nondeterministic ? env_.nondeterministic(fn)
                                 : (fn == "now" ? freshNow() : freshUuid());
  Json args = Json::array();
  for (const Json& p : e.at("args")) args.push_back(eval(p.at("value")));
  if (fn == "len" || fn == "length") {
    if (args.size() == 1 && (args[0].is_array() || args[0].is_object())) return args[0].size();
    if (args.size() == 1 && args[0].is_string()) return args[0].get<std::string>().size();
    fail(fn + "() takes a list, object or string", e);
  }
  if (fn == "str" || fn == "String") return args.empty() ? Json("") : Json(displayText(args[0]));
  if (fn == "abs" && args.size() == 1)
    return args[0].is_number_integer() ? Json(std::llabs(args[0].get<int64_t>()))
                                       : Json(std::fabs(asDouble(args[0], e)));
  if ((fn == "min" || fn == "max") && !args.empty()) {
    Json best = args[0];
    for (const Json& a : args)
      if (truthy(compare(fn == "min" ? "<" : ">", a, best, e))) best = a;
    return best;
  }
  if (fn == "round" || fn == "floor" || fn == "ceil") {
    double x = args.empty() ? 0 : asDouble(args[0], e);
    double r = fn == "round" ? std::round(x) : fn == "floor" ? std::floor(x) : std::ceil(x);
    return static_cast<int64_t>(r);
  }
  auto action = env_.program.actions.find(fn);
  if (action != env_.program.actions.end()) {
    Json named = Json::object();
    const Json& params = action->second->at("params");
    size_t i = 0;
    for (const Json& p : e.at("args")) {
      std::string key =
          p.value("name", i < params.size() ? params[i]["name"].get<std::string>() : "");
      named[key] = args[i++];
    }
    return callAction(fn, named, env_);
  }
  fail("unknown function `" + fn +
           "` (known: find, findOne, create, update, delete, now, uuid, "
           "len, str, abs, min, max, round, floor, ceil, and the server actions)",
       e);
}

void Evaluator::assign(const Json& s) {
  const std::string& op = s.at("op").get_ref<const std::string&>();
  Json value = eval(s.at("value"));
  // The target is a name or a member chain rooted at a name: walk to the slot and write it.
  std::vector<std::string> path;
  const Json* t = &s.at("target");
  while (t->value("kind", "") == "member") {
    path.insert(path.begin(), t->at("member").get<std::string>());
    t = &t->at("object");
  }
  if (t->value("kind", "") != "name") fail("cannot assign to this expression", s);
  auto it = scope_.find(t->at("name").get<std::string>());
  if (it == scope_.end()) fail("`" + t->at("name").get<std::string>() + "` is not declared", s);
  Json* slot = &it->second;
  for (const std::string& key : path) {
    if (!slot->is_object()) fail("cannot set `" + key + "` on " + slot->dump(), s);
    slot = &(*slot)[key];
  }
  if (op == "=")
    *slot = std::move(value);
  else
    *slot = arithmetic(op.substr(0, 1), *slot, value, s);
}

Flow Evaluator::statement(const Json& s, Json& ret) {
  checkDeadline(s);
  const std::string& kind = s.at("kind").get_ref<const std::string&>();
  if (kind == "let" || kind == "const") {
    scope_[s.at("name").get<std::string>()] =
        s.contains("value") ? eval(s["value"]) : Json(nullptr);
  } else if (kind == "assign") {
    assign(s);
  } else if (kind == "expr") {
    eval(s.at("expr"));
  } else if (kind == "if") {
    if (truthy(eval(s.at("condition")))) return block(s.at("then"), ret);
    if (s.contains("else")) return block(s["else"], ret);
  } else if (kind == "for" || kind == "while") {
    bool isFor = kind == "for";
    Json items = isFor ? eval(s.at("iterable")) : Json();
    if (isFor && !items.is_array()) fail("`for` needs a list, got " + items.dump(), s);
    for (size_t i = 0;; ++i) {
      if (isFor ? i >= items.size() : !truthy(eval(s.at("condition")))) break;
      if (i >= env_.maxIterations)
        fail("loop ran " + std::to_string(i) +
                 " iterations, the bound (raise it with "
                 "--max-iterations)",
             s);
      checkDeadline(s);
      if (isFor) scope_[s.at("var").get<std::string>()] = items[i];
      Flow f = block(s.at("body"), ret);
      if (f == Flow::Break) break;
      if (f == Flow::Return) return f;
    }
  } else if (kind == "break") {
    return Flow::Break;
  } else if (kind == "continue") {
    return Flow::Continue;
  } else if (kind == "return") {
    ret = s.contains("value") ? eval(s["value"]) : Json(nullptr);
    return Flow::Return;
  } else if (kind == "throw") {
    Json v = s.contains("value") ? eval(s["value"]) : Json("error");
    std::string message =
        v.is_object() && v.contains("message") ? displayText(v["message"]) : displayText(v);
    bool retryable = !(v.is_object() && v.value("retryable", true) == false);
    throw StepError(message, retryable, "thrown", v);
  } else {
    fail("unknown statement `" + kind + "`", s);
  }
  return Flow::Next;
}

Flow Evaluator::block(const Json& stmts, Json& ret) {
  for (const Json& s : stmts) {
    Flow f = statement(s, ret);
    if (f != Flow::Next) return f;
  }
  return Flow::Next;
}

} // namespace

bool truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return true;
}

std::string displayText(const Json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

Json evalExpr(const Json& expr, Scope& scope, EvalEnv& env) {
  return Evaluator(scope, env).eval(expr);
}

Json callAction(const std::string& name, const Json& namedArgs, EvalEnv& env) {
  auto it = env.program.actions.find(name);
  if (it == env.program.actions.end())
    throw StepError("unknown server action `" + name + "`", false, "evaluation");
  if (env.depth > 64)
    throw StepError("action calls nested more than 64 deep (recursion in " + name + "?)", false,
                    "evaluation");
  const Json& action = *it->second;
  Scope local;
  for (const Json& p : action.at("params")) {
    std::string pname = p.at("name").get<std::string>();
    if (namedArgs.contains(pname))
      local[pname] = namedArgs[pname];
    else if (p.contains("default") && !p["default"].is_null())
      local[pname] = evalExpr(p["default"], local, env);
    else if (p.contains("type") && p["type"].value("optional", false))
      local[pname] = nullptr;
    else
      throw StepError("action " + name + " needs the argument `" + pname + "`", false,
                      "evaluation");
  }
  ++env.depth;
  Json ret;
  Evaluator ev(local, env);
  ev.block(action.at("body"), ret);
  --env.depth;
  return ret;
}

Json freshNow() {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t t = system_clock::to_time_t(now);
  int ms = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

Json freshUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffull) | 0x0000000000004000ull;
  b = (b & 0x3fffffffffffffffull) | 0x8000000000000000ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

} // namespace locus::rt
