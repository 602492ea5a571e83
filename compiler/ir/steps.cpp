// The step tree of a workflow: every step with its deterministic ID (step_ids.h) and its
// kind-specific members already resolved: run targets (server or client action, positional
// arguments named after the parameters), durations in milliseconds, and the peer's bare words
// that are literal text (`template: welcome.html`) turned into strings.
#include "compiler/ir/workflow_parts.h"

#include "compiler/ir/step_ids.h"
#include "compiler/sema/duration.h"
#include "compiler/sema/expr_names.h"

#include <algorithm>
#include <set>

namespace locus::ir {

namespace {

using ast::Step;
using ast::StepKind;

Json optionalName(const ast::Ident& i) {
  return i.name.empty() ? Json(nullptr) : Json(i.name);
}

const ast::Arg* findProp(const Step& s, const std::string& key) {
  for (const ast::Arg& a : s.args)
    if (a.name.name == key && a.value) return &a;
  return nullptr;
}

// Properties whose whole value, when it is a bare (dotted) name that resolves to nothing in the
// workflow, is literal text (the peer's reading; sema accepts it the same way).
bool isLiteralTextProp(const Step& s, const std::string& key) {
  switch (s.kind) {
  case StepKind::SendEmail:
  case StepKind::HttpRequest:
    return true;
  case StepKind::QueuePublish:
    return key == "topic";
  case StepKind::WaitFor:
    return key == "signal" || key == "approval";
  default:
    return false;
  }
}

void collectBindings(const ast::StepList& steps, std::set<std::string>& out) {
  for (const Step& s : steps) {
    if (!s.binding.name.empty()) out.insert(s.binding.name);
    collectBindings(s.body, out);
    collectBindings(s.elseBody, out);
    for (const ast::StepList& b : s.branches) collectBindings(b, out);
    collectBindings(s.catchBody, out);
    collectBindings(s.finallyBody, out);
  }
}

class StepLowerer {
public:
  StepLowerer(const ast::Workflow& wf, const Context& cx) : cx_(cx) {
    for (const ast::Param& p : wf.input) names_.insert(p.name.name);
    for (const ast::StateVar& v : wf.state) names_.insert(v.name.name);
    collectBindings(wf.steps, names_);
    collectBindings(wf.onErrorSteps, names_);
    collectBindings(wf.onFailureSteps, names_);
  }

  Json list(const ast::StepList& steps, const std::string& prefix, StepLabeler labels = {}) {
    Json out = Json::array();
    for (const Step& s : steps) out.push_back(step(s, prefix + "/" + labels.next(s)));
    return out;
  }

  Json handlerRun(const ast::Ident& action, const std::string& id) const;
  void addLocal(const std::string& name) { locals_.push_back(name); }

private:
  Json step(const Step& s, const std::string& id);
  void parts(Json& j, const Step& s, const std::string& id);
  void runParts(Json& j, const Step& s) const;
  void timerParts(Json& j, const Step& s) const;
  void parallelParts(Json& j, const Step& s, const std::string& id);
  Json scoped(const ast::StepList& steps, const std::string& prefix, const std::string& local);
  Json params(const Step& s) const;
  Json propValue(const Step& s, const ast::Arg& a) const;
  bool inScope(const std::string& name) const {
    return names_.count(name) || std::find(locals_.begin(), locals_.end(), name) != locals_.end();
  }

