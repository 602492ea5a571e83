#include "compiler/ir/step_ids.h"

namespace locus::ir {

std::string stepKindWord(const ast::Step& step) {
  if (step.kind == ast::StepKind::Generic) return step.keyword.name;
  return ast::stepKindName(step.kind);
}

std::string StepLabeler::next(const ast::Step& step) {
  const std::string& label = step.binding.name.empty() ? step.name.name : step.binding.name;
  return next(stepKindWord(step), label);
}

std::string StepLabeler::next(const std::string& kind, const std::string& bindingOrName) {
  size_t n = seen_[kind]++;
  return bindingOrName.empty() ? kind + "#" + std::to_string(n) : bindingOrName;
}

std::string instantiateStepId(const std::string& staticId, const std::string& loopId,
                              size_t iteration) {
  std::string marker = loopId + kLoopIteration;
  if (staticId.compare(0, marker.size(), marker) != 0) return staticId;
  return loopId + "[" + std::to_string(iteration) + "]" + staticId.substr(marker.size());
}

} // namespace locus::ir
