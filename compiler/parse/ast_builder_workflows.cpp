// AST building for workflows: triggers, steps and their bodies.
#include "compiler/parse/ast_builder_internal.h"

namespace locus::ast_build {

// -------------------------------------------------------------------------------- workflows

Workflow AstBuilder::workflow(P::WorkflowContext* ctx) {
  Workflow wf;
  wf.name = ident(ctx->ident());
  wf.span = span(ctx);
  for (P::WorkflowMemberContext* m : ctx->workflowMember()) workflowMember(m, wf);
  return wf;
}

void AstBuilder::workflowMember(P::WorkflowMemberContext* ctx, Workflow& wf) {
  if (auto* t = as<P::TriggerBlockContext>(ctx)) {
    wf.hasTrigger = true;
    for (P::TriggerContext* tr : t->trigger()) wf.triggers.push_back(trigger(tr));
  } else if (auto* i = as<P::InputBlockContext>(ctx)) {
    for (P::ParamContext* p : i->param()) wf.input.push_back(param(p));
  } else if (auto* s = as<P::WorkflowStateContext>(ctx)) {
    for (P::StateVarContext* v : s->stateVar()) wf.state.push_back(stateVar(v));
  } else if (auto* s = as<P::StepsBlockContext>(ctx)) {
    wf.hasSteps = true;
    StepList steps = stepBlock(s->stepBlock());
    for (Step& st : steps) wf.steps.push_back(std::move(st));
  } else if (auto* r = as<P::RetryBlockContext>(ctx)) {
    wf.hasRetry = true;
    wf.retrySpan = span(r);
    wf.retry = props(r->propsBlock());
  } else if (auto* c = as<P::ConcurrencyBlockContext>(ctx)) {
    wf.hasConcurrency = true;
    wf.concurrencySpan = span(c);
    wf.concurrency = props(c->propsBlock());
  } else if (auto* f = as<P::FlowBlockContext>(ctx)) {
    wf.flow.push_back({ident(f->IDENT()), props(f->propsBlock()), nullptr, span(f)});
  } else if (auto* f = as<P::FlowPropContext>(ctx)) {
    wf.flow.push_back({ident(f->IDENT()), {}, expr(f->expr()), span(f)});
  } else if (auto* e = as<P::OnErrorBlockContext>(ctx)) {
    if (auto* names = as<P::HandlerNamesContext>(e->handlerBlock()))
      for (P::IdentContext* n : names->ident()) wf.onError.push_back(ident(n));
    else if (auto* steps = as<P::HandlerStepsContext>(e->handlerBlock()))
      wf.onErrorSteps = stepBlock(steps->stepBlock());
  } else if (auto* f = as<P::OnFailureBlockContext>(ctx)) {
    if (auto* names = as<P::HandlerNamesContext>(f->handlerBlock()))
      for (P::IdentContext* n : names->ident()) wf.onFailure.push_back(ident(n));
    else if (auto* steps = as<P::HandlerStepsContext>(f->handlerBlock()))
      wf.onFailureSteps = stepBlock(steps->stepBlock());
  }
}

namespace {
TriggerKind triggerKindOf(const std::string& word) {
  if (word == "webhook") return TriggerKind::Webhook;
  if (word == "create") return TriggerKind::Create;
  if (word == "update") return TriggerKind::Update;
  if (word == "delete") return TriggerKind::Delete;
  if (word == "schedule") return TriggerKind::Schedule;
  if (word == "queue") return TriggerKind::Queue;
  if (word == "manual") return TriggerKind::Manual;
  return TriggerKind::Unrecognized;
}
} // namespace

Trigger AstBuilder::trigger(P::TriggerContext* ctx) {
  Trigger t;
  t.span = span(ctx);
  if (auto* on = as<P::OnTriggerContext>(ctx)) {
    t.word = ident(on->ident());
    t.kind = triggerKindOf(t.word.name);
    t.hasParens = on->LPAREN() != nullptr;
    t.args = args(on->argList());
  } else if (auto* bare = as<P::BareTriggerContext>(ctx)) {
    t.word = ident(bare->ident());
    t.kind = TriggerKind::Unrecognized;
    t.bare = true;
  }
  return t;
}

StepList AstBuilder::stepBlock(P::StepBlockContext* ctx) {
  StepList out;
  if (!ctx) return out;
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return out;
  for (P::StepContext* s : ctx->step()) out.push_back(step(s));
  return out;
}

Step AstBuilder::step(P::StepContext* ctx) {
  Step s;
  s.span = span(ctx);
  if (ctx->CONST()) s.binding = ident(ctx->ident());
  if (ctx->stepBody()) stepBody(ctx->stepBody(), s);
  return s;
}

namespace {
StepKind propsStepKind(const std::string& word) {
  if (word == "http_request") return StepKind::HttpRequest;
  if (word == "send_email") return StepKind::SendEmail;
  if (word == "queue_publish") return StepKind::QueuePublish;
  if (word == "wait_for") return StepKind::WaitFor;
  if (word == "delay") return StepKind::Delay;
  if (word == "schedule") return StepKind::Schedule;
  return StepKind::Generic;
}
} // namespace

void AstBuilder::stepBody(P::StepBodyContext* ctx, Step& s) {
  s.keyword = Ident{ctx->getStart()->getText(), span(ctx->getStart())};
  if (auto* r = as<P::RunStepContext>(ctx)) {
    s.kind = StepKind::Run;
    s.target = ident(r->ident());
    s.args = args(r->argList());
  } else if (auto* b = as<P::BranchStepContext>(ctx)) {
    s.kind = StepKind::Branch;
    if (b->branchCondition()) s.condition = expr(b->branchCondition()->expr());
    std::vector<P::StepBlockContext*> blocks = b->stepBlock();
    if (!blocks.empty()) s.body = stepBlock(blocks[0]);
    if (blocks.size() > 1) {
      s.hasElse = true;
      s.elseBody = stepBlock(blocks[1]);
    }
  } else if (auto* i = as<P::IfStepBodyContext>(ctx)) {
    Step nested = ifStep(i->ifStep());
    nested.binding = std::move(s.binding);
    nested.span = s.span;
    s = std::move(nested);
  } else if (auto* f = as<P::ForEachStepContext>(ctx)) {
    s.kind = StepKind::ForEach;
    s.loopVar = ident(f->ident());
    s.iterable = expr(f->expr());
    s.body = stepBlock(f->stepBlock());
  } else if (auto* w = as<P::WhileStepContext>(ctx)) {
    s.kind = StepKind::While;
    s.condition = expr(w->expr());
    s.body = stepBlock(w->stepBlock());
  } else if (auto* p = as<P::ParallelStepContext>(ctx)) {
    s.kind = StepKind::Parallel;
    s.args = args(p->argList());
    for (P::ParallelItemContext* item : p->parallelItem()) {
      if (auto* br = as<P::ParallelBranchContext>(item))
        s.branches.push_back(stepBlock(br->stepBlock()));
      else if (auto* single = as<P::ParallelSingleContext>(item)) {
        StepList one;
        one.push_back(step(single->step()));
        s.branches.push_back(std::move(one));
      }
    }
  } else if (auto* d = as<P::DbTxStepContext>(ctx)) {
    s.kind = StepKind::DbTx;
    s.body = stepBlock(d->stepBlock());
  } else if (auto* t = as<P::TryStepContext>(ctx)) {
    s.kind = StepKind::Try;
    s.catchVar = ident(t->ident());
    enum { Try, Catch, Finally } part = Try;
    for (antlr4::tree::ParseTree* child : t->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (term && term->getSymbol()->getType() == P::CATCH)
        part = Catch;
      else if (term && term->getSymbol()->getType() == P::FINALLY)
        part = Finally;
      auto* blockCtx = dynamic_cast<P::StepBlockContext*>(child);
      if (!blockCtx) continue;
      StepList list = stepBlock(blockCtx);
      if (part == Try)
        s.body = std::move(list);
      else if (part == Catch)
        s.catchBody = std::move(list), s.hasCatch = true;
      else
        s.finallyBody = std::move(list), s.hasFinally = true;
    }
  } else if (auto* tp = as<P::TimerPropsStepContext>(ctx)) {
    s.kind = tp->DELAY() ? StepKind::Delay : StepKind::Schedule;
    s.name = ident(tp->ident());
    s.args = props(tp->propsBlock());
  } else if (auto* te = as<P::TimerExprStepContext>(ctx)) {
    s.kind = te->DELAY() ? StepKind::Delay : StepKind::Schedule;
    s.condition = expr(te->expr());
  } else if (as<P::BreakStepContext>(ctx)) {
    s.kind = StepKind::Break;
  } else if (as<P::ContinueStepContext>(ctx)) {
    s.kind = StepKind::Continue;
  } else if (auto* ret = as<P::ReturnStepContext>(ctx)) {
    s.kind = StepKind::Return;
    if (ret->expr()) s.condition = expr(ret->expr());
  } else if (auto* ps = as<P::PropsStepContext>(ctx)) {
    std::vector<P::IdentContext*> ids = ps->ident();
    if (ids.empty()) return;
    s.keyword = ident(ids[0]);
    s.kind = propsStepKind(s.keyword.name);
    if (ids.size() > 1) s.name = ident(ids[1]);
    s.args = props(ps->propsBlock());
  }
}

Step AstBuilder::ifStep(P::IfStepContext* ctx) {
  Step s;
  s.kind = StepKind::If;
  s.span = span(ctx);
  s.keyword = Ident{"if", span(ctx->IF())};
  DepthGuard guard(*this, ctx);
  if (!guard.ok) return s;
  s.condition = expr(ctx->expr());
  std::vector<P::StepBlockContext*> blocks = ctx->stepBlock();
  if (!blocks.empty()) s.body = stepBlock(blocks[0]);
  if (ctx->ELSE()) {
    s.hasElse = true;
    if (blocks.size() > 1)
      s.elseBody = stepBlock(blocks[1]);
    else if (ctx->ifStep())
      s.elseBody.push_back(ifStep(ctx->ifStep()));
  }
  return s;
}

} // namespace locus::ast_build
