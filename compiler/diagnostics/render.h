// Rendering diagnostics for people (pretty, via llvm::SourceMgr) and machines (json, sarif,
// github).
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"

#include <llvm/Support/raw_ostream.h>
#include <optional>
#include <string_view>
#include <vector>

namespace locus {

enum class DiagnosticFormat { Pretty, Json, Sarif, Github };

std::optional<DiagnosticFormat> parseDiagnosticFormat(std::string_view name);

struct RenderOptions {
  DiagnosticFormat format = DiagnosticFormat::Pretty;
  bool color = false;
  std::string toolVersion = "0.1.0";
};

// Writes all diagnostics (already sorted by the caller) plus, for pretty output, a summary line
// ("2 errors, 1 warning generated."). Machine formats write one complete document.
void renderDiagnostics(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                       const RenderOptions& options, llvm::raw_ostream& out);

} // namespace locus
