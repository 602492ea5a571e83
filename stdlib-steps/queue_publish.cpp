// queue_publish: a message in the store's queue (outbox), written in the step's transaction — the
// db_tx's when inside one. Its key is the run and step ID, so a step publishes at most once.
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

class QueuePublishStep : public rt::StepKind {
public:
  bool leaf() const override { return true; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    Json topic = cx.param(step, "topic");
    if (!topic.is_string() || topic.get<std::string>().empty())
      throw StepError("queue_publish needs a `topic` (text), got " + topic.dump(), false, "evaluation");
    rt::QueueMessage m;
    m.topic = topic.get<std::string>();
    m.payload = cx.param(step, "payload");
    m.key = cx.runId() + "/" + cx.frame.currentStep;
    cx.tx().publish(m);
    result = Json{{"topic", m.topic}, {"key", m.key}};
    return Flow::Next;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeQueuePublishStep() { return std::make_unique<QueuePublishStep>(); }

} // namespace locus::steps
