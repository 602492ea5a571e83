// Flow-control options of a workflow (docs/ir.md "Flow control"): throttle, rateLimit,
// debounce and priority, each null when the workflow does not declare it. Durations come with
// their milliseconds; keys and the priority value are expressions the runtime evaluates on the
// run's input when it creates the run.
#include "compiler/ir/workflow_parts.h"

#include "compiler/sema/duration.h"

namespace locus::ir {

namespace {

constexpr uint64_t kDefaultAgingMs = 10000;

const ast::FlowOption* findOption(const ast::Workflow& wf, const std::string& word) {
  for (const ast::FlowOption& f : wf.flow)
    if (f.name.name == word) return &f;
  return nullptr;
}

const ast::Expr* propValue(const ast::FlowOption& f, const std::string& key) {
  for (const ast::Arg& a : f.props)
    if (a.name.name == key && a.value) return a.value.get();
  return nullptr;
}

void setDuration(Json& j, const std::string& key, const ast::Expr* e) {
  std::optional<uint64_t> ms = e ? literalDurationMs(*e) : std::nullopt;
  j[key] = ms ? Json(e->text) : Json(nullptr);
  j[key + "Ms"] = ms ? Json(*ms) : Json(nullptr);
}

Json keyOf(const ast::FlowOption& f, const Context& cx) {
  const ast::Expr* key = propValue(f, "key");
  return key ? lowerExpr(*key, cx) : Json(nullptr);
}

// throttle and rateLimit: {limit, period, periodMs, key, span}.
Json lowerLimit(const ast::Workflow& wf, const char* word, const Context& cx) {
  const ast::FlowOption* f = findOption(wf, word);
  if (!f || f->value) return nullptr;
  Json j;
  const ast::Expr* limit = propValue(*f, "limit");
  std::optional<Json> n = limit ? literalJson(*limit) : std::nullopt;
  j["limit"] = n && n->is_number() ? *n : Json(1);
  setDuration(j, "period", propValue(*f, "period"));
  j["key"] = keyOf(*f, cx);
  j["span"] = cx.span(f->span);
  return j;
}

Json lowerDebounce(const ast::Workflow& wf, const Context& cx) {
  const ast::FlowOption* f = findOption(wf, "debounce");
  if (!f || f->value) return nullptr;
  Json j;
  setDuration(j, "period", propValue(*f, "period"));
  setDuration(j, "timeout", propValue(*f, "timeout"));
  j["key"] = keyOf(*f, cx);
  j["span"] = cx.span(f->span);
  return j;
}

Json lowerPriority(const ast::Workflow& wf, const Context& cx) {
  const ast::FlowOption* f = findOption(wf, "priority");
  if (!f) return nullptr;
  const ast::Expr* value = f->value ? f->value.get() : propValue(*f, "value");
  const ast::Expr* aging = propValue(*f, "aging");
  std::optional<uint64_t> agingMs = aging ? literalDurationMs(*aging) : std::nullopt;
  Json j;
  j["value"] = value ? lowerExpr(*value, cx) : Json(nullptr);
  j["aging"] = agingMs ? aging->text : "10s";
  j["agingMs"] = agingMs ? *agingMs : kDefaultAgingMs;
  j["span"] = cx.span(f->span);
  return j;
}

} // namespace

void lowerFlowControl(Json& workflow, const ast::Workflow& wf, const Context& cx) {
  workflow["throttle"] = lowerLimit(wf, "throttle", cx);
  workflow["rateLimit"] = lowerLimit(wf, "rateLimit", cx);
  workflow["debounce"] = lowerDebounce(wf, cx);
  workflow["priority"] = lowerPriority(wf, cx);
}

} // namespace locus::ir
