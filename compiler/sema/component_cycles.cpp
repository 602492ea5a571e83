// Component cycles: component A renders B, B renders A → infinite recursion at run time.
// The render graph is a Boost.Graph; its strongly connected components are the cycles.
#include "compiler/sema/ui_checks.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace locus {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

struct Use {
  size_t target; // index of the rendered component
  Span span;     // where it is rendered
};

struct RenderGraph {
  std::vector<std::string> names; // sorted component names = vertex indices
  std::map<std::string, size_t> index;
  std::vector<std::vector<Use>> uses; // per vertex, in source order
};

void collectUses(const std::vector<ast::UiNode>& nodes, const RenderGraph& g,
                 std::vector<Use>& out) {
  for (const ast::UiNode& n : nodes) {
    if (n.kind != ast::UiNodeKind::Element) continue;
    auto it = g.index.find(n.tag.name);
    if (it != g.index.end()) out.push_back({it->second, n.tag.span.valid() ? n.tag.span : n.span});
    collectUses(n.children, g, out);
  }
}

RenderGraph buildRenderGraph(const Symbols& symbols) {
  RenderGraph g;
  g.names = symbols.componentNames();
  for (size_t i = 0; i < g.names.size(); ++i) g.index[g.names[i]] = i;
  g.uses.resize(g.names.size());
  for (size_t i = 0; i < g.names.size(); ++i)
    collectUses(symbols.components.at(g.names[i])->ui, g, g.uses[i]);
  return g;
}

// Shortest path start → … → start inside one strongly connected component (BFS, so the
// reported cycle is the simplest one; ties broken by source order).
std::vector<size_t> cycleThrough(size_t start, const RenderGraph& g,
                                 const std::vector<int>& component) {
  std::vector<long> parent(g.names.size(), -1);
  std::deque<size_t> queue{start};
  std::vector<bool> seen(g.names.size(), false);
  while (!queue.empty()) {
    size_t v = queue.front();
    queue.pop_front();
    for (const Use& u : g.uses[v]) {
      if (component[u.target] != component[start]) continue;
      if (u.target == start) {
        std::vector<size_t> path{start};
        for (long w = static_cast<long>(v); w != -1 && static_cast<size_t>(w) != start;
             w = parent[w])
          path.insert(path.begin() + 1, static_cast<size_t>(w));
        path.push_back(start);
        return path;
      }
      if (seen[u.target]) continue;
      seen[u.target] = true;
      parent[u.target] = static_cast<long>(v);
      queue.push_back(u.target);
    }
  }
  return {};
}

const Use* useOf(const RenderGraph& g, size_t from, size_t to) {
  for (const Use& u : g.uses[from])
    if (u.target == to) return &u;
  return nullptr;
}

void reportCycle(const std::vector<size_t>& path, const RenderGraph& g, DiagnosticSink& sink) {
  std::string text;
  for (size_t v : path) text += (text.empty() ? "" : " -> ") + g.names[v];
  const Use* first = useOf(g, path[0], path[1]);
  Diagnostic& d = sink.emit(DiagKind::ComponentCycle, first->span,
                            "components render each other in a cycle: " + text +
                                "; remove one of these uses so rendering terminates");
  for (size_t i = 1; i + 1 < path.size(); ++i)
    if (const Use* u = useOf(g, path[i], path[i + 1]))
      d.notes.push_back({u->span, g.names[path[i]] + " renders " + g.names[path[i + 1]] + " here"});
}

} // namespace

void checkComponentCycles(const ast::File&, const Symbols& symbols, DiagnosticSink& sink) {
  RenderGraph g = buildRenderGraph(symbols);
  Graph graph(g.names.size());
  for (size_t v = 0; v < g.uses.size(); ++v)
    for (const Use& u : g.uses[v]) boost::add_edge(v, u.target, graph);
  std::vector<int> component(g.names.size());
  if (g.names.empty()) return;
  boost::strong_components(graph, component.data());
  // One report per strongly connected component, from its alphabetically first member.
  std::vector<bool> reported(g.names.size(), false);
  for (size_t v = 0; v < g.names.size(); ++v) {
    size_t c = static_cast<size_t>(component[v]);
    if (reported[c]) continue;
    std::vector<size_t> path = cycleThrough(v, g, component);
    if (path.empty()) continue;
    reported[c] = true;
    reportCycle(path, g, sink);
  }
}

} // namespace locus
