#include "compiler/driver/plugin_diagnostics.h"

#include "compiler/driver/build_diagnostics.h"

#include <filesystem>

namespace locus {

namespace {

Severity compilerSeverity(hooks::Severity s) {
  switch (s) {
  case hooks::Severity::Error:
    return Severity::Error;
  case hooks::Severity::Warning:
    return Severity::Warning;
  case hooks::Severity::Info:
  case hooks::Severity::Hint:
    return Severity::Note;
  }
  return Severity::Error;
}

// A plugin span names a file relative to the project (as IR spans do) or by the path the build
// read it from; either way it must be a file of this build to become a location.
Span spanOf(const std::optional<hooks::SourceSpan>& span, const SourceSet& sources,
            const std::string& pathBase) {
  if (!span || span->line <= 0) return Span{};
  locus::OrderedJson ir = {{"file", span->file},
                           {"line", span->line},
                           {"col", std::max(1, span->col)},
                           {"length", std::max(1, span->length)}};
  Span s = spanFromIr(ir, sources, pathBase);
  if (s.valid()) return s;
  std::error_code ec;
  for (size_t id = 0; id < sources.size(); ++id) {
    const std::string& path = sources.file(static_cast<FileId>(id)).path;
    if (path != span->file && !std::filesystem::equivalent(path, span->file, ec)) continue;
    ir["file"] = path;
    return spanFromIr(ir, sources, "");
  }
  return Span{};
}

} // namespace

void reportLoadProblems(const hooks::PluginSet& set, DiagnosticSink& sink) {
  for (const hooks::LoadProblem& p : set.problems) {
    Diagnostic& d = sink.emit(DiagKind::PluginLoadError, Span{}, p.str());
    if (p.severity == hooks::LoadProblem::Severity::Warning) d.severity = Severity::Warning;
  }
}

void reportPluginDiagnostics(const std::vector<hooks::PluginDiagnostic>& diagnostics,
                             const SourceSet& sources, const std::string& pathBase,
                             DiagnosticSink& sink) {
  for (const hooks::PluginDiagnostic& p : diagnostics) {
    bool reported = p.origin == hooks::DiagnosticOrigin::Reported;
    Diagnostic d;
    d.kind = reported ? DiagKind::PluginReported : DiagKind::PluginFailed;
    d.severity = compilerSeverity(p.severity);
    d.span = spanOf(p.span, sources, pathBase);
    d.message = "[plugin " + p.plugin + ", " + p.hook + "] " +
                (p.code.empty() ? "" : p.code + ": ") + p.message;
    if (!reported) d.message += " (" + std::string(hooks::originName(p.origin)) + ")";
    sink.report(std::move(d));
  }
}

void reportSlowHooks(const hooks::MetricsBook& metrics, DiagnosticSink& sink) {
  for (const hooks::SlowHookWarning& w : hooks::slowHookWarnings(metrics))
    sink.emit(DiagKind::PluginSlowHook, Span{},
              "[plugin " + w.plugin + ", " + w.hook + "] " + w.message);
}

} // namespace locus
