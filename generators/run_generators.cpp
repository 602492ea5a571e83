#include "generators/run_generators.h"

#include "compiler/diagnostics/diagnostic.h"
#include "generators/templates/template_set.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <set>

namespace locus {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

size_t indexOf(const std::vector<Generator>& gens, const std::string& name) {
  for (size_t i = 0; i < gens.size(); ++i)
    if (gens[i].name == name) return i;
  return gens.size();
}

// Returns the generators in an order where each comes after what it depends on, or an empty
// list when the dependencies form a cycle.
std::vector<size_t> dependencyOrder(const std::vector<Generator>& gens) {
  Graph graph(gens.size());
  for (size_t i = 0; i < gens.size(); ++i)
    for (const std::string& dep : gens[i].dependsOn)
      if (size_t d = indexOf(gens, dep); d < gens.size()) boost::add_edge(d, i, graph);
  std::vector<size_t> reversed;
  try {
    boost::topological_sort(graph, std::back_inserter(reversed));
  } catch (const boost::not_a_dag&) {
    return {};
  }
  return {reversed.rbegin(), reversed.rend()};
}

double millisBetween(std::chrono::steady_clock::time_point from,
                     std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

double threadCpuMillis() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

GeneratorMessage failure(DiagKind kind, std::string text) {
  return GeneratorMessage{kind, std::move(text), nullptr};
}

// Runs one generator, turning exceptions into messages and dropping unsafe paths.
GeneratorOutput runOne(const Generator& gen, const locus::OrderedJson& ir,
                       const GeneratorRunOptions& options, const GeneratedFiles& upstream) {
  GeneratorOutput out;
  try {
    nlohmann::json genOptions =
        options.optionsFor ? options.optionsFor(gen.name) : nlohmann::json::object();
    GeneratedFiles previous =
        options.previousFor ? options.previousFor(gen.name) : GeneratedFiles{};
    TemplateSet templates(gen.name, options.templatesDir);
    out = gen.run(GeneratorInput{ir, genOptions, templates, previous, upstream});
  } catch (const TemplateError& e) {
    out.messages.push_back(failure(DiagKind::TemplateError, e.what()));
  } catch (const std::exception& e) {
    out.messages.push_back(failure(DiagKind::GeneratorFailed, e.what()));
  }
  for (auto it = out.files.begin(); it != out.files.end();) {
    if (isSafeOutputPath(it->first)) {
      ++it;
      continue;
    }
    out.messages.push_back(
        failure(DiagKind::UnsafeOutputPath, "refusing to write '" + it->first + "'"));
    it = out.files.erase(it);
  }
  return out;
}

} // namespace

bool isSafeOutputPath(const std::string& path) {
  if (path.empty() || path.front() == '/' || path == "BUILD_MANIFEST.json") return false;
  for (char c : path)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view segment(path.data() + start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

std::vector<Generator> selectGenerators(const std::vector<Generator>& registry,
                                        const std::vector<std::string>* names,
                                        std::vector<std::string>& unknown) {
  std::set<std::string> wanted;
  std::vector<std::string> pending;
  if (names)
    pending = *names;
  else
    for (const Generator& g : registry)
      if (g.enabledByDefault) pending.push_back(g.name);
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    size_t i = indexOf(registry, name);
    if (i == registry.size()) {
      unknown.push_back(name);
      continue;
    }
    if (!wanted.insert(name).second) continue;
    for (const std::string& dep : registry[i].dependsOn) pending.push_back(dep);
  }
  std::vector<Generator> selected;
  for (const Generator& g : registry)
    if (wanted.count(g.name)) selected.push_back(g);
  return selected;
}

GeneratorRun runGenerators(const std::vector<Generator>& selected, const locus::OrderedJson& ir,
                           const GeneratorRunOptions& options) {
  GeneratorRun run;
  std::vector<size_t> order = dependencyOrder(selected);
  if (order.size() != selected.size()) {
    run.messages.push_back(
        {"", failure(DiagKind::GeneratorFailed, "the generators' `requires` form a cycle")});
    run.failed = true;
    return run;
  }
  // Each generator starts on its own thread and first waits for what it depends on; launching in
  // dependency order means every awaited future already exists. Outputs stay in `outputs` (not in
  // the futures) so the merge can move the files instead of copying 20 MB of text.
  std::vector<GeneratorOutput> outputs(selected.size());
  std::vector<std::shared_future<void>> done(selected.size());
  using Clock = std::chrono::steady_clock;
  const Clock::time_point begin = Clock::now();
  std::vector<Clock::time_point> started(selected.size()), ended(selected.size());
  std::vector<double> cpu(selected.size()); // ms of the generator's own thread
  for (size_t i : order) {
    std::vector<size_t> deps;
    for (const std::string& dep : selected[i].dependsOn)
      if (size_t d = indexOf(selected, dep); d < selected.size()) deps.push_back(d);
    std::vector<std::shared_future<void>> awaited;
    for (size_t d : deps) awaited.push_back(done[d]);
    done[i] = std::async(std::launch::async, [&, i, deps, awaited] {
                for (const auto& f : awaited) f.wait();
                started[i] = Clock::now();
                double cpuStart = threadCpuMillis();
                GeneratedFiles upstream;
                for (size_t d : deps)
                  upstream.insert(outputs[d].files.begin(), outputs[d].files.end());
                outputs[i] = runOne(selected[i], ir, options, upstream);
                if (options.onFiles) options.onFiles(outputs[i].files);
                ended[i] = Clock::now();
                cpu[i] = threadCpuMillis() - cpuStart;
              }).share();
  }
  for (const auto& f : done) f.wait();
  if (options.beforeMerge) options.beforeMerge(); // readers of the texts finish before they move
  for (const auto& f : done) f.get();             // rethrows what escaped a generator thread
  if (std::getenv("LOCUS_TIMING"))
    for (size_t i = 0; i < selected.size(); ++i)
      std::fprintf(stderr, "[timing]   gen:%-10s %8.2f ms (from %.2f ms, thread CPU %.2f ms)\n",
                   selected[i].name.c_str(), millisBetween(started[i], ended[i]),
                   millisBetween(begin, started[i]), cpu[i]);
  // Merge in registry order, so the result does not depend on which thread finished first.
  for (size_t i = 0; i < selected.size(); ++i) {
    GeneratorOutput& out = outputs[i];
    for (const GeneratorMessage& m : out.messages) {
      run.messages.push_back({selected[i].name, m});
      if (diagKindInfo(m.kind).severity == Severity::Error) run.failed = true;
    }
    while (!out.files.empty()) {
      auto node = out.files.extract(out.files.begin());
      const std::string& path = node.key();
      auto [it, inserted] = run.owner.emplace(path, selected[i].name);
      if (!inserted) {
        run.messages.push_back(
            {selected[i].name, failure(DiagKind::GeneratorPathConflict,
                                       "'" + path + "' is written by both '" + it->second +
                                           "' and '" + selected[i].name + "'")});
        run.failed = true;
        continue;
      }
      run.files.insert(std::move(node));
    }
  }
  return run;
}

} // namespace locus
