// The properties of individual steps, by kind. Built-in kinds follow the peer's rules
// (send_email, http_request) plus ours (delay/schedule, queue_publish, wait_for, parallel);
// any other kind must be registered by a plugin and its properties match the plugin's schema.
#include "compiler/sema/workflow_checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/duration.h"
#include "compiler/sema/json_schema_check.h"
#include "compiler/sema/literals.h"

#include <algorithm>
#include <map>

namespace locus {

namespace {

using ast::Step;
using ast::StepKind;

std::string withHint(std::string message, const std::string& hint) {
  return hint.empty() ? message : message + "; " + hint;
}

Span stepSpan(const Step& s) {
  return s.keyword.span.valid() ? s.keyword.span : s.span;
}

const ast::Arg* prop(const Step& s, const std::string& key) {
  for (const ast::Arg& a : s.args)
    if (a.name.name == key && a.value) return &a;
  return nullptr;
}

void checkDuplicateProps(const Step& s, DiagnosticSink& sink) {
  std::map<std::string, Span> seen;
  for (const ast::Arg& a : s.args) {
    if (a.name.name.empty()) continue;
    auto [it, inserted] = seen.emplace(a.name.name, a.name.span);
    if (!inserted)
      sink.emit(DiagKind::DuplicateMember, a.name.span,
                "property '" + a.name.name + "' is given twice; remove one")
          .notes.push_back({it->second, "first given here"});
  }
}

void checkDurationProp(const ast::Arg& a, const std::string& what, DiagnosticSink& sink) {
  if (checkDurationExpr(*a.value) != DurationCheck::Invalid) return;
  sink.emit(DiagKind::InvalidDuration, a.value->span,
            what + " must be a duration such as 5s, 10m or \"2 hours\"");
}

void checkUnknownProps(const Step& s, const std::vector<std::string>& known, DiagKind kind,
                       DiagnosticSink& sink) {
  for (const ast::Arg& a : s.args) {
    if (std::find(known.begin(), known.end(), a.name.name) != known.end()) continue;
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    sink.emit(kind, a.name.span.valid() ? a.name.span : stepSpan(s),
              withHint(s.keyword.name + " has no property '" + a.name.name + "' (known: " + list +
                           ")",
                       didYouMean(a.name.name, known)))
        .suggestion = closestMatch(a.name.name, known);
  }
}

// ---------------------------------------------------------------------------- send_email

void checkTemplatePath(const ast::Arg& a, DiagnosticSink& sink) {
  auto path = wordLiteral(*a.value);
  if (!path) return; // computed at run time
  bool absolute = !path->empty() && (path->front() == '/' || path->front() == '\\');
  bool climbs = false;
  size_t start = 0;
  for (size_t i = 0; i <= path->size(); ++i) {
    if (i == path->size() || (*path)[i] == '/' || (*path)[i] == '\\') {
      climbs = climbs || path->substr(start, i - start) == "..";
      start = i + 1;
    }
  }
  if (absolute || climbs)
    sink.emit(DiagKind::InvalidStepParams, a.value->span,
              "send_email template must be a relative path inside the project (no leading '/' " +
                  std::string("and no '..')"));
}

void checkSendEmail(const Step& s, DiagnosticSink& sink) {
  if (!prop(s, "to"))
    sink.emit(DiagKind::InvalidStepParams, stepSpan(s),
              "send_email needs a recipient: add `to: …`");
  if (!prop(s, "subject") && !prop(s, "template"))
    sink.emit(DiagKind::InvalidStepParams, stepSpan(s),
              "send_email needs a `subject: …` or a `template: …`");
  if (const ast::Arg* subject = prop(s, "subject");
      subject && subject->value->kind == ast::ExprKind::String &&
      subject->value->text.find_first_of("\r\n") != std::string::npos)
    sink.emit(DiagKind::InvalidStepParams, subject->value->span,
              "send_email subject must not contain a line break (it would inject mail headers)");
  if (const ast::Arg* tpl = prop(s, "template")) checkTemplatePath(*tpl, sink);
}

// ---------------------------------------------------------------------------- http_request

void checkHttpMethod(const ast::Arg& a, DiagnosticSink& sink) {
  static const std::vector<std::string> methods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
  auto m = wordLiteral(*a.value);
  if (!m || std::find(methods.begin(), methods.end(), *m) != methods.end()) return;
  std::string upper = *m;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  bool caseOnly = std::find(methods.begin(), methods.end(), upper) != methods.end();
  std::string hint = caseOnly ? "did you mean '" + upper + "'?" : didYouMean(upper, methods);
  sink.emit(
      DiagKind::InvalidStepParams, a.value->span,
      withHint("http_request method must be one of GET, POST, PUT, PATCH, DELETE, HEAD", hint));
}

void checkHttpRequest(const Step& s, DiagnosticSink& sink) {
  const ast::Arg* url = prop(s, "url");
  if (!url) {
    sink.emit(DiagKind::InvalidStepParams, stepSpan(s),
              "http_request needs a `url: \"https://…\"`");
  } else if (url->value->kind == ast::ExprKind::String) {
    std::string scheme = url->value->text.substr(0, 7);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
    const ast::Arg* insecure = prop(s, "allow_insecure");
    bool allowed = insecure && boolLiteral(*insecure->value) == std::optional<bool>(true);
    if (scheme == "http://" && !allowed)
      sink.emit(DiagKind::InsecureHttp, url->value->span,
                "http_request to a plain http:// URL; use https:// or add `allow_insecure: true`");
  }
  if (const ast::Arg* method = prop(s, "method")) checkHttpMethod(*method, sink);
  if (const ast::Arg* timeout = prop(s, "timeout")) checkDurationProp(*timeout, "timeout", sink);
}

// ---------------------------------------------------------------------------- timers

void checkTimer(const Step& s, DiagnosticSink& sink) {
  const std::string& kw =
      s.keyword.name.empty() ? std::string(ast::stepKindName(s.kind)) : s.keyword.name;
  if (s.condition) {
    if (checkDurationExpr(*s.condition) == DurationCheck::Invalid)
      sink.emit(DiagKind::InvalidDuration, s.condition->span,
                kw + " needs a duration such as 5s, 10m or \"2 hours\"");
    return;
  }
  checkUnknownProps(s, {"for", "at", "until"}, DiagKind::InvalidStepParams, sink);
  if (const ast::Arg* f = prop(s, "for")) checkDurationProp(*f, kw + " `for`", sink);
  if (prop(s, "for") || prop(s, "at") || prop(s, "until")) return;
  if (s.args.empty() && s.kind == StepKind::Delay) {
    sink.emit(DiagKind::EmptyStep, stepSpan(s),
              "`delay { }` waits for nothing; write `delay 5s` or `delay { for: \"5 minutes\" }`");
    return;
  }
  sink.emit(DiagKind::InvalidDuration, stepSpan(s),
            kw + " needs a time: `" + kw + " 5m`, `" + kw + " { for: 5m }` or `" + kw +
                " { at: … }`");
}

// ---------------------------------------------------------------------------- others

void checkWaitFor(const Step& s, DiagnosticSink& sink) {
  if (!prop(s, "signal") && !prop(s, "approval"))
    sink.emit(DiagKind::InvalidStepParams, stepSpan(s),
              "wait_for needs a `signal: \"name\"` or an `approval: \"name\"`");
  if (const ast::Arg* timeout = prop(s, "timeout")) checkDurationProp(*timeout, "timeout", sink);
}

void checkParallel(const Step& s, DiagnosticSink& sink) {
  static const std::vector<std::string> known = {"max", "failFast"};
  checkUnknownProps(s, known, DiagKind::InvalidParallel, sink);
  if (const ast::Arg* max = prop(s, "max")) {
    auto v = numberLiteral(*max->value);
    if (!v || !isIntegral(*v) || *v < 1)
      sink.emit(DiagKind::InvalidParallel, max->value->span,
                "parallel max must be an integer of at least 1");
  }
  if (const ast::Arg* ff = prop(s, "failFast"); ff && !boolLiteral(*ff->value))
    sink.emit(DiagKind::InvalidParallel, ff->value->span,
              "parallel failFast must be true or false");
}

// The runtime iterates arrays only; a literal that is not one can never be iterated.
void checkForEach(const Step& s, DiagnosticSink& sink) {
  if (!s.iterable) {
    sink.emit(DiagKind::InvalidStepParams, stepSpan(s),
              "forEach needs something to iterate: write forEach item in items { … }");
  } else if (isLiteral(*s.iterable) && s.iterable->kind != ast::ExprKind::Array) {
    sink.emit(DiagKind::InvalidStepParams, s.iterable->span,
              "forEach needs a list to iterate, not a " +
                  std::string(ast::exprKindName(s.iterable->kind)) + " literal");
  }
}

std::vector<std::string> knownStepKinds(const CheckOptions& options) {
  std::vector<std::string> kinds = {
      "run",           "branch",   "if",    "forEach",  "while",        "parallel",
      "db_tx",         "try",      "delay", "schedule", "http_request", "send_email",
      "queue_publish", "wait_for", "break", "continue", "return"};
  for (const PluginStepKind& k : options.pluginSteps) kinds.push_back(k.kind);
  return kinds;
}

void checkGeneric(const Step& s, const CheckOptions& options, DiagnosticSink& sink) {
  for (const PluginStepKind& k : options.pluginSteps) {
    if (k.kind != s.keyword.name) continue;
    for (const SchemaViolation& v :
         checkPropsAgainstSchema(s.args, k.schema, stepSpan(s), options.validateLiteral))
      sink.emit(DiagKind::InvalidStepParams, v.span,
                s.keyword.name + " (plugin " + k.plugin + "): " + v.message);
    return;
  }
  std::vector<std::string> kinds = knownStepKinds(options);
  std::string list;
  for (const std::string& k : kinds) list += (list.empty() ? "" : ", ") + k;
  sink.emit(DiagKind::UnknownStepKind, stepSpan(s),
            withHint("unknown step kind '" + s.keyword.name + "'; known kinds: " + list +
                         " (plugins register more)",
                     didYouMean(s.keyword.name, kinds)))
      .suggestion = closestMatch(s.keyword.name, kinds);
}

} // namespace

void checkStepParams(const Step& s, const CheckOptions& options, DiagnosticSink& sink) {
  if (s.kind != StepKind::Run) checkDuplicateProps(s, sink);
  switch (s.kind) {
  case StepKind::SendEmail:
    checkSendEmail(s, sink);
    break;
  case StepKind::HttpRequest:
    if (s.args.empty())
      sink.emit(DiagKind::EmptyStep, stepSpan(s),
                "`http_request { }` does nothing; give it a `url: \"https://…\"`");
    else
      checkHttpRequest(s, sink);
    break;
  case StepKind::Delay:
  case StepKind::Schedule:
    checkTimer(s, sink);
    break;
  case StepKind::QueuePublish:
    if (!prop(s, "topic"))
      sink.emit(DiagKind::InvalidStepParams, stepSpan(s), "queue_publish needs a `topic: …`");
    break;
  case StepKind::WaitFor:
    checkWaitFor(s, sink);
    break;
  case StepKind::Parallel:
    checkParallel(s, sink);
    break;
  case StepKind::ForEach:
    checkForEach(s, sink);
    break;
  case StepKind::Generic:
    checkGeneric(s, options, sink);
    break;
  default:
    break;
  }
}

} // namespace locus
