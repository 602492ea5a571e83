#include "hooks/dispatch/optional_failures.h"

namespace locus::hooks {

void degradeOptionalFailures(std::vector<PluginDiagnostic>& diagnostics, const PluginSet& set) {
  for (PluginDiagnostic& d : diagnostics) {
    if (d.severity != Severity::Error || d.origin == DiagnosticOrigin::Reported) continue;
    const LoadedPlugin* plugin = set.find(d.plugin);
    if (!plugin || !plugin->settings.optional) continue;
    d.severity = Severity::Warning;
    d.message += " (optional plugin: the build goes on without it)";
  }
}

} // namespace locus::hooks
