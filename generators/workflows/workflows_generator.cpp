#include "generators/workflows/workflows_generator.h"
#include "generators/common/make_generator.h"

#include "generators/common/json_document_file.h"
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
  return makeGenerator("workflows",
                       "the workflow bundle the runtime executes (workflows/bundle.json)",
                       runWorkflows);
}

} // namespace locus
