// Durations as the language writes them: literals (250ms, 5s, 10m, 1h, 2d) and strings
// ("5 minutes", "1s", "1.5 hours"). Shared by workflow checks (delay, retry, timeouts).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/duration_text.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace locus {

// What a duration expression is, as far as the compiler can tell.
enum class DurationCheck {
  Valid,   // a literal or string that parses
  Invalid, // a literal that is certainly not a duration (bad string, bare number, bool, …)
  Dynamic, // computed at run time (names, calls, …): accepted
};
DurationCheck checkDurationExpr(const ast::Expr& e);

// The value of a literal duration expression, if it is one.
std::optional<uint64_t> literalDurationMs(const ast::Expr& e);

} // namespace locus
