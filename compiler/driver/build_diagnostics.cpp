#include "compiler/driver/build_diagnostics.h"

#include "compiler/base/line_index.h"
#include "compiler/ir/ir.h"

#include <algorithm>

namespace locus {

Span spanFromIr(const locus::OrderedJson& span, const SourceSet& sources,
                const std::string& pathBase) {
  Span s;
  if (!span.is_object() || !span.value("file", nlohmann::json()).is_string()) return s;
  std::string file = span["file"].get<std::string>();
  for (size_t id = 0; id < sources.size(); ++id) {
    if (irSpanPath(sources.file(static_cast<FileId>(id)).path, pathBase) != file) continue;
    s.file = static_cast<FileId>(id);
    s.line = span.value("line", 0u);
    s.col = span.value("col", 0u);
    s.length = std::max(1u, span.value("length", 1u));
    s.offset = offsetOf(sources.file(s.file).text, s.line, s.col);
    return s;
  }
  return Span{};
}

void reportGeneratorMessages(const std::vector<NamedMessage>& messages, const SourceSet& sources,
                             const std::string& pathBase, DiagnosticSink& sink) {
  for (const NamedMessage& m : messages) {
    std::string prefix = m.generator.empty() ? "" : "generator '" + m.generator + "': ";
    sink.emit(m.message.kind, spanFromIr(m.message.span, sources, pathBase),
              prefix + m.message.message);
  }
}

} // namespace locus
