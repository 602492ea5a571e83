// `locusc plugin list` and `locusc plugin inspect NAME`: what the project's plugins are, what they
// subscribe to, what they were granted and within which limits.
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_host.h"
#include "hooks/dispatch/hook_table.h"
#include "hooks/permissions/permissions.h"
#include "hooks/sandbox/fs_read_binds.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

namespace {

const char* bucketName(hooks::OrderBucket b) {
  switch (b) {
  case hooks::OrderBucket::Pre:
    return "pre";
  case hooks::OrderBucket::Normal:
    return "normal";
  case hooks::OrderBucket::Post:
    return "post";
  }
  return "normal";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void printProblems(const hooks::PluginSet& set) {
  for (const hooks::LoadProblem& p : set.problems) llvm::errs() << p.str() << "\n";
}

void printSubscription(const hooks::HookSubscription& h, const hooks::PluginSet& set,
                       const std::string& plugin) {
  llvm::outs() << "  " << h.hook << " (order " << bucketName(h.order);
  if (!h.before.empty()) llvm::outs() << ", before " << joined(h.before);
  if (!h.after.empty()) llvm::outs() << ", after " << joined(h.after);
  if (std::optional<double> budget = set.budgetMs(plugin, h.hook))
    llvm::outs() << ", budget " << *budget << " ms";
  const hooks::HookFilter& f = h.filter;
  for (auto [key, globs] : {std::pair{"files", &f.files},
                            {"steps", &f.steps},
                            {"workflows", &f.workflows},
                            {"pages", &f.pages},
                            {"components", &f.components}})
    if (!globs->empty()) llvm::outs() << ", " << key << " " << joined(*globs);
  if (const hooks::HookInfo* info = hooks::findHook(h.hook))
    llvm::outs() << "; " << hooks::semanticsName(info->semantics);
  llvm::outs() << ")\n";
}

} // namespace

int runPluginList(const std::string& project) {
  PluginHost host(projectRootOf(project));
  const hooks::PluginSet& set = host.set();
  if (set.plugins.empty()) llvm::outs() << "no plugins loaded\n";
  for (const hooks::LoadedPlugin& p : set.plugins) {
    std::vector<std::string> hooks;
    for (const hooks::HookSubscription& h : p.manifest.hooks) hooks.push_back(h.hook);
    llvm::outs() << p.manifest.name << " " << p.manifest.version << " (" << p.origin << ")"
                 << (p.settings.enabled ? "" : " [disabled]") << ": hooks [" << joined(hooks)
                 << "]";
    if (!p.manifest.steps.empty()) llvm::outs() << ", " << p.manifest.steps.size() << " step kinds";
    if (!p.manifest.generators.empty())
      llvm::outs() << ", " << p.manifest.generators.size() << " generators";
    llvm::outs() << "\n";
  }
  printProblems(set);
  return set.hasErrors() ? 1 : 0;
}

int runPluginInspect(const std::string& project, const std::string& name) {
  PluginHost host(projectRootOf(project));
  const hooks::PluginSet& set = host.set();
  const hooks::LoadedPlugin* p = set.find(name);
  if (!p) {
    std::vector<std::string> known;
    for (const hooks::LoadedPlugin& l : set.plugins) known.push_back(l.manifest.name);
    llvm::errs() << "locusc: no plugin '" << name << "' is loaded in " << host.root().string()
                 << " (loaded: " << (known.empty() ? "none" : joined(known)) << ")\n";
    printProblems(set);
    return 1;
  }
  const hooks::PluginManifest& m = p->manifest;
  llvm::outs() << m.name << " " << m.version << "\n"
               << "  " << m.description << "\n"
               << "origin: " << p->origin << "\nfolder: " << m.dir.string()
               << "\nentry: " << joined(m.entry) << "\nrequiresCore: " << m.requiresCore
               << "\nprotocol: " << m.protocol << "\nhooks:\n";
  for (const hooks::HookSubscription& h : m.hooks) printSubscription(h, set, m.name);
  for (const hooks::StepKindDecl& s : m.steps)
    llvm::outs() << "step kind: " << s.kind << " — " << s.description << "\n";
  for (const hooks::GeneratorDecl& g : m.generators)
    llvm::outs() << "generator: " << g.name << " — " << g.description << " (outputs "
                 << joined(g.outputs) << ")\n";
  llvm::outs() << "permissions:\n";
  hooks::PermissionDecision decision = hooks::decidePermissions(m, p->settings.policy);
  const hooks::Permissions& g = decision.granted;
  llvm::outs() << "  network: " << (g.network ? "granted" : "denied") << "\n"
               << "  env: " << (g.env.empty() ? "none" : joined(g.env)) << "\n"
               << "  fs.read: plugin folder" << (g.fsRead.empty() ? "" : ", " + joined(g.fsRead))
               << "\n  fs.write: workspace .locus/workspaces/" << m.name << "/\n";
  for (const hooks::PermissionEvent& e : decision.events)
    llvm::outs() << "  " << (e.granted ? "granted " : "denied  ") << e.permission << " ("
                 << e.reason << ")\n";
  // What the fs.read grant binds today (the worker computes the same when it starts).
  if (!g.fsRead.empty()) {
    hooks::FsReadBinds binds = hooks::resolveFsReadBinds(host.root(), g.fsRead);
    llvm::outs() << "  fs.read binds (read-only):" << (binds.binds.empty() ? " none" : "") << "\n";
    for (const hooks::ReadOnlyBind& b : binds.binds)
      llvm::outs() << "    " << b.target
                   << (b.source.empty() ? " -> " + b.symlinkTarget + " (symlink)" : "") << "\n";
    for (const std::string& skipped : binds.skipped)
      llvm::outs() << "    not bound: " << skipped << "\n";
  }
  const hooks::Limits& l = m.limits;
  llvm::outs() << "limits: timeout " << l.timeoutMs << " ms, memory " << l.memoryMb << " MB, cpu "
               << l.cpuSeconds << " s, output " << l.maxOutputMb << " MB, pids " << l.pids << "\n";
  return 0;
}

} // namespace locus
