// Workflow-level policies: `retry { max, backoff, factor, delay, maxDelay, jitter }` and
// `concurrency { group, limit }`. Values must be literals: they configure the runtime.
#include "compiler/sema/workflow_checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/duration.h"
#include "compiler/sema/literals.h"

#include <map>

namespace locus {

namespace {

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

// Reports a key given twice; returns the map of first occurrences.
std::map<std::string, const ast::Arg*> indexProps(const std::vector<ast::Arg>& props,
                                                  const char* block, DiagnosticSink& sink) {
  std::map<std::string, const ast::Arg*> index;
  for (const ast::Arg& a : props) {
    auto [it, inserted] = index.emplace(a.name.name, &a);
    if (!inserted)
      sink.emit(DiagKind::DuplicateMember, a.name.span,
                std::string(block) + " key '" + a.name.name + "' is given twice; remove one")
          .notes.push_back({it->second->name.span, "first given here"});
  }
  return index;
}

// An integer literal within [lo, hi], or a diagnostic of `kind` at the value.
void checkIntegerIn(const ast::Arg& a, double lo, double hi, DiagKind kind, const char* block,
                    DiagnosticSink& sink) {
  auto v = a.value ? numberLiteral(*a.value) : std::nullopt;
  if (v && isIntegral(*v) && *v >= lo && *v <= hi) return;
  sink.emit(kind, a.value ? a.value->span : a.name.span,
            std::string(block) + " " + a.name.name + " must be an integer from " +
                std::to_string(static_cast<long long>(lo)) + " to " +
                std::to_string(static_cast<long long>(hi)));
}

const std::vector<std::string>& retryKeys() {
  static const std::vector<std::string> keys = {"max",   "backoff",  "factor",
                                                "delay", "maxDelay", "jitter"};
  return keys;
}

void checkRetryDuration(const ast::Arg& a, DiagnosticSink& sink) {
  if (a.value && checkDurationExpr(*a.value) == DurationCheck::Valid) return;
  sink.emit(DiagKind::InvalidRetry, a.value ? a.value->span : a.name.span,
            "retry " + a.name.name + " must be a duration such as 5s, 500ms or \"2 minutes\"");
}

void checkBackoff(const ast::Arg& a, DiagnosticSink& sink) {
  auto word = a.value ? wordLiteral(*a.value) : std::nullopt;
  if (word && (*word == "fixed" || *word == "exponential")) return;
  std::string hint = word ? didYouMean(*word, {"fixed", "exponential"}) : "";
  sink.emit(DiagKind::InvalidRetry, a.value ? a.value->span : a.name.span,
            withHint("retry backoff must be fixed or exponential", hint));
}

void checkFactor(const ast::Arg& a, bool exponential, DiagnosticSink& sink) {
  auto v = a.value ? numberLiteral(*a.value) : std::nullopt;
  Span at = a.value ? a.value->span : a.name.span;
  if (!v || *v <= 0)
    sink.emit(DiagKind::InvalidRetry, at, "retry factor must be a positive number");
  else if (exponential && *v <= 1)
    sink.emit(
        DiagKind::InvalidRetry, at,
        "retry factor must be greater than 1 for exponential backoff (each wait grows by it)");
}

void checkRetryKey(const ast::Arg& a, bool exponential, DiagnosticSink& sink) {
  const std::string& key = a.name.name;
  if (key == "max")
    checkIntegerIn(a, 0, 100, DiagKind::InvalidRetry, "retry", sink);
  else if (key == "backoff")
    checkBackoff(a, sink);
  else if (key == "factor")
    checkFactor(a, exponential, sink);
  else if (key == "delay" || key == "maxDelay")
    checkRetryDuration(a, sink);
  else if (key == "jitter" && !(a.value && boolLiteral(*a.value)))
    sink.emit(DiagKind::InvalidRetry, a.value ? a.value->span : a.name.span,
              "retry jitter must be true or false");
  else if (key != "jitter")
    sink.emit(DiagKind::InvalidRetry, a.name.span,
              withHint("unknown retry key '" + key +
                           "' (known: max, backoff, factor, delay, maxDelay, jitter)",
                       didYouMean(key, retryKeys())))
        .suggestion = closestMatch(key, retryKeys());
}

// maxDelay caps the growing delay, so it cannot be below it.
void checkDelayOrder(const std::map<std::string, const ast::Arg*>& keys, DiagnosticSink& sink) {
  auto d = keys.find("delay"), m = keys.find("maxDelay");
  if (d == keys.end() || m == keys.end() || !d->second->value || !m->second->value) return;
  auto delay = literalDurationMs(*d->second->value),
       maxDelay = literalDurationMs(*m->second->value);
  if (delay && maxDelay && *maxDelay < *delay)
    sink.emit(DiagKind::InvalidRetry, m->second->value->span,
              "retry maxDelay is shorter than delay; raise maxDelay or lower delay");
}

} // namespace

void checkRetry(const ast::Workflow& wf, DiagnosticSink& sink) {
  if (!wf.hasRetry) return;
  auto keys = indexProps(wf.retry, "retry", sink);
  bool exponential = false;
  if (auto b = keys.find("backoff"); b != keys.end() && b->second->value)
    exponential = wordLiteral(*b->second->value) == std::optional<std::string>("exponential");
  for (const ast::Arg& a : wf.retry) checkRetryKey(a, exponential, sink);
  checkDelayOrder(keys, sink);
}

void checkConcurrency(const ast::Workflow& wf, DiagnosticSink& sink) {
  if (!wf.hasConcurrency) return;
  auto keys = indexProps(wf.concurrency, "concurrency", sink);
  static const std::vector<std::string> known = {"group", "limit"};
  for (const ast::Arg& a : wf.concurrency) {
    if (a.name.name == "limit") {
      checkIntegerIn(a, 1, 10000, DiagKind::InvalidConcurrency, "concurrency", sink);
    } else if (a.name.name == "group") {
      if (!a.value || !wordLiteral(*a.value))
        sink.emit(DiagKind::InvalidConcurrency, a.value ? a.value->span : a.name.span,
                  "concurrency group must be a name or a string");
    } else {
      sink.emit(DiagKind::InvalidConcurrency, a.name.span,
                withHint("unknown concurrency key '" + a.name.name + "' (known: group, limit)",
                         didYouMean(a.name.name, known)))
          .suggestion = closestMatch(a.name.name, known);
    }
  }
  if (!keys.count("limit"))
    sink.emit(DiagKind::InvalidConcurrency,
              wf.concurrencySpan.valid() ? wf.concurrencySpan : wf.name.span,
              "concurrency needs a limit: write concurrency { group: name, limit: 5 }");
}

} // namespace locus
