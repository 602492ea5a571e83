#include "compiler/sema/duration.h"

#include "compiler/sema/literals.h"

namespace locus {

std::optional<uint64_t> literalDurationMs(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::Duration && e.kind != ast::ExprKind::String) return std::nullopt;
  return parseDurationMs(e.text);
}

DurationCheck checkDurationExpr(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Duration || e.kind == ast::ExprKind::String)
    return literalDurationMs(e) ? DurationCheck::Valid : DurationCheck::Invalid;
  // A bare number has no unit (is `5` seconds or milliseconds?): ask for one.
  return isLiteral(e) ? DurationCheck::Invalid : DurationCheck::Dynamic;
}

} // namespace locus
