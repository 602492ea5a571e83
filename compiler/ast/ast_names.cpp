#include "compiler/ast/ast.h"

namespace locus::ast {

const char* exprKindName(ExprKind k) {
  switch (k) {
  case ExprKind::Number:
    return "number";
  case ExprKind::String:
    return "string";
  case ExprKind::Bool:
    return "bool";
  case ExprKind::Null:
    return "null";
  case ExprKind::Size:
    return "size";
  case ExprKind::Duration:
    return "duration";
  case ExprKind::Color:
    return "color";
  case ExprKind::Name:
    return "name";
  case ExprKind::Member:
    return "member";
  case ExprKind::Index:
    return "index";
  case ExprKind::Call:
    return "call";
  case ExprKind::Unary:
    return "unary";
  case ExprKind::Binary:
    return "binary";
  case ExprKind::Array:
    return "array";
  case ExprKind::Object:
    return "object";
  case ExprKind::Conditional:
    return "conditional";
  }
  return "?";
}

const char* stmtKindName(StmtKind k) {
  switch (k) {
  case StmtKind::Let:
    return "let";
  case StmtKind::Const:
    return "const";
  case StmtKind::Assign:
    return "assign";
  case StmtKind::If:
    return "if";
  case StmtKind::For:
    return "for";
  case StmtKind::While:
    return "while";
  case StmtKind::Break:
    return "break";
  case StmtKind::Continue:
    return "continue";
  case StmtKind::Return:
    return "return";
  case StmtKind::Throw:
    return "throw";
  case StmtKind::Expr:
    return "expr";
  }
  return "?";
}

const char* stepKindName(StepKind k) {
  switch (k) {
  case StepKind::Run:
    return "run";
  case StepKind::Branch:
    return "branch";
  case StepKind::If:
    return "if";
  case StepKind::ForEach:
    return "forEach";
  case StepKind::While:
    return "while";
  case StepKind::Parallel:
    return "parallel";
  case StepKind::DbTx:
    return "db_tx";
  case StepKind::Try:
    return "try";
  case StepKind::Delay:
    return "delay";
  case StepKind::Schedule:
    return "schedule";
  case StepKind::HttpRequest:
    return "http_request";
  case StepKind::SendEmail:
    return "send_email";
  case StepKind::QueuePublish:
    return "queue_publish";
  case StepKind::WaitFor:
    return "wait_for";
  case StepKind::Break:
    return "break";
  case StepKind::Continue:
    return "continue";
  case StepKind::Return:
    return "return";
  case StepKind::Generic:
    return "generic";
  }
  return "?";
}

const char* triggerKindName(TriggerKind k) {
  switch (k) {
  case TriggerKind::Webhook:
    return "webhook";
  case TriggerKind::Create:
    return "create";
  case TriggerKind::Update:
    return "update";
  case TriggerKind::Delete:
    return "delete";
  case TriggerKind::Schedule:
    return "schedule";
  case TriggerKind::Queue:
    return "queue";
  case TriggerKind::Manual:
    return "manual";
  case TriggerKind::Unrecognized:
    return "unrecognized";
  }
  return "?";
}

const char* relationKindName(RelationKind k) {
  switch (k) {
  case RelationKind::None:
    return "none";
  case RelationKind::HasMany:
    return "has_many";
  case RelationKind::BelongsTo:
    return "belongs_to";
  case RelationKind::HasOne:
    return "has_one";
  }
  return "?";
}

const char* uiDirectiveName(UiAttrKind k) {
  switch (k) {
  case UiAttrKind::On:
    return "on";
  case UiAttrKind::Bind:
    return "bind";
  case UiAttrKind::ForEach:
    return "for";
  case UiAttrKind::Plain:
    break;
  }
  return "";
}

const char* uiContainerKindName(UiContainerKind k) {
  switch (k) {
  case UiContainerKind::Component:
    return "component";
  case UiContainerKind::Store:
    return "store";
  case UiContainerKind::Page:
    break;
  }
  return "page";
}

} // namespace locus::ast
