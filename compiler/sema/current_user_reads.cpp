#include "compiler/sema/current_user_reads.h"

namespace locus {

namespace {

using ast::ExprKind;

bool isCurrentUser(const ast::Expr* e) {
  return e && e->kind == ExprKind::Name && e->text == kCurrentUser;
}

bool isAnd(const std::string& op) {
  return op == "&&" || op == "and";
}

bool isOr(const std::string& op) {
  return op == "||" || op == "or";
}

void checkMember(const ast::Expr& e, bool signedIn, const AuthConfig& auth, DiagnosticSink& sink) {
  if (!auth.password.empty() && e.text == auth.password) {
    reportPasswordRead(e, sink);
    return;
  }
  if (e.optionalChain || signedIn) return;
  sink.emit(DiagKind::PossiblyNull, e.span,
            "'currentUser' may be null (nobody is signed in); check it first (`currentUser != "
            "null`) or write `currentUser?." +
                e.text + "`");
}

} // namespace

void reportPasswordRead(const ast::Expr& member, DiagnosticSink& sink) {
  sink.emit(DiagKind::UnknownMember, member.span,
            "'" + member.text + "' is the password hash: no code, in the browser or on the " +
                "server, can read it from `currentUser`");
}

bool provesSignedIn(const ast::Expr& cond, bool truth) {
  switch (cond.kind) {
  case ExprKind::Name:
    return truth && isCurrentUser(&cond);
  case ExprKind::Unary:
    return (cond.text == "!" || cond.text == "not") && cond.lhs &&
           provesSignedIn(*cond.lhs, !truth);
  case ExprKind::Binary: {
    if (!cond.lhs || !cond.rhs) return false;
    if ((isAnd(cond.text) && truth) || (isOr(cond.text) && !truth))
      return provesSignedIn(*cond.lhs, truth) || provesSignedIn(*cond.rhs, truth);
    if (cond.text != "==" && cond.text != "!=") return false;
    bool nullCompared = (isCurrentUser(cond.lhs.get()) && cond.rhs->kind == ExprKind::Null) ||
                        (isCurrentUser(cond.rhs.get()) && cond.lhs->kind == ExprKind::Null);
    return nullCompared && (cond.text == "!=") == truth;
  }
  default:
    return false;
  }
}

void checkCurrentUserReads(const ast::Expr& e, bool signedIn, const AuthConfig& auth,
                           DiagnosticSink& sink) {
  auto walk = [&](const ast::ExprPtr& child, bool proven) {
    if (child) checkCurrentUserReads(*child, proven, auth, sink);
  };
  switch (e.kind) {
  case ExprKind::Member:
    if (isCurrentUser(e.lhs.get())) {
      checkMember(e, signedIn, auth, sink);
      return;
    }
    walk(e.lhs, signedIn);
    return;
  case ExprKind::Binary:
    walk(e.lhs, signedIn);
    // `a && b` evaluates b where a is true, `a || b` where a is false.
    if (isAnd(e.text) || isOr(e.text))
      walk(e.rhs, signedIn || (e.lhs && provesSignedIn(*e.lhs, isAnd(e.text))));
    else
      walk(e.rhs, signedIn);
    return;
  case ExprKind::Conditional:
    walk(e.lhs, signedIn);
    walk(e.rhs, signedIn || (e.lhs && provesSignedIn(*e.lhs, true)));
    walk(e.alt, signedIn || (e.lhs && provesSignedIn(*e.lhs, false)));
    return;
  default:
    walk(e.lhs, signedIn);
    walk(e.rhs, signedIn);
    walk(e.alt, signedIn);
    for (const ast::Arg& a : e.args) walk(a.value, signedIn);
    return;
  }
}

} // namespace locus
