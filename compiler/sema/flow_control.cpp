// Flow-control options of a workflow: `throttle`, `rateLimit`, `debounce` (E0523) and
// `priority` (E0526), with their keys and priority expressions over the input (E0525), and any
// other word where a workflow member belongs (E0524). Limits and durations must be literals:
// they configure the runtime. Keys are evaluated once, from the input, when a run is created.
#include "compiler/sema/workflow_checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/code_checker.h"
#include "compiler/sema/duration.h"
#include "compiler/sema/expr_names.h"
#include "compiler/sema/literals.h"

#include <algorithm>
#include <map>

namespace locus {

namespace {

constexpr uint64_t kMinPeriodMs = 100;
constexpr uint64_t kMaxPeriodMs = 7ull * 24 * 3600 * 1000;
constexpr double kMaxPriority = 1000;

const std::vector<std::string>& memberWords() {
  static const std::vector<std::string> words = {
      "trigger",  "input",     "state",    "steps",    "retry",    "concurrency",
      "throttle", "rateLimit", "debounce", "priority", "on_error", "on_failure"};
  return words;
}

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

Span valueSpan(const ast::Arg& a) {
  return a.value ? a.value->span : a.name.span;
}

// Names a key may use: the input fields, and `input` for the whole input (unless a field is
// called so).
class KeyChecker {
public:
  KeyChecker(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink)
      : wf_(wf), symbols_(symbols), sink_(sink) {
    for (const ast::Param& p : wf.input) inputs_[p.name.name] = &p;
  }

  // Reports names that are not the input's; true when every name is.
  bool namesOk(const ast::Expr& e, const std::string& what) {
    bool ok = true;
    forEachFreeName(e, [&](const ast::Expr& name, NameUse use) {
      if (use == NameUse::Callee ? isBuiltinFunction(name.text) : knownValue(name.text)) return;
      ok = false;
      std::vector<std::string> known = names();
      sink_
          .emit(DiagKind::InvalidFlowKey, name.span,
                withHint(what + " uses '" + name.text + "', which is not an input of workflow '" +
                             wf_.name.name +
                             "'; it is evaluated from the input when the run is created",
                         didYouMean(name.text, known)))
          .suggestion = closestMatch(name.text, known);
    });
    if (ok) ok = inputMemberOk(e, what);
    return ok;
  }

  // The type of `e` with the input fields in scope (`input.x` has the type of field x).
  Type type(const ast::Expr& e) {
    if (const ast::Param* p = inputMember(e)) return typeFromRef(p->type.get(), symbols_);
    return CodeChecker(symbols_, nullptr, sink_).inferOverInputs(wf_.input, e);
  }

private:
  bool knownValue(const std::string& n) const {
    return inputs_.count(n) || n == "input" || isGlobalName(n);
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out{"input"};
    for (const auto& [name, _] : inputs_) out.push_back(name);
    return out;
  }

  // `input.x`: the field x, when `input` is the whole input rather than a field of that name.
  const ast::Param* inputMember(const ast::Expr& e) const {
    if (e.kind != ast::ExprKind::Member || !e.lhs || e.lhs->kind != ast::ExprKind::Name ||
        e.lhs->text != "input" || inputs_.count("input"))
      return nullptr;
    auto it = inputs_.find(e.text);
    return it == inputs_.end() ? nullptr : it->second;
  }

  bool inputMemberOk(const ast::Expr& e, const std::string& what) {
    if (e.kind != ast::ExprKind::Member || !e.lhs || e.lhs->kind != ast::ExprKind::Name ||
        e.lhs->text != "input" || inputs_.count("input") || inputs_.count(e.text) ||
        wf_.input.empty())
      return true;
    std::vector<std::string> known = names();
    sink_.emit(DiagKind::InvalidFlowKey, e.span,
               withHint(what + ": workflow '" + wf_.name.name + "' has no input '" + e.text + "'",
                        didYouMean(e.text, known)));
    return false;
  }

