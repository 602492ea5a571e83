// try / catch / finally. Retries happen first (inside the failing step), then `catch` sees the
// error as {message, code, step, data}. `finally` runs after both; a run that pauses (delay,
// wait_for) inside `try` does not run `finally` until it really leaves the try.
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

class TryStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json&) override {
    Flow flow = Flow::Next;
    std::exception_ptr pending;
    try {
      flow = cx.runList(step["try"]);
    } catch (const rt::RunCancelled&) {
      cx.runList(step["finally"]); // a cancelled run still runs its finally blocks
      throw;
    } catch (const StepError& e) {
      if (step["catch"].empty() && step["catchVar"].is_null())
        pending = std::current_exception();
      else {
        if (step["catchVar"].is_string())
          cx.frame.scope[step["catchVar"].get<std::string>()] =
              Json{{"message", e.what()}, {"code", e.code}, {"step", e.step}, {"data", e.data}};
        try {
          flow = cx.runList(step["catch"]);
        } catch (const rt::RunCancelled&) {
          cx.runList(step["finally"]);
          throw;
        } catch (const StepError&) {
          pending = std::current_exception();
        }
      }
    }
    Flow after = cx.runList(step["finally"]);
    if (pending) std::rethrow_exception(pending);
    return after != Flow::Next ? after : flow;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeTryStep() {
  return std::make_unique<TryStep>();
}

} // namespace locus::steps
