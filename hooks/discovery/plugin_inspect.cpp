#include "hooks/discovery/plugin_inspect.h"

#include "hooks/ordering/hook_order.h"
#include "hooks/permissions/permissions.h"

#include <algorithm>
#include <sstream>

namespace locus::hooks {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void hooksSection(std::ostream& out, const LoadedPlugin& p, const PluginSet& set) {
  out << "hooks:\n";
  if (p.manifest.hooks.empty()) out << "  (none)\n";
  for (const HookSubscription& s : p.manifest.hooks) {
    out << "  " << s.hook << "  order " << bucketName(s.order);
    if (auto it = set.hookOrder.find(s.hook); it != set.hookOrder.end()) {
      const auto& order = it->second;
      auto at = std::find(order.begin(), order.end(), p.manifest.name);
      if (at != order.end())
        out << ", called " << (at - order.begin() + 1) << " of " << order.size();
    }
    if (!s.before.empty()) out << ", before " << join(s.before);
    if (!s.after.empty()) out << ", after " << join(s.after);
    if (auto budget = set.budgetMs(p.manifest.name, s.hook)) out << ", budget " << *budget << " ms";
    const HookFilter& f = s.filter;
    if (!f.files.empty()) out << ", files " << join(f.files);
    if (!f.steps.empty()) out << ", steps " << join(f.steps);
    if (!f.workflows.empty()) out << ", workflows " << join(f.workflows);
    if (!f.pages.empty()) out << ", pages " << join(f.pages);
    if (!f.components.empty()) out << ", components " << join(f.components);
    out << "\n";
  }
}

void permissionsSection(std::ostream& out, const LoadedPlugin& p) {
  PermissionDecision d = decidePermissions(p.manifest, p.settings.policy);
  out << "permissions:\n";
  if (d.events.empty()) out << "  (none requested)\n";
  for (const PermissionEvent& e : d.events)
    out << "  " << (e.granted ? "granted " : "DENIED  ") << e.permission << "  (" << e.reason
        << ")\n";
}

} // namespace

std::string describePlugin(const LoadedPlugin& p, const PluginSet& set) {
  const PluginManifest& m = p.manifest;
  std::ostringstream out;
  out << m.name << " " << m.version << "\n";
  if (!m.description.empty()) out << "  " << m.description << "\n";
  out << "from:          " << p.origin << " (" << m.dir.string() << ")\n";
  out << "requiresCore:  " << m.requiresCore << "\n";
  out << "entry:         " << join(m.entry) << "  (protocol " << m.protocol << ")\n";
  hooksSection(out, p, set);
  out << "steps:         " << (m.steps.empty() ? "(none)" : "") << "\n";
  for (const StepKindDecl& s : m.steps)
    out << "  " << s.kind << (s.description.empty() ? "" : "  " + s.description) << "\n";
  out << "generators:    " << (m.generators.empty() ? "(none)" : "") << "\n";
  for (const GeneratorDecl& g : m.generators)
    out << "  " << g.name << (g.outputs.empty() ? "" : "  outputs " + join(g.outputs)) << "\n";
  permissionsSection(out, p);
  const Limits& l = m.limits;
  out << "limits:        timeout " << l.timeoutMs << " ms, memory " << l.memoryMb << " MB, cpu "
      << l.cpuSeconds << " s, output " << l.maxOutputMb << " MB, pids " << l.pids << "\n";
  if (!m.dependencies.empty()) {
    out << "dependencies:\n";
    for (const auto& [name, range] : m.dependencies) out << "  " << name << " " << range << "\n";
  }
  return out.str();
}

} // namespace locus::hooks