  const ast::Workflow& wf_;
  const Symbols& symbols_;
  DiagnosticSink& sink_;
  std::map<std::string, const ast::Param*> inputs_;
};

class FlowChecker {
public:
  FlowChecker(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink)
      : wf_(wf), keys_(wf, symbols, sink), sink_(sink) {}

  void check(const ast::FlowOption& f) {
    const std::string& word = f.name.name;
    if (word != "throttle" && word != "rateLimit" && word != "debounce" && word != "priority") {
      unknownMember(f);
      return;
    }
    if (auto [it, inserted] = seen_.emplace(word, f.name.span); !inserted) {
      sink_
          .emit(DiagKind::InvalidFlowControl, f.name.span,
                word + " is given twice in workflow '" + wf_.name.name + "'; remove one")
          .notes.push_back({it->second, "first given here"});
      return;
    }
    if (word == "priority")
      priority(f);
    else if (f.value)
      sink_.emit(DiagKind::InvalidFlowControl, f.span,
                 word + " is a block: write " + word + " { " + example(word) + " }");
    else
      block(f);
  }

private:
  static std::string example(const std::string& word) {
    return word == "debounce" ? "period: 5s, key: customerId"
                              : "limit: 10, period: 1m, key: customerId";
  }

  void unknownMember(const ast::FlowOption& f) {
    std::string hint = didYouMean(f.name.name, memberWords());
    sink_
        .emit(DiagKind::UnknownWorkflowMember, f.name.span,
              withHint("'" + f.name.name +
                           "' is not a member of a workflow (members: trigger, "
                           "input, state, steps, retry, concurrency, throttle, "
                           "rateLimit, debounce, priority, on_error, on_failure)",
                       hint))
        .suggestion = closestMatch(f.name.name, memberWords());
  }

  void block(const ast::FlowOption& f) {
    const std::string& word = f.name.name;
    std::vector<std::string> known = word == "debounce"
                                         ? std::vector<std::string>{"period", "key", "timeout"}
                                         : std::vector<std::string>{"limit", "period", "key"};
    std::map<std::string, const ast::Arg*> given;
    for (const ast::Arg& a : f.props) {
      if (auto [it, inserted] = given.emplace(a.name.name, &a); !inserted) {
        sink_.emit(DiagKind::InvalidFlowControl, a.name.span,
                   word + " key '" + a.name.name + "' is given twice; remove one");
        continue;
      }
      if (std::find(known.begin(), known.end(), a.name.name) == known.end()) {
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        sink_
            .emit(DiagKind::InvalidFlowControl, a.name.span,
                  withHint("unknown " + word + " key '" + a.name.name + "' (known: " + list + ")",
                           didYouMean(a.name.name, known)))
            .suggestion = closestMatch(a.name.name, known);
      } else if (a.name.name == "limit") {
        limit(word, a);
      } else if (a.name.name == "key") {
        key(word + " key", a);
      } else {
        period(word, a);
      }
    }
    for (const char* required : {"limit", "period"})
      if ((std::string(required) != "limit" || word != "debounce") && !given.count(required))
        sink_.emit(DiagKind::InvalidFlowControl, f.span,
                   word + " needs a " + required + ": write " + word + " { " + example(word) +
                       " }");
    timeoutOrder(given);
  }

  void limit(const std::string& word, const ast::Arg& a) {
    auto v = a.value ? numberLiteral(*a.value) : std::nullopt;
    if (v && isIntegral(*v) && *v >= 1 && *v <= 10000) return;
    sink_.emit(DiagKind::InvalidFlowControl, valueSpan(a),
               word + " limit must be an integer from 1 to 10000");
  }

  void period(const std::string& word, const ast::Arg& a) {
    std::optional<uint64_t> ms = a.value ? literalDurationMs(*a.value) : std::nullopt;
    if (ms && *ms >= kMinPeriodMs && *ms <= kMaxPeriodMs) return;
    sink_.emit(DiagKind::InvalidFlowControl, valueSpan(a),
               word + " " + a.name.name +
                   " must be a literal duration from 100ms to 7d, such as 30s, 1m or 1h");
  }

