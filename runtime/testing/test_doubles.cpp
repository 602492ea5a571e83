#include "runtime/testing/test_doubles.h"

#include <map>
#include <memory>

namespace locus::rt::testing {

void Observations::stepStarted(const std::string& runtimeId) {
  std::lock_guard<std::mutex> lock(mutex);
  if (seen.insert(runtimeId).second) path.push_back(runtimeId);
}

void Observations::add(Json& list, Json item) {
  std::lock_guard<std::mutex> lock(mutex);
  list.push_back(std::move(item));
}

std::string labelOf(const std::string& stepId) {
  size_t slash = stepId.rfind('/');
  return slash == std::string::npos ? stepId : stepId.substr(slash + 1);
}

const Stub* findStub(const std::vector<Stub>& stubs, const std::string& kind,
                     const std::string& label) {
  const Stub* forKind = nullptr;
  for (const Stub& s : stubs) {
    if (s.kind != kind) continue;
    if (s.name == label) return &s;
    if (s.name.empty() && !forKind) forKind = &s;
  }
  return forKind;
}

Json answer(const Stub& stub, const std::string& stepId) {
  if (!stub.throws) return stub.value;
  const Json& v = stub.value;
  std::string message = v.is_object()   ? v.value("message", std::string("stubbed failure"))
                        : v.is_string() ? v.get<std::string>()
                                        : "stubbed failure";
  bool retryable = v.is_object() && v.value("retryable", false);
  std::string code = v.is_object() ? v.value("code", std::string("stub")) : "stub";
  throw StepError(message + " (stubbed failure of " + stepId + ")", retryable, code, v);
}

namespace {

// Every parameter of a leaf step, evaluated (what a mail or request was sent with).
Json evaluatedParams(const Json& step, StepContext& cx, const std::string& id) {
  Json out = Json::object();
  out["step"] = id;
  if (step.contains("params") && step["params"].is_object())
    for (const auto& [key, _] : step["params"].items()) out[key] = cx.param(step, key);
  return out;
}

class TestDouble : public StepKind {
public:
  TestDouble(std::string kind, std::unique_ptr<StepKind> real, const std::vector<Stub>& stubs,
             Observations& seen)
      : kind_(std::move(kind)), real_(std::move(real)), stubs_(stubs), seen_(seen) {}

  bool leaf() const override { return real_->leaf(); }

  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    std::string id = cx.runtimeId(step);
    seen_.stepStarted(id);
    if (kind_ == "delay" || kind_ == "schedule") return Flow::Next; // test time is instant
    if (kind_ == "send_email") seen_.add(seen_.emails, evaluatedParams(step, cx, id));
    if (kind_ == "http_request") seen_.add(seen_.requests, evaluatedParams(step, cx, id));
    if (real_->leaf())
      if (const Stub* stub = findStub(stubs_, kind_, labelOf(id))) {
        result = answer(*stub, id);
        return Flow::Next;
      }
    if (kind_ == "http_request")
      throw StepError("http_request " + id +
                          " has no stub: a test never reaches the network; "
                          "add `stub http_request " +
                          labelOf(id) + " returns { status: 200, body: … }`",
                      false, "unstubbed");
    return real_->execute(step, cx, result);
  }

private:
  std::string kind_;
  std::unique_ptr<StepKind> real_;
  const std::vector<Stub>& stubs_;
  Observations& seen_;
};

} // namespace

void installTestDoubles(StepRegistry& registry, const std::vector<Stub>& stubs,
                        Observations& seen) {
  std::map<std::string, std::unique_ptr<StepKind>> wrapped;
  for (auto& [kind, impl] : registry.kinds)
    wrapped[kind] = std::make_unique<TestDouble>(kind, std::move(impl), stubs, seen);
  registry.kinds = std::move(wrapped);
}

Json StubbedPluginSteps::execute(const std::string& pluginKind, const Json&, const Json& info,
                                 StepStateIo&) {
  std::string id = info.value("step", std::string());
  seen_.stepStarted(id);
  if (const Stub* stub = findStub(stubs_, pluginKind, labelOf(id))) return answer(*stub, id);
  throw StepError("plugin step " + id + " (" + pluginKind +
                      ") has no stub: plugins do not run in tests; add `stub " + pluginKind +
                      " returns { … }`",
                  false, "unstubbed");
}

} // namespace locus::rt::testing
