#include "generators/workflows/workflows_generator.h"

#include "generators/express/ir_guard.h"
#include "generators/templates/template_set.h"
#include "generators/workflows/workflow_bundle.h"

namespace locus {

namespace {

GeneratorOutput runWorkflows(const GeneratorInput& input) {
  GeneratorOutput out;
  nlohmann::json view = {{"bundle", workflowBundle(input.ir).dump(2)}};
  out.files["workflows/bundle.json"] = input.templates.render("bundle.json", view);
  return out;
}

} // namespace

Generator workflowsGenerator() {
  Generator g;
  g.name = "workflows";
  g.description = "the workflow bundle the runtime executes (workflows/bundle.json)";
  g.run = [](const GeneratorInput& input) {
    return api::guardIr("workflows", [&] { return runWorkflows(input); });
  };
  return g;
}

} // namespace locus