  // debounce: the latest start (timeout) cannot come before the quiet period.
  void timeoutOrder(const std::map<std::string, const ast::Arg*>& given) {
    auto p = given.find("period"), t = given.find("timeout");
    if (p == given.end() || t == given.end() || !p->second->value || !t->second->value) return;
    auto period = literalDurationMs(*p->second->value),
         timeout = literalDurationMs(*t->second->value);
    if (period && timeout && *timeout < *period)
      sink_.emit(DiagKind::InvalidFlowControl, t->second->value->span,
                 "debounce timeout is shorter than its period; raise timeout or lower period");
  }

  void key(const std::string& what, const ast::Arg& a) {
    if (!a.value || !keys_.namesOk(*a.value, what)) return;
    Type t = keys_.type(*a.value);
    if (t.is(Type::Kind::List) || t.is(Type::Kind::Object) || t.is(Type::Kind::Entity) ||
        t.is(Type::Kind::Void))
      sink_.emit(DiagKind::InvalidFlowKey, a.value->span,
                 what + " is " + typeName(t) + "; a key is a string, number or boolean");
  }

  void priority(const ast::FlowOption& f) {
    const ast::Expr* value = f.value.get();
    for (const ast::Arg& a : f.props) {
      if (a.name.name == "value") {
        value = a.value.get();
      } else if (a.name.name == "aging") {
        std::optional<uint64_t> ms = a.value ? literalDurationMs(*a.value) : std::nullopt;
        if (!ms || *ms < 1000 || *ms > 24ull * 3600 * 1000)
          sink_.emit(DiagKind::InvalidPriority, valueSpan(a),
                     "priority aging must be a literal duration from 1s to 1d, such as 10s");
      } else {
        sink_
            .emit(DiagKind::InvalidPriority, a.name.span,
                  withHint("unknown priority key '" + a.name.name + "' (known: value, aging)",
                           didYouMean(a.name.name, {"value", "aging"})))
            .suggestion = closestMatch(a.name.name, {"value", "aging"});
      }
    }
    if (!value) {
      sink_.emit(DiagKind::InvalidPriority, f.span,
                 "priority needs a value: write priority: expr or priority { value: expr, "
                 "aging: 10s }");
      return;
    }
    priorityValue(*value);
  }

  void priorityValue(const ast::Expr& e) {
    if (auto v = numberLiteral(e)) {
      if (*v < -kMaxPriority || *v > kMaxPriority)
        sink_.emit(DiagKind::InvalidPriority, e.span,
                   "priority must be from -1000 to 1000 (higher starts first)");
      return;
    }
    if (!keys_.namesOk(e, "priority")) return;
    Type t = keys_.type(e);
    if (!t.is(Type::Kind::Any) && !t.is(Type::Kind::Number))
      sink_.emit(DiagKind::InvalidPriority, e.span,
                 "priority is " + typeName(t) +
                     "; it must be a number (e.g. priority: tier == \"gold\" ? 100 : 0)");
  }

  const ast::Workflow& wf_;
  KeyChecker keys_;
  DiagnosticSink& sink_;
  std::map<std::string, Span> seen_;
};

} // namespace

void checkFlowControl(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink) {
  FlowChecker checker(wf, symbols, sink);
  for (const ast::FlowOption& f : wf.flow) checker.check(f);
}

Type CodeChecker::inferOverInputs(const std::vector<ast::Param>& inputs, const ast::Expr& e) {
  action_ = nullptr;
  frames_.assign(1, {});
  for (const ast::Param& p : inputs)
    frames_.back().emplace(p.name.name, Sym{SymKind::Param, typeFromRef(p.type.get(), symbols_),
                                            p.type != nullptr, p.name.span});
  frames_.back().emplace("input", Sym{SymKind::Param, Type::any(), false, {}});
  return infer(e);
}

} // namespace locus
