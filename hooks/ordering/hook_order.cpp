#include "hooks/ordering/hook_order.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <map>
#include <queue>

namespace locus::hooks {

namespace {

struct EdgeWhy {
  std::string why; // shown when the edge is on a cycle
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, EdgeWhy>;
using Vertex = Graph::vertex_descriptor;

// Vertices 0..n-1 are the plugins; n and n+1 are the ends of the pre and normal buckets, so
// bucket order costs 2n edges instead of n².
struct OrderGraph {
  Graph g;
  std::size_t n = 0;
  std::vector<std::size_t> rank; // preferred position of each vertex: buckets, then given order

  std::string label(Vertex v, const std::vector<OrderEntry>& entries) const {
    if (v < n) return entries[v].plugin;
    return v == n ? "(end of the pre bucket)" : "(end of the normal bucket)";
  }
};

OrderGraph build(const std::vector<OrderEntry>& entries) {
  OrderGraph og;
  og.n = entries.size();
  og.g = Graph(og.n + 2);
  Vertex endPre = og.n, endNormal = og.n + 1;
  std::map<std::string, Vertex> index;
  for (Vertex v = 0; v < og.n; ++v) index.emplace(entries[v].plugin, v);
  boost::add_edge(endPre, endNormal, EdgeWhy{"buckets run pre, normal, post"}, og.g);
  for (Vertex v = 0; v < og.n; ++v) {
    const OrderEntry& e = entries[v];
    std::string bucket = "'" + e.plugin + "' has order " + std::string(bucketName(e.order));
    switch (e.order) {
    case OrderBucket::Pre:
      boost::add_edge(v, endPre, EdgeWhy{bucket}, og.g);
      break;
    case OrderBucket::Normal:
      boost::add_edge(endPre, v, EdgeWhy{bucket}, og.g);
      boost::add_edge(v, endNormal, EdgeWhy{bucket}, og.g);
      break;
    case OrderBucket::Post:
      boost::add_edge(endNormal, v, EdgeWhy{bucket}, og.g);
      break;
    }
    for (const std::string& other : e.before)
      if (auto it = index.find(other); it != index.end() && it->second != v)
        boost::add_edge(v, it->second, EdgeWhy{"'" + e.plugin + "' declares before: " + other},
                        og.g);
    for (const std::string& other : e.after)
      if (auto it = index.find(other); it != index.end() && it->second != v)
        boost::add_edge(it->second, v, EdgeWhy{"'" + e.plugin + "' declares after: " + other},
                        og.g);
  }
  // Preferred sequence: pre plugins, end of pre, normal plugins, end of normal, post plugins.
  og.rank.resize(og.n + 2);
  std::size_t next = 0;
  for (OrderBucket b : {OrderBucket::Pre, OrderBucket::Normal, OrderBucket::Post}) {
    for (Vertex v = 0; v < og.n; ++v)
      if (entries[v].order == b) og.rank[v] = next++;
    if (b == OrderBucket::Pre) og.rank[endPre] = next++;
    if (b == OrderBucket::Normal) og.rank[endNormal] = next++;
  }
  return og;
}

// Kahn's algorithm, always taking the ready vertex with the smallest preferred rank.
std::vector<Vertex> topologicalOrder(const OrderGraph& og) {
  std::vector<std::size_t> indegree(boost::num_vertices(og.g));
  for (Vertex v = 0; v < indegree.size(); ++v) indegree[v] = boost::in_degree(v, og.g);
  auto later = [&](Vertex a, Vertex b) { return og.rank[a] > og.rank[b]; };
  std::priority_queue<Vertex, std::vector<Vertex>, decltype(later)> ready(later);
  for (Vertex v = 0; v < indegree.size(); ++v)
    if (indegree[v] == 0) ready.push(v);
  std::vector<Vertex> out;
  while (!ready.empty()) {
    Vertex v = ready.top();
    ready.pop();
    out.push_back(v);
    for (auto [e, end] = boost::out_edges(v, og.g); e != end; ++e)
      if (--indegree[boost::target(*e, og.g)] == 0) ready.push(boost::target(*e, og.g));
  }
  return out;
}

// Records tree-edge parents; the first back edge closes a cycle we can walk back along.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<Graph::edge_descriptor>* parentEdge;
  std::vector<Graph::edge_descriptor>* cycle;
  void tree_edge(Graph::edge_descriptor e, const Graph& g) {
    (*parentEdge)[boost::target(e, g)] = e;
  }
  void back_edge(Graph::edge_descriptor e, const Graph& g) {
    if (!cycle->empty()) return;
    Vertex from = boost::source(e, g), to = boost::target(e, g);
    std::vector<Graph::edge_descriptor> path{e};
    for (Vertex v = from; v != to; v = boost::source((*parentEdge)[v], g))
      path.push_back((*parentEdge)[v]);
    cycle->assign(path.rbegin(), path.rend());
  }
};

OrderCycle describeCycle(std::string_view hook, const OrderGraph& og,
                         const std::vector<OrderEntry>& entries) {
  std::vector<Graph::edge_descriptor> parentEdge(boost::num_vertices(og.g)), edges;
  CycleFinder finder;
  finder.parentEdge = &parentEdge;
  finder.cycle = &edges;
  boost::depth_first_search(og.g, boost::visitor(finder));
  OrderCycle c;
  std::string path, reasons;
  for (const auto& e : edges) {
    Vertex v = boost::source(e, og.g);
    if (v < og.n) c.plugins.push_back(entries[v].plugin);
    path += og.label(v, entries) + " → ";
    reasons += (reasons.empty() ? "" : "; ") + og.g[e].why;
  }
  if (!edges.empty()) path += og.label(boost::source(edges.front(), og.g), entries);
  std::string names;
  for (const std::string& p : c.plugins) names += (names.empty() ? "'" : ", '") + p + "'";
  c.message = "plugins " + names + " form an ordering cycle on " + std::string(hook) + ": " + path +
              " (" + reasons + "); remove one of these before/after/order constraints";
  return c;
}

} // namespace

std::string_view bucketName(OrderBucket b) {
  switch (b) {
  case OrderBucket::Pre:
    return "pre";
  case OrderBucket::Normal:
    return "normal";
  case OrderBucket::Post:
    return "post";
  }
  return "";
}

HookOrder orderSubscribers(std::string_view hook, const std::vector<OrderEntry>& entries) {
  OrderGraph og = build(entries);
  std::vector<Vertex> sorted = topologicalOrder(og);
  HookOrder out;
  if (sorted.size() != boost::num_vertices(og.g)) {
    out.cycle = describeCycle(hook, og, entries);
    return out;
  }
  for (Vertex v : sorted)
    if (v < og.n) out.plugins.push_back(entries[v].plugin);
  return out;
}

} // namespace locus::hooks
