#include "stdlib-steps/register.h"

#include "stdlib-steps/kinds.h"

namespace locus::steps {

void registerStdlibSteps(rt::StepRegistry& r) {
  r.add("if", makeIfStep());
  r.add("branch", makeIfStep());
  r.add("forEach", makeForEachStep());
  r.add("while", makeWhileStep());
  r.add("break", makeJumpStep(Flow::Break));
  r.add("continue", makeJumpStep(Flow::Continue));
  r.add("return", makeReturnStep());
  r.add("parallel", makeParallelStep());
  r.add("db_tx", makeDbTxStep());
  r.add("try", makeTryStep());
  r.add("run", makeRunStep());
  r.add("run_workflow", makeRunWorkflowStep());
  r.add("queue_publish", makeQueuePublishStep());
  r.add("delay", makeTimerStep());
  r.add("schedule", makeTimerStep());
  r.add("wait_for", makeWaitForStep());
  r.add("http_request", makeHttpRequestStep());
  r.add("send_email", makeSendEmailStep());
}

} // namespace locus::steps
