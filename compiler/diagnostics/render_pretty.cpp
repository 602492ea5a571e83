#include "compiler/diagnostics/render.h"

namespace locus {
// Placeholder until implemented.
std::optional<DiagnosticFormat> parseDiagnosticFormat(std::string_view) { return DiagnosticFormat::Pretty; }
void renderDiagnostics(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                       const RenderOptions&, llvm::raw_ostream& out) {
  for (const Diagnostic& d : diags) {
    std::string path = d.span.file == kNoFile ? "" : sources.file(d.span.file).path;
    out << path << ":" << d.span.line << ":" << d.span.col << ": " << severityName(d.severity)
        << "[" << diagKindInfo(d.kind).code << "]: " << d.message << "\n";
  }
}
} // namespace locus
