// A located compiler message. Produced by every phase, rendered by the driver.
#pragma once

#include "compiler/base/source_span.h"
#include "compiler/diagnostics/diagnostic_kind.h"

#include <mutex>
#include <string>
#include <vector>

namespace locus {

enum class Severity { Error, Warning, Note };

const char* severityName(Severity s);

struct DiagnosticNote {
  Span span; // may be invalid for a note without a location
  std::string message;
};

struct Diagnostic {
  DiagKind kind = DiagKind::SyntaxError;
  Severity severity = Severity::Error;
  std::string message;
  Span span;
  std::vector<DiagnosticNote> notes;
  std::string suggestion; // replacement text for the spanned token ("did you mean …?"), or empty
};

// Collects diagnostics from all phases; safe to report from several threads.
class DiagnosticSink {
public:
  void report(Diagnostic d);
  // Shorthand: severity comes from the kind's registry entry.
  Diagnostic& emit(DiagKind kind, Span span, std::string message);

  bool hasErrors() const;
  size_t errorCount() const;
  size_t warningCount() const;
  // Diagnostics sorted by file, then position, then insertion order (stable output).
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic>& all() const { return diags_; }

private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> diags_;
};

} // namespace locus
