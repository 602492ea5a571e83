// checkGuards: `page X(guard: …)` in a program with `auth { }` (E1004). The guard names the roles
// that may open the page; the generated web app and API enforce it (docs/auth.md), so it must be
// readable as role names and the auth block must say which field holds the role. Without
// `auth { }` nothing can enforce a guard: the react generator warns (W0809) with the fix.
#include "compiler/sema/auth_config.h"
#include "compiler/sema/checks.h"

namespace locus {

namespace {

bool isRoleName(const ast::Expr& e) {
  return (e.kind == ast::ExprKind::Name || e.kind == ast::ExprKind::String) && !e.text.empty();
}

bool isRoleList(const ast::Expr& e) {
  if (isRoleName(e)) return true;
  if (e.kind != ast::ExprKind::Array || e.args.empty()) return false;
  for (const ast::Arg& a : e.args)
    if (!a.value || !isRoleName(*a.value)) return false;
  return true;
}

} // namespace

void checkGuards(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  AuthConfig auth = readAuthConfig(program, symbols);
  if (auth.block == nullptr) return;
  for (const ast::UiContainer& page : program.pages) {
    for (const ast::Arg& arg : page.headerArgs) {
      if (arg.name.name != "guard" || !arg.value) continue;
      const ast::Expr& value = *arg.value;
      if (!isRoleList(value)) {
        sink.emit(DiagKind::InvalidGuard, value.span,
                  "the guard of page '" + page.name.name +
                      "' must name roles: `guard: admin`, `guard: \"admin\"` or "
                      "`guard: [admin, sales]`");
        continue;
      }
      if (auth.role.empty())
        sink.emit(DiagKind::InvalidGuard, value.span,
                  "page '" + page.name.name + "' is guarded by role, but `auth { }` names no " +
                      "role field: add `role: <field>` (a String field of " +
                      (auth.user ? "'" + auth.user->name.name + "'" : std::string("the user")) +
                      ") to the auth block")
            .notes.push_back({auth.block->span, "the auth block is here"});
    }
  }
}

} // namespace locus
