#include "runtime/testing/test_coverage.h"

#include <functional>
#include <map>

namespace locus::rt::testing {

namespace {

const char* const kChildLists[] = {"then", "else", "body", "try", "catch", "finally"};

using Visit = std::function<void(const Json& step)>;

void walk(const Json& list, const Visit& visit) {
  if (!list.is_array()) return;
  for (const Json& s : list) {
    visit(s);
    for (const char* key : kChildLists)
      if (s.contains(key)) walk(s[key], visit);
    if (s.contains("branches") && s["branches"].is_array())
      for (const Json& b : s["branches"]) walk(b, visit);
  }
}

void walkWorkflow(const Json& wf, const Visit& visit) {
  for (const char* key : {"steps", "onError", "onFailure"})
    if (wf.contains(key)) walk(wf[key], visit);
}

std::string firstId(const Json& step, const char* list) {
  const Json& l = step.contains(list) ? step[list] : Json();
  return l.is_array() && !l.empty() ? l[0].value("id", std::string()) : std::string();
}

std::string label(const std::string& id) {
  size_t slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

// Runtime IDs by their static ID.
std::map<std::string, std::vector<std::string>> byStatic(const Json& ir,
                                                         const std::set<std::string>& executed) {
  std::set<std::string> loops = loopStepIds(ir);
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& id : executed) out[staticStepId(id, loops)].push_back(id);
  return out;
}

// The branches a step owns: (branch id, branch kind, taken).
void branchesOf(const Json& s, const std::map<std::string, std::vector<std::string>>& ran,
                const std::set<std::string>& executed,
                const std::function<void(const std::string&, const char*, bool)>& out) {
  const std::string kind = s.value("kind", std::string());
  const std::string id = s.value("id", std::string());
  auto hit = [&](const std::string& staticId) { return !staticId.empty() && ran.count(staticId); };
  if (kind == "if" || kind == "branch") {
    std::string thenFirst = firstId(s, "then"), elseFirst = firstId(s, "else");
    bool elseTaken = hit(elseFirst);
    if (elseFirst.empty() && !thenFirst.empty() && ran.count(id))
      for (const std::string& r : ran.at(id))
        if (!executed.count(r + "/then/" + label(thenFirst))) elseTaken = true;
    out(id + "/then", "then", hit(thenFirst));
    out(id + "/else", "else", elseTaken);
  } else if (kind == "try" && !firstId(s, "catch").empty()) {
    out(id + "/catch", "catch", hit(firstId(s, "catch")));
  } else if ((kind == "forEach" || kind == "while") && !firstId(s, "body").empty()) {
    out(id + "[*]", "body", hit(firstId(s, "body")));
  }
}

} // namespace

std::set<std::string> loopStepIds(const Json& ir) {
  std::set<std::string> loops;
  for (const Json& wf : ir.value("workflows", Json::array()))
    walkWorkflow(wf, [&](const Json& s) {
      std::string kind = s.value("kind", std::string());
      if (kind == "forEach" || kind == "while") loops.insert(s.value("id", std::string()));
    });
  return loops;
}

std::string staticStepId(const std::string& runtimeId, const std::set<std::string>& loops) {
  std::string out;
  out.reserve(runtimeId.size());
  for (size_t i = 0; i < runtimeId.size(); ++i) {
    size_t close = runtimeId[i] == '[' ? runtimeId.find(']', i) : std::string::npos;
    // Only a loop's iteration is dynamic; `parallel#0[1]` names a branch and stays.
    if (close != std::string::npos && loops.count(out)) {
      out += "[*]";
      i = close;
      continue;
    }
    out += runtimeId[i];
  }
  return out;
}

Coverage coverageOf(const Json& ir) {
  Coverage c;
  for (const Json& wf : ir.value("workflows", Json::array())) {
    WorkflowCoverage w;
    w.name = wf.value("name", std::string());
    w.span = wf.value("span", Json());
    walkWorkflow(wf, [&](const Json& s) {
      w.steps.push_back({s.value("id", std::string()), s.value("kind", std::string()),
                         s.value("span", Json()), 0});
      branchesOf(s, {}, {}, [&](const std::string& id, const char* kind, bool) {
        w.branches.push_back({id, kind, s.value("span", Json()), 0});
      });
    });
    c.workflows.push_back(std::move(w));
  }
  return c;
}

std::set<std::string> takenBranches(const Json& ir, const std::set<std::string>& executed) {
  auto ran = byStatic(ir, executed);
  std::set<std::string> taken;
  for (const Json& wf : ir.value("workflows", Json::array()))
    walkWorkflow(wf, [&](const Json& s) {
      branchesOf(s, ran, executed, [&](const std::string& id, const char*, bool t) {
        if (t) taken.insert(id);
      });
    });
  return taken;
}

void addExecuted(Coverage& coverage, const Json& ir, const std::set<std::string>& executed) {
  auto ran = byStatic(ir, executed);
  std::set<std::string> taken = takenBranches(ir, executed);
  for (WorkflowCoverage& w : coverage.workflows) {
    for (CoverageItem& s : w.steps)
      if (ran.count(s.id)) ++s.hits;
    for (CoverageItem& b : w.branches)
      if (taken.count(b.id)) ++b.hits;
  }
}

namespace {

Json itemsJson(const std::vector<CoverageItem>& items, int& hit) {
  Json out = Json::array();
  for (const CoverageItem& i : items) {
    if (i.hits > 0) ++hit;
    out.push_back({{"id", i.id},
                   {"kind", i.kind},
                   {"line", i.span.is_object() ? i.span.value("line", 0) : 0},
                   {"hits", i.hits}});
  }
  return out;
}

std::string where(const Json& span) {
  if (!span.is_object()) return "";
  return span.value("file", std::string()) + ":" + std::to_string(span.value("line", 0));
}

} // namespace

Json coverageJson(const Coverage& coverage) {
  Json workflows = Json::array();
  int stepsFound = 0, stepsHit = 0, branchesFound = 0, branchesHit = 0;
  for (const WorkflowCoverage& w : coverage.workflows) {
    int sHit = 0, bHit = 0;
    Json j = {{"name", w.name},
              {"file", w.span.is_object() ? w.span.value("file", std::string()) : ""}};
    j["steps"] = itemsJson(w.steps, sHit);
    j["branches"] = itemsJson(w.branches, bHit);
    j["stepsFound"] = w.steps.size();
    j["stepsHit"] = sHit;
    j["branchesFound"] = w.branches.size();
    j["branchesHit"] = bHit;
    stepsFound += static_cast<int>(w.steps.size());
    stepsHit += sHit;
    branchesFound += static_cast<int>(w.branches.size());
    branchesHit += bHit;
    workflows.push_back(std::move(j));
  }
  return {{"version", 1},
          {"workflows", std::move(workflows)},
          {"totals",
           {{"stepsFound", stepsFound},
            {"stepsHit", stepsHit},
            {"branchesFound", branchesFound},
            {"branchesHit", branchesHit}}}};
}

std::string coverageText(const Coverage& coverage) {
  std::string out = "step coverage:\n";
  for (const WorkflowCoverage& w : coverage.workflows) {
    size_t sHit = 0, bHit = 0;
    for (const CoverageItem& s : w.steps) sHit += s.hits > 0;
    for (const CoverageItem& b : w.branches) bHit += b.hits > 0;
    out += "  " + w.name + ": " + std::to_string(sHit) + "/" + std::to_string(w.steps.size()) +
           " steps, " + std::to_string(bHit) + "/" + std::to_string(w.branches.size()) +
           " branches\n";
    for (const CoverageItem& s : w.steps)
      if (s.hits == 0) out += "    never ran: " + s.id + " (" + where(s.span) + ")\n";
    for (const CoverageItem& b : w.branches)
      if (b.hits == 0) out += "    never taken: " + b.id + " (" + where(b.span) + ")\n";
  }
  return out;
}

} // namespace locus::rt::testing
