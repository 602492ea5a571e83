// Arity and types of the built-in functions (docs/language/types.md lists them). The generated
// code calls the runtime's versions (rt.len, rt.navigate, …) or the browser's (fetch, String, …);
// both are typed, so a call with the wrong number of arguments would not compile.
#pragma once

#include "compiler/sema/code_types.h"

#include <string_view>

namespace locus {

struct BuiltinSignature {
  std::string_view name;
  unsigned minArgs;
  unsigned maxArgs;         // kVariadic: any number from minArgs
  Type::Kind result;        // Any when the result has no Locus type (a timer id, a Response)
  Type::Kind argument;      // Any, or the type every argument must have (encodeURIComponent)
  std::string_view summary; // one line, for messages and the docs
};

inline constexpr unsigned kVariadic = ~0u;

// nullptr for a name that is not a built-in function.
const BuiltinSignature* builtinSignature(std::string_view name);

} // namespace locus
