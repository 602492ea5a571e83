// `currentUser` where expressions are not otherwise typed: UI markup and workflow steps. The
// signed-in user may be null, so `currentUser.name` needs a check first (an enclosing `<if>`, an
// `if` step, `&&`, `?:`) or `?.` (E0608), and the password field is never readable (E0604).
// Statement bodies get the same rules from the code checker, which types every value.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/auth_config.h"

namespace locus {

// Whether `cond` evaluating to `truth` proves someone is signed in: `currentUser`,
// `currentUser != null` (true), `currentUser == null` (false), `!…`, `&&` / `||` of those.
bool provesSignedIn(const ast::Expr& cond, bool truth);

// Reports every `currentUser.x` in `e` that is read without `?.` where nothing proves a user is
// signed in (`signedIn`: an enclosing condition already did), and every read of the password.
// E0604 at `currentUser.<password field>` (`member`).
void reportPasswordRead(const ast::Expr& member, DiagnosticSink& sink);

void checkCurrentUserReads(const ast::Expr& e, bool signedIn, const AuthConfig& auth,
                           DiagnosticSink& sink);

} // namespace locus
