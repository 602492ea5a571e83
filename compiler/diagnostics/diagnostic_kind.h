// The registry of every diagnostic the compiler can emit (see diagnostic_kinds.def).
#pragma once

#include <optional>
#include <string_view>

namespace locus {

enum class DiagKind {
#define LOCUS_DIAG(Name, Code, Sev, Summary, Explanation) Name,
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef LOCUS_DIAG
};

enum class Severity;

struct DiagKindInfo {
  std::string_view name;
  std::string_view code; // e.g. "E0301"; stable, printed in every message, `locusc explain CODE`
  Severity severity;
  std::string_view summary;
  std::string_view explanation;
};

const DiagKindInfo& diagKindInfo(DiagKind kind);
std::optional<DiagKind> diagKindByCode(std::string_view code);
size_t diagKindCount();

} // namespace locus
