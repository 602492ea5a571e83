// parallel: every branch on its own thread (at most `max` at once), bindings merged back in
// branch order; with failFast the first failure stops branches that have not started and
// cancels running ones at their next step.
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

class ParallelStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    const Json& branches = step["branches"];
    size_t max = step["max"].is_number_integer() ? step["max"].get<size_t>() : 0;
    bool failFast = step.value("failFast", false);
    std::vector<Json> out = cx.runConcurrently(
        branches.size(), max, failFast, [&](size_t i, StepContext& branch) -> Json {
          branch.runList(branches[i]);
          return branch.frame.returnValue;
        });
    result = Json::array();
    for (Json& r : out) result.push_back(std::move(r));
    return Flow::Next;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeParallelStep() { return std::make_unique<ParallelStep>(); }

} // namespace locus::steps
