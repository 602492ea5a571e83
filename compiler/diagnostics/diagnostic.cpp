#include "compiler/diagnostics/diagnostic.h"

#include <algorithm>
#include <array>

namespace locus {

namespace {
constexpr Severity Error = Severity::Error;
constexpr Severity Warning = Severity::Warning;

const std::array kInfos = {
#define LOCUS_DIAG(Name, Code, Sev, Summary, Explanation)                                          \
  DiagKindInfo{#Name, Code, Sev, Summary, Explanation},
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef LOCUS_DIAG
};
} // namespace

const char* severityName(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

const DiagKindInfo& diagKindInfo(DiagKind kind) {
  return kInfos[static_cast<size_t>(kind)];
}

std::optional<DiagKind> diagKindByCode(std::string_view code) {
  for (size_t i = 0; i < kInfos.size(); ++i)
    if (kInfos[i].code == code) return static_cast<DiagKind>(i);
  return std::nullopt;
}

size_t diagKindCount() {
  return kInfos.size();
}

void DiagnosticSink::report(Diagnostic d) {
  std::lock_guard lock(mutex_);
  diags_.push_back(std::move(d));
}

Diagnostic& DiagnosticSink::emit(DiagKind kind, Span span, std::string message) {
  std::lock_guard lock(mutex_);
  Diagnostic& d = diags_.emplace_back();
  d.kind = kind;
  d.severity = diagKindInfo(kind).severity;
  d.span = span;
  d.message = std::move(message);
  return d;
}

bool DiagnosticSink::hasErrors() const {
  return errorCount() != 0;
}

size_t DiagnosticSink::errorCount() const {
  std::lock_guard lock(mutex_);
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t DiagnosticSink::warningCount() const {
  std::lock_guard lock(mutex_);
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::lock_guard lock(mutex_);
  std::vector<Diagnostic> out = diags_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.offset < b.span.offset;
  });
  return out;
}

} // namespace locus
