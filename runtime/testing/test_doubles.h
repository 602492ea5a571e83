// The test doubles of `locusc test`: every step kind of the registry is wrapped so that the run
// records the step path (runtime step IDs), answers stubbed steps with the test's value or
// error, makes timers instant, captures mails and HTTP requests, and refuses to reach the
// network: an `http_request` or plugin step without a stub fails with a message that says which
// stub to add.
#pragma once

#include "runtime/engine/plugin_interface.h"
#include "runtime/engine/step_api.h"

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace locus::rt::testing {

// `stub KIND [NAME] returns|throws VALUE`, its value evaluated before the run.
struct Stub {
  std::string kind; // the step kind word: http_request, send_email, wait_for, a plugin kind
  std::string name; // a step label; "" answers for every step of the kind
  bool throws = false;
  Json value;
};

// What one test's run did. Parallel branches record concurrently, hence the lock.
struct Observations {
  std::mutex mutex;
  std::vector<std::string> path; // runtime step IDs in the order they first started
  std::set<std::string> seen;
  Json emails = Json::array();   // send_email parameters, evaluated
  Json requests = Json::array(); // http_request parameters, evaluated

  void stepStarted(const std::string& runtimeId);
  void add(Json& list, Json item);
};

// The label a runtime step ID ends with (`Transfer/http_request#0` → `http_request#0`).
std::string labelOf(const std::string& stepId);

// The stub that answers for a step: one naming the step wins over one for the whole kind.
const Stub* findStub(const std::vector<Stub>& stubs, const std::string& kind,
                     const std::string& label);

// Replaces every kind of `registry` by its test double. `stubs` and `seen` must outlive it.
void installTestDoubles(StepRegistry& registry, const std::vector<Stub>& stubs, Observations& seen);

// Plugin step kinds in a test: answered by stubs only (no plugin runs).
class StubbedPluginSteps : public PluginStepExecutor {
public:
  StubbedPluginSteps(const std::vector<Stub>& stubs, Observations& seen)
      : stubs_(stubs), seen_(seen) {}
  bool hasKind(const std::string&) const override { return true; }
  Json execute(const std::string& pluginKind, const Json& params, const Json& info,
               StepStateIo& state) override;

private:
  const std::vector<Stub>& stubs_;
  Observations& seen_;
};

// The stub's answer: its value, or the StepError it throws.
Json answer(const Stub& stub, const std::string& stepId);

} // namespace locus::rt::testing
