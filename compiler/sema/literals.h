// Reading literal values out of expressions (numbers, booleans, words), for checks of
// configuration-like properties (retry, concurrency, step options).
#pragma once

#include "compiler/ast/ast.h"

#include <optional>
#include <string>

namespace locus {

// 3, 2.5, -1 → the number; anything else → nullopt.
std::optional<double> numberLiteral(const ast::Expr& e);
bool isIntegral(double v);
// true / false → the value; anything else → nullopt.
std::optional<bool> boolLiteral(const ast::Expr& e);
// A word as the peer writes it: "text", bare `name`, or `dotted.name` → the text.
std::optional<std::string> wordLiteral(const ast::Expr& e);
// A literal of any kind (number, string, bool, null, size, duration, color, array, object).
bool isLiteral(const ast::Expr& e);

} // namespace locus
