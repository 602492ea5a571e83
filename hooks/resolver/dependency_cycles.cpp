#include "hooks/resolver/dependency_cycles.h"

#include <algorithm>
#include <functional>

namespace locus::resolver {

std::vector<std::vector<std::string>>
dependencyCycles(const std::map<std::string, std::vector<std::string>>& graph) {
  // Tarjan's algorithm; plugin graphs are small, so recursion depth is not a concern here, but
  // it is bounded by the number of packages anyway.
  std::map<std::string, int> index, low;
  std::vector<std::string> stack;
  std::map<std::string, bool> onStack;
  std::vector<std::vector<std::string>> out;
  int next = 0;
  std::function<void(const std::string&)> visit = [&](const std::string& v) {
    index[v] = low[v] = next++;
    stack.push_back(v);
    onStack[v] = true;
    auto edges = graph.find(v);
    if (edges != graph.end())
      for (const std::string& w : edges->second) {
        if (!index.count(w)) {
          visit(w);
          low[v] = std::min(low[v], low[w]);
        } else if (onStack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
      }
    if (low[v] != index[v]) return;
    std::vector<std::string> component;
    std::string w;
    do {
      w = stack.back();
      stack.pop_back();
      onStack[w] = false;
      component.push_back(w);
    } while (w != v);
    bool selfLoop = edges != graph.end() &&
                    std::find(edges->second.begin(), edges->second.end(), v) != edges->second.end();
    if (component.size() > 1 || selfLoop) {
      std::sort(component.begin(), component.end());
      out.push_back(component);
    }
  };
  for (const auto& [v, edges] : graph)
    if (!index.count(v)) visit(v);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace locus::resolver
