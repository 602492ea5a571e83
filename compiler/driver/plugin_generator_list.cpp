#include "compiler/driver/plugin_generator_list.h"

#include "compiler/driver/plugin_host.h"
#include "hooks/discovery/discover.h"

namespace locus {

int listPluginGenerators(const std::string& input, llvm::raw_ostream& out,
                         llvm::raw_ostream& errs) {
  hooks::PluginSet set = hooks::discoverPlugins(projectRootOf(input));
  for (const hooks::LoadProblem& p : set.problems) errs << "locusc: " << p.str() << "\n";
  int listed = 0;
  for (const hooks::LoadedPlugin& p : set.plugins)
    for (const hooks::GeneratorDecl& g : p.manifest.generators) {
      out << g.name << " (plugin " << p.manifest.name << " " << p.manifest.version << ")";
      if (!g.description.empty()) out << ": " << g.description;
      if (!g.requiredGenerators.empty()) {
        out << " [requires";
        for (const std::string& r : g.requiredGenerators) out << " " << r;
        out << "]";
      }
      out << "\n";
      ++listed;
    }
  return listed;
}

void attributePluginOutputs(const hooks::PluginSet& set,
                            std::map<std::string, std::string>& owner) {
  std::map<std::string, std::string> labels; // generator → label
  for (const hooks::LoadedPlugin& p : set.plugins)
    for (const hooks::GeneratorDecl& g : p.manifest.generators)
      labels[g.name] = g.name + " (plugin " + p.manifest.name + ")";
  for (auto& [path, generator] : owner)
    if (auto it = labels.find(generator); it != labels.end()) generator = it->second;
}

} // namespace locus
