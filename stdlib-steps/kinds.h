// Factories of the built-in step kinds, one per file.
#pragma once

#include "runtime/engine/step_api.h"

#include <memory>

namespace locus::steps {

using rt::Flow;
using rt::Json;
using rt::StepContext;
using rt::StepError;

std::unique_ptr<rt::StepKind> makeIfStep();
std::unique_ptr<rt::StepKind> makeForEachStep();
std::unique_ptr<rt::StepKind> makeWhileStep();
std::unique_ptr<rt::StepKind> makeJumpStep(Flow flow); // break, continue
std::unique_ptr<rt::StepKind> makeReturnStep();
std::unique_ptr<rt::StepKind> makeParallelStep();
std::unique_ptr<rt::StepKind> makeDbTxStep();
std::unique_ptr<rt::StepKind> makeTryStep();
std::unique_ptr<rt::StepKind> makeRunStep();
std::unique_ptr<rt::StepKind> makeRunWorkflowStep();
std::unique_ptr<rt::StepKind> makeQueuePublishStep();
std::unique_ptr<rt::StepKind> makeTimerStep();
std::unique_ptr<rt::StepKind> makeWaitForStep();
std::unique_ptr<rt::StepKind> makeHttpRequestStep();
std::unique_ptr<rt::StepKind> makeSendEmailStep();

// Keeps `[*]` iterations balanced when a loop body throws.
struct IterationScope {
  IterationScope(rt::Frame& f, size_t i) : frame(f) { frame.iterations.push_back(i); }
  ~IterationScope() { frame.iterations.pop_back(); }
  rt::Frame& frame;
};

} // namespace locus::steps
