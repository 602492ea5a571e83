#include "runtime/engine/upgrade_check.h"

#include <map>
#include <regex>

namespace locus::rt {

namespace {

// Step IDs of a workflow in document order (the order execution reaches them), with kinds.
void collectSteps(const Json& node, std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_array()) {
    for (const Json& child : node) collectSteps(child, out);
    return;
  }
  if (!node.is_object()) return;
  if (node.contains("id") && node["id"].is_string() && node.contains("kind"))
    out.emplace_back(node["id"].get<std::string>(), node.value("kind", ""));
  for (const auto& [key, child] : node.items())
    if (key != "params" && key != "span" && key != "input" &&
        (child.is_array() || child.is_object()))
      collectSteps(child, out);
}

// A runtime step ID (`W/forEach#0[3]/run#0`) as the IR writes it (`W/forEach#0[*]/run#0`).
std::string staticId(const std::string& runtimeId) {
  static const std::regex index(R"(\[[0-9]+\])");
  return std::regex_replace(runtimeId, index, "[*]");
}

bool isMarker(const std::string& key) {
  return key.find('@') != std::string::npos; // STEP@failed, STEP@now#0, …
}

Json inputShape(const Json& workflow) {
  Json shape = Json::array();
  for (const Json& p : workflow["input"]) {
    Json q = p;
    q.erase("span");
    shape.push_back(q);
  }
  return shape;
}

} // namespace

std::vector<std::string> upgradeProblems(const RunRecord& run, const Program& from,
                                         const Program& to,
                                         const std::vector<std::string>& completedSteps) {
  std::vector<std::string> problems;
  const Json* oldWf = from.workflow(run.workflow);
  const Json* newWf = to.workflow(run.workflow);
  if (!newWf) return {"workflow " + run.workflow + " was removed"};
  if (!oldWf) return {"the run's program has no workflow " + run.workflow};
  if (inputShape(*oldWf) != inputShape(*newWf))
    problems.push_back("the input of " + run.workflow + " changed");
  std::vector<std::pair<std::string, std::string>> oldSteps, newSteps;
  for (const char* key : {"steps", "onError", "onFailure"}) {
    collectSteps((*oldWf)[key], oldSteps);
    collectSteps((*newWf)[key], newSteps);
  }
  std::map<std::string, std::pair<size_t, std::string>> oldAt, newAt; // id -> (position, kind)
  for (size_t i = 0; i < oldSteps.size(); ++i)
    oldAt.emplace(oldSteps[i].first, std::pair{i, oldSteps[i].second});
  for (size_t i = 0; i < newSteps.size(); ++i)
    newAt.emplace(newSteps[i].first, std::pair{i, newSteps[i].second});
  size_t frontier = 0; // the run's position in the new tree: after its last completed step
  bool any = false;
  for (const std::string& step : completedSteps) {
    if (isMarker(step)) continue;
    std::string id = staticId(step);
    auto was = oldAt.find(id);
    if (was == oldAt.end()) continue; // the workflow's own checkpoint, db_tx bookkeeping …
    auto now = newAt.find(id);
    if (now == newAt.end()) {
      problems.push_back("completed step " + id + " was removed or moved");
      continue;
    }
    if (now->second.second != was->second.second)
      problems.push_back("completed step " + id + " changed kind (" + was->second.second + " → " +
                         now->second.second + ")");
    frontier = std::max(frontier, now->second.first);
    any = true;
  }
  if (any)
    for (size_t i = 0; i < frontier; ++i)
      if (!oldAt.count(newSteps[i].first))
        problems.push_back("step " + newSteps[i].first +
                           " is new before the run's position (it would run out of order)");
  return problems;
}

std::vector<InflightVerdict> checkInflightRuns(Store& store, const Program& current) {
  std::vector<InflightVerdict> out;
  std::map<std::string, std::unique_ptr<Program>> programs;
  for (const char* status : {"queued", "running", "waiting"})
    for (RunRecord& r : store.listRuns(1000000, status)) {
      if (r.programHash == current.hash) continue;
      InflightVerdict v{r, {}};
      auto it = programs.find(r.programHash);
      if (it == programs.end()) {
        std::optional<std::string> text = store.loadProgram(r.programHash);
        it = programs.emplace(r.programHash, text ? programFromIrText(*text) : nullptr).first;
      }
      if (!it->second) {
        v.problems.push_back("the run's program " + r.programHash + " is missing from the store");
      } else {
        std::vector<std::string> completed;
        for (const auto& [step, _] : store.checkpoints(r.id)) completed.push_back(step);
        v.problems = upgradeProblems(r, *it->second, current, completed);
      }
      out.push_back(std::move(v));
    }
  return out;
}

} // namespace locus::rt
