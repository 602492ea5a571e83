#include "generators/workflows/workflows_generator.h"

#include "generators/common/ir_guard.h"
#include "generators/output/json_document_file.h"
#include "generators/templates/template_set.h"
#include "generators/workflows/workflow_bundle.h"

namespace locus {

namespace {

GeneratorOutput runWorkflows(const GeneratorInput& input) {
  GeneratorOutput out;
  out.files["workflows/bundle.json"] =
      jsonDocumentFile(input.templates, "bundle.json", "bundle", workflowBundleText(input.ir, 2));
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
