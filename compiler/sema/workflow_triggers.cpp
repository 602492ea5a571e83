// Workflow triggers: on:webhook(secret: X), on:create|update|delete(Entity),
// on:schedule("cron"), on:queue(topic); bare words are the peer's placeholders (`trigger { t }`).
#include "compiler/sema/workflow_checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/cron.h"
#include "compiler/sema/duration.h"
#include "compiler/sema/literals.h"

#include <algorithm>

namespace locus {

namespace {

using ast::TriggerKind;

const std::vector<std::string>& triggerWords() {
  static const std::vector<std::string> words = {"webhook",  "create", "update", "delete",
                                                 "schedule", "queue",  "manual"};
  return words;
}

bool isEntityTrigger(TriggerKind k) {
  return k == TriggerKind::Create || k == TriggerKind::Update || k == TriggerKind::Delete;
}

Span spanOf(const ast::Trigger& t) {
  return t.span.valid() ? t.span : t.word.span;
}

void checkWebhook(const ast::Trigger& t, DiagnosticSink& sink) {
  for (const ast::Arg& a : t.args)
    if (a.name.name == "secret" && a.value) return;
  sink.emit(DiagKind::InvalidTrigger, spanOf(t),
            "a webhook trigger needs a secret: write on:webhook(secret: HOOK_SECRET)");
}

void checkEntityTrigger(const ast::Trigger& t, const Symbols& symbols, DiagnosticSink& sink) {
  const std::string& word = t.word.name;
  if (t.args.size() != 1 || !t.args[0].value) {
    sink.emit(DiagKind::InvalidTrigger, spanOf(t),
              "on:" + word + " takes exactly one entity: write on:" + word + "(Entity)");
    return;
  }
  const ast::Expr& e = *t.args[0].value;
  std::optional<std::string> name = wordLiteral(e);
  if (name && symbols.entities.count(*name)) return;
  std::string shown = name ? *name : "this argument";
  std::vector<std::string> entities = symbols.entityNames();
  std::string hint = name ? didYouMean(*name, entities) : "";
  Diagnostic& d = sink.emit(DiagKind::InvalidTrigger, e.span,
                            "on:" + word + " needs an entity of the project, but '" + shown +
                                "' is not one" + (hint.empty() ? "" : "; " + hint));
  if (name) d.suggestion = closestMatch(*name, entities);
}

// `timezone: "Europe/Paris"`, `overlap: skip|buffer|allow|cancel`, `jitter: 30s`.
void checkScheduleOption(const ast::Arg& a, DiagnosticSink& sink) {
  static const std::vector<std::string> options = {"timezone", "overlap", "jitter"};
  const std::string& name = a.name.name;
  if (!a.value) return;
  const ast::Expr& v = *a.value;
  if (name == "timezone") {
    if (v.kind != ast::ExprKind::String)
      sink.emit(DiagKind::InvalidScheduleOption, v.span,
                "timezone is a string naming a zone of the tz database: timezone: "
                "\"Europe/Paris\"");
    else if (auto err = timeZoneError(v.text))
      sink.emit(DiagKind::InvalidScheduleOption, v.span, *err);
  } else if (name == "overlap") {
    static const std::vector<std::string> policies = {"allow", "skip", "buffer", "cancel"};
    std::optional<std::string> word = wordLiteral(v);
    if (!word || std::find(policies.begin(), policies.end(), *word) == policies.end())
      sink.emit(DiagKind::InvalidScheduleOption, v.span,
                "overlap is one of allow, skip, buffer, cancel" +
                    (word ? didYouMeanSuffix(*word, policies) : std::string()));
  } else if (name == "jitter") {
    std::optional<uint64_t> ms = literalDurationMs(v);
    if (!ms || *ms == 0 || *ms > 3600 * 1000)
      sink.emit(DiagKind::InvalidScheduleOption, v.span,
                "jitter is a literal duration above 0 and at most 1h, e.g. jitter: 30s");
  } else {
    sink.emit(DiagKind::InvalidScheduleOption, a.name.span.valid() ? a.name.span : v.span,
              (name.empty() ? std::string("a second positional argument") : "'" + name + "'") +
                  " is not an option of on:schedule (options: timezone, overlap, jitter)" +
                  (name.empty() ? std::string() : didYouMeanSuffix(name, options)));
  }
}

void checkSchedule(const ast::Trigger& t, DiagnosticSink& sink) {
  if (t.args.empty() || !t.args[0].value || !t.args[0].name.name.empty() ||
      t.args[0].value->kind != ast::ExprKind::String) {
    sink.emit(DiagKind::InvalidCron, spanOf(t),
              "on:schedule takes one cron string: write on:schedule(\"0 * * * *\")");
    return;
  }
  const ast::Expr& e = *t.args[0].value;
  if (auto err = cronError(e.text)) sink.emit(DiagKind::InvalidCron, e.span, *err);
  for (size_t i = 1; i < t.args.size(); ++i) checkScheduleOption(t.args[i], sink);
}

void checkQueue(const ast::Trigger& t, DiagnosticSink& sink) {
  if (t.args.size() != 1 || !t.args[0].value) {
    sink.emit(DiagKind::InvalidTrigger, spanOf(t),
              "on:queue takes exactly one topic: write on:queue(orders)");
    return;
  }
  // The topic is a word (`orders`, `deal-events`, `crm.deals`) or a string, never computed.
  const ast::Expr& topic = *t.args[0].value;
  if (!wordLiteral(topic))
    sink.emit(DiagKind::InvalidTrigger, topic.span,
              "the topic of on:queue must be a name or a string, not an expression: write "
              "on:queue(deal-events) or on:queue(\"deal events\")");
}

void checkUnrecognized(const ast::Trigger& t, DiagnosticSink& sink) {
  if (t.bare) {
    sink.emit(DiagKind::UnrecognizedTrigger, spanOf(t),
              "'" + t.word.name + "' is not a trigger; the workflow starts only with `locus run` " +
                  "(use on:webhook, on:create, on:schedule, … to start it automatically)");
    return;
  }
  std::string hint = didYouMean(t.word.name, triggerWords());
  Diagnostic& d =
      sink.emit(DiagKind::InvalidTrigger, t.word.span.valid() ? t.word.span : spanOf(t),
                "'" + t.word.name + "' is not a trigger kind (known: webhook, create, " +
                    "update, delete, schedule, queue, manual)" + (hint.empty() ? "" : "; " + hint));
  d.suggestion = closestMatch(t.word.name, triggerWords());
}

} // namespace

void checkTriggers(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink) {
  bool hasEntityTrigger = false;
  for (const ast::Trigger& t : wf.triggers) hasEntityTrigger |= isEntityTrigger(t.kind);
  for (const ast::Trigger& t : wf.triggers) {
    switch (t.kind) {
    case TriggerKind::Webhook:
      checkWebhook(t, sink);
      if (hasEntityTrigger)
        sink.emit(DiagKind::InvalidTrigger, spanOf(t),
                  "a webhook trigger cannot be combined with entity triggers (create/update/" +
                      std::string("delete); split the workflow in two"));
      break;
    case TriggerKind::Create:
    case TriggerKind::Update:
    case TriggerKind::Delete:
      checkEntityTrigger(t, symbols, sink);
      break;
    case TriggerKind::Schedule:
      checkSchedule(t, sink);
      break;
    case TriggerKind::Queue:
      checkQueue(t, sink);
      break;
    case TriggerKind::Manual:
      break;
    case TriggerKind::Unrecognized:
      checkUnrecognized(t, sink);
      break;
    }
  }
}

} // namespace locus
