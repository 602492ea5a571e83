// Workflows: normalised triggers, typed input and state, the retry policy with every default
// filled in (docs/ir.md "Retry defaults"), concurrency, and the step trees with their IDs.
#include "compiler/ir/workflow_parts.h"

#include "compiler/sema/duration.h"
#include "compiler/sema/literals.h"

namespace locus::ir {

namespace {

// The retry policy a workflow gets for every key it does not set.
struct RetryDefaults {
  static constexpr int max = 3;
  static constexpr const char* backoff = "exponential";
  static constexpr int factor = 2;
  static constexpr const char* delay = "1s";
  static constexpr const char* maxDelay = "5m";
  static constexpr bool jitter = false;
};

const ast::Arg* findArg(const std::vector<ast::Arg>& args, const std::string& key) {
  for (const ast::Arg& a : args)
    if (a.name.name == key && a.value) return &a;
  return nullptr;
}

Json wordOf(const ast::Arg* a) {
  std::optional<std::string> w = a ? wordLiteral(*a->value) : std::nullopt;
  return w ? Json(*w) : Json(nullptr);
}

// --------------------------------------------------------------------------------- triggers

// The options of on:schedule, only when written, so a plain schedule lowers as it always did:
// timezone (a tz database name), overlap (allow|skip|buffer|cancel), jitterMs.
void scheduleOptions(Json& j, const ast::Trigger& t) {
  if (const ast::Arg* tz = findArg(t.args, "timezone"); tz && tz->value)
    j["timezone"] = tz->value->text;
  if (const ast::Arg* overlap = findArg(t.args, "overlap"); overlap && overlap->value)
    j["overlap"] = wordOf(overlap);
  if (const ast::Arg* jitter = findArg(t.args, "jitter"); jitter && jitter->value)
    if (std::optional<uint64_t> ms = literalDurationMs(*jitter->value)) j["jitterMs"] = *ms;
}

// {kind: webhook, secret} | {kind: create|update|delete, entity} | {kind: schedule, cron} |
// {kind: queue, topic} | {kind: manual}; bare peer words trigger nothing and are dropped.
std::optional<Json> lowerTrigger(const ast::Trigger& t, const Context& cx) {
  using K = ast::TriggerKind;
  if (t.kind == K::Unrecognized) return std::nullopt;
  const ast::Arg* first = t.args.empty() || !t.args.front().value ? nullptr : &t.args.front();
  Json j;
  j["kind"] = ast::triggerKindName(t.kind);
  switch (t.kind) {
  case K::Webhook:
    j["secret"] = wordOf(findArg(t.args, "secret"));
    break;
  case K::Create:
  case K::Update:
  case K::Delete:
    j["entity"] = wordOf(first);
    break;
  case K::Schedule:
    j["cron"] = first ? Json(first->value->text) : Json(nullptr);
    scheduleOptions(j, t);
    break;
  case K::Queue:
    j["topic"] = wordOf(first);
    break;
  case K::Manual:
  case K::Unrecognized:
    break;
  }
  j["span"] = cx.span(t.span.valid() ? t.span : t.word.span);
  return j;
}

Json lowerTriggers(const ast::Workflow& wf, const Context& cx) {
  Json out = Json::array();
  for (const ast::Trigger& t : wf.triggers)
    if (std::optional<Json> j = lowerTrigger(t, cx)) out.push_back(std::move(*j));
  return out;
}

// ---------------------------------------------------------------------------------- policies

void setDuration(Json& j, const char* key, const ast::Arg* a, const char* fallback) {
  std::string text =
      a && (a->value->kind == ast::ExprKind::Duration || a->value->kind == ast::ExprKind::String)
          ? a->value->text
          : fallback;
  j[key] = text;
  std::optional<uint64_t> ms = parseDurationMs(text);
  j[std::string(key) + "Ms"] = ms ? Json(*ms) : Json(nullptr);
}

Json numberOr(const ast::Arg* a, int fallback) {
  std::optional<Json> v = a ? literalJson(*a->value) : std::nullopt;
  return v && v->is_number() ? *v : Json(fallback);
}

Json lowerRetry(const ast::Workflow& wf, const Context& cx) {
  using D = RetryDefaults;
  const std::vector<ast::Arg>& r = wf.retry;
  Json backoff = wordOf(findArg(r, "backoff"));
  const ast::Arg* jitter = findArg(r, "jitter");
  Json j;
  j["max"] = numberOr(findArg(r, "max"), D::max);
  j["backoff"] = backoff.is_null() ? Json(D::backoff) : backoff;
  j["factor"] = numberOr(findArg(r, "factor"), D::factor);
  setDuration(j, "delay", findArg(r, "delay"), D::delay);
  setDuration(j, "maxDelay", findArg(r, "maxDelay"), D::maxDelay);
  j["jitter"] = jitter ? boolLiteral(*jitter->value).value_or(D::jitter) : D::jitter;
  j["declared"] = wf.hasRetry;
  j["span"] = cx.span(wf.hasRetry && wf.retrySpan.valid() ? wf.retrySpan : wf.name.span);
  return j;
}

// Whether a `group:` word names the run's input (`orderId`, `order.customerId`): then the group
// is per key, evaluated for each run, rather than one literal group.
bool namesInput(const ast::Workflow& wf, const ast::Expr& e) {
  if (e.kind == ast::ExprKind::String) return false;
  std::optional<std::string> word = wordLiteral(e);
  if (!word) return false;
  std::string head = word->substr(0, word->find('.'));
  if (head == "input" && word->size() > 5) return true; // `input.orderId`: the whole input
  for (const ast::Param& p : wf.input)
    if (p.name.name == head) return true;
  return false;
}

// null without a `concurrency` block; the group defaults to the workflow's name. A group that
// names an input becomes `key` (an expression): the runtime's group is "<Workflow>:<value>".
Json lowerConcurrency(const ast::Workflow& wf, const Context& cx) {
  if (!wf.hasConcurrency) return nullptr;
  const ast::Arg* groupArg = findArg(wf.concurrency, "group");
  Json group = wordOf(groupArg);
  Json j;
  if (groupArg && namesInput(wf, *groupArg->value)) {
    group = nullptr;
    j["key"] = lowerExpr(*groupArg->value, cx);
  }
  j["group"] = group.is_null() ? Json(wf.name.name) : group;
  j["limit"] = numberOr(findArg(wf.concurrency, "limit"), 1);
  j["span"] = cx.span(wf.concurrencySpan.valid() ? wf.concurrencySpan : wf.name.span);
  return j;
}

Json lowerWorkflow(const ast::Workflow& wf, const Context& cx) {
  const std::string& name = wf.name.name;
  Json j;
  j["kind"] = "workflow";
  j["name"] = name;
  j["triggers"] = lowerTriggers(wf, cx);
  j["input"] = lowerParams(wf.input, cx);
  j["state"] = lowerStateVars(wf.state, cx);
  j["steps"] = lowerMainSteps(wf, cx);
  j["retry"] = lowerRetry(wf, cx);
  j["concurrency"] = lowerConcurrency(wf, cx);
  lowerFlowControl(j, wf, cx);
  j["onError"] = lowerHandlerSteps(wf, wf.onError, wf.onErrorSteps, name + ".on_error", cx);
  j["onFailure"] = lowerHandlerSteps(wf, wf.onFailure, wf.onFailureSteps, name + ".on_failure", cx);
  j["span"] = cx.span(wf.span);
  return j;
}

} // namespace

Json lowerWorkflows(const Context& cx) {
  Json out = Json::array();
  for (const ast::Workflow& wf : cx.program().workflows) out.push_back(lowerWorkflow(wf, cx));
  return out;
}

} // namespace locus::ir
