// if / branch, forEach, while, break, continue, return. Loops are bounded (EngineOptions::
// maxIterations) so a wrong condition fails the run instead of spinning forever.
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

class IfStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json&) override {
    return cx.runList(rt::truthy(cx.eval(step["condition"])) ? step["then"] : step["else"]);
  }
};

void checkBound(size_t i, StepContext& cx, const std::string& id) {
  if (i >= cx.maxIterations())
    throw StepError("loop " + id + " reached its bound of " + std::to_string(cx.maxIterations()) +
                        " iterations (raise it with --max-iterations)", false, "loop_bound");
}

class ForEachStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json&) override {
    Json items = cx.eval(step["iterable"]);
    std::string id = cx.runtimeId(step);
    if (items.is_null()) items = Json::array();
    if (!items.is_array()) throw StepError("forEach " + id + " needs a list, got " + items.dump(), false, "evaluation");
    const std::string var = step["var"].get<std::string>();
    for (size_t i = 0; i < items.size(); ++i) {
      checkBound(i, cx, id);
      cx.frame.scope[var] = items[i];
      IterationScope iteration(cx.frame, i);
      Flow f = cx.runList(step["body"]);
      if (f == Flow::Break) break;
      if (f == Flow::Return) return f;
    }
    return Flow::Next;
  }
};

class WhileStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json&) override {
    std::string id = cx.runtimeId(step);
    for (size_t i = 0; rt::truthy(cx.eval(step["condition"])); ++i) {
      checkBound(i, cx, id);
      IterationScope iteration(cx.frame, i);
      Flow f = cx.runList(step["body"]);
      if (f == Flow::Break) break;
      if (f == Flow::Return) return f;
    }
    return Flow::Next;
  }
};

class JumpStep : public rt::StepKind {
public:
  explicit JumpStep(Flow f) : flow_(f) {}
  bool leaf() const override { return false; }
  Flow execute(const Json&, StepContext&, Json&) override { return flow_; }

private:
  Flow flow_;
};

class ReturnStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json&) override {
    cx.frame.returnValue = cx.eval(step["value"]);
    return Flow::Return;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeIfStep() { return std::make_unique<IfStep>(); }
std::unique_ptr<rt::StepKind> makeForEachStep() { return std::make_unique<ForEachStep>(); }
std::unique_ptr<rt::StepKind> makeWhileStep() { return std::make_unique<WhileStep>(); }
std::unique_ptr<rt::StepKind> makeJumpStep(Flow f) { return std::make_unique<JumpStep>(f); }
std::unique_ptr<rt::StepKind> makeReturnStep() { return std::make_unique<ReturnStep>(); }

} // namespace locus::steps