  const Context& cx_;
  std::set<std::string> names_;     // inputs, state variables, bindings (workflow-wide)
  std::vector<std::string> locals_; // loop and catch variables of the enclosing steps
};

Json StepLowerer::step(const Step& s, const std::string& id) {
  Json j;
  j["kind"] = s.kind == StepKind::Generic ? "plugin" : ast::stepKindName(s.kind);
  j["id"] = id;
  j["binding"] = optionalName(s.binding);
  j["name"] = optionalName(s.name);
  parts(j, s, id);
  j["span"] = cx_.span(s.span);
  return j;
}

void StepLowerer::parts(Json& j, const Step& s, const std::string& id) {
  switch (s.kind) {
  case StepKind::Run:
    return runParts(j, s);
  case StepKind::If:
  case StepKind::Branch:
    j["condition"] = lowerExpr(s.condition, cx_);
    j["then"] = list(s.body, id + "/then");
    j["else"] = list(s.elseBody, id + "/else");
    return;
  case StepKind::ForEach:
    j["var"] = s.loopVar.name;
    j["iterable"] = lowerExpr(s.iterable, cx_);
    j["body"] = scoped(s.body, id + kLoopIteration, s.loopVar.name);
    return;
  case StepKind::While:
    j["condition"] = lowerExpr(s.condition, cx_);
    j["body"] = list(s.body, id + kLoopIteration);
    return;
  case StepKind::Parallel:
    return parallelParts(j, s, id);
  case StepKind::DbTx:
    j["body"] = list(s.body, id);
    return;
  case StepKind::Try:
    j["try"] = list(s.body, id + "/try");
    j["catchVar"] = optionalName(s.catchVar);
    j["catch"] = scoped(s.catchBody, id + "/catch", s.catchVar.name);
    j["finally"] = list(s.finallyBody, id + "/finally");
    return;
  case StepKind::Delay:
  case StepKind::Schedule:
    return timerParts(j, s);
  case StepKind::HttpRequest:
  case StepKind::SendEmail:
  case StepKind::QueuePublish:
  case StepKind::WaitFor:
    j["params"] = params(s);
    return;
  case StepKind::Generic:
    j["pluginKind"] = s.keyword.name;
    j["params"] = params(s);
    return;
  case StepKind::Return:
    j["value"] = lowerExpr(s.condition, cx_);
    return;
  case StepKind::Break:
  case StepKind::Continue:
    return;
  }
}

// A nested list that sees one more local name (loop variable, catch variable).
Json StepLowerer::scoped(const ast::StepList& steps, const std::string& prefix,
                         const std::string& local) {
  locals_.push_back(local);
  Json out = list(steps, prefix);
  locals_.pop_back();
  return out;
}

// Positional arguments of a server action are named after its parameters. A workflow target
// makes the step a child workflow run (`run_workflow`), its input given by named arguments.
void StepLowerer::runParts(Json& j, const Step& s) const {
  if (cx_.symbols().workflows.count(s.target.name)) {
    j["kind"] = "run_workflow";
    j["workflow"] = s.target.name;
    j["args"] = lowerPairs(s.args, cx_);
    return;
  }
  auto server = cx_.symbols().serverActions.find(s.target.name);
  const ast::Action* action =
      server == cx_.symbols().serverActions.end() ? nullptr : server->second;
  j["action"] = s.target.name;
  j["actionKind"] = action ? "server" : "client";
  Json args = lowerPairs(s.args, cx_);
  for (size_t i = 0; i < args.size() && action; ++i)
    if (!args[i].contains("name") && i < action->params.size()) {
      Json named;
      named["name"] = action->params[i].name.name;
      named["value"] = std::move(args[i]["value"]);
      args[i] = std::move(named);
    }
  j["args"] = std::move(args);
}

// delay 5s | delay { for: 5s } | schedule { at: expr } | … { until: expr }
void StepLowerer::timerParts(Json& j, const Step& s) const {
  const ast::Arg* forProp = findProp(s, "for");
  const ast::Expr* forExpr = s.condition ? s.condition.get()
                             : forProp   ? forProp->value.get()
                                         : nullptr;
  std::optional<uint64_t> ms = forExpr ? literalDurationMs(*forExpr) : std::nullopt;
  j["for"] = forExpr ? lowerExpr(*forExpr, cx_) : Json(nullptr);
  j["forMs"] = ms ? Json(*ms) : Json(nullptr);
  const ast::Arg* at = findProp(s, "at");
  const ast::Arg* until = findProp(s, "until");
  j["at"] = at ? lowerExpr(*at->value, cx_) : Json(nullptr);
  j["until"] = until ? lowerExpr(*until->value, cx_) : Json(nullptr);
}

void StepLowerer::parallelParts(Json& j, const Step& s, const std::string& id) {
  const ast::Arg* max = findProp(s, "max");
  const ast::Arg* failFast = findProp(s, "failFast");
  j["max"] = max ? literalJson(*max->value).value_or(nullptr) : Json(nullptr);
  j["failFast"] =
      failFast && failFast->value->kind == ast::ExprKind::Bool && failFast->value->text == "true";
  Json branches = Json::array();
  for (size_t i = 0; i < s.branches.size(); ++i)
    branches.push_back(list(s.branches[i], id + "[" + std::to_string(i) + "]"));
  j["branches"] = std::move(branches);
}

Json StepLowerer::params(const Step& s) const {
  Json out = Json::object();
  for (const ast::Arg& a : s.args)
    if (a.value && !out.contains(a.name.name)) out[a.name.name] = propValue(s, a);
  return out;
}

Json StepLowerer::propValue(const Step& s, const ast::Arg& a) const {
  const ast::Expr& e = *a.value;
  if (!isLiteralTextProp(s, a.name.name)) return lowerExpr(e, cx_);
  std::string dotted = dottedName(e);
  const ast::Expr* root = rootName(e);
  if (dotted.empty() || !root || inScope(root->text)) return lowerExpr(e, cx_);
  Json j;
  j["kind"] = "string";
  j["value"] = dotted;
  j["literalText"] = true;
  j["span"] = cx_.span(e.span);
  return j;
}

Json StepLowerer::handlerRun(const ast::Ident& action, const std::string& id) const {
  bool server = cx_.symbols().serverActions.count(action.name) != 0;
  Json j;
  j["kind"] = "run";
  j["id"] = id;
  j["binding"] = nullptr;
  j["name"] = nullptr;
  j["action"] = action.name;
  j["actionKind"] = server ? "server" : "client";
  j["args"] = Json::array();
  j["span"] = cx_.span(action.span);
  return j;
}

} // namespace

Json lowerMainSteps(const ast::Workflow& wf, const Context& cx) {
  return StepLowerer(wf, cx).list(wf.steps, wf.name.name);
}

Json lowerHandlerSteps(const ast::Workflow& wf, const std::vector<ast::Ident>& actionNames,
                       const ast::StepList& steps, const std::string& root, const Context& cx) {
  StepLowerer lowerer(wf, cx);
  lowerer.addLocal("error");
  StepLabeler labels;
  Json out = Json::array();
  for (const ast::Ident& name : actionNames)
    out.push_back(lowerer.handlerRun(name, root + "/" + labels.next("run", "")));
  for (Json& s : lowerer.list(steps, root, labels)) out.push_back(std::move(s));
  return out;
}

} // namespace locus::ir
