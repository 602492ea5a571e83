#include "generators/ir/ir_generator.h"

#include "compiler/base/json_text.h"

namespace locus {

Generator irGenerator() {
  Generator gen;
  gen.name = "ir";
  gen.description = "the program's IR as JSON (ir/program.json)";
  gen.enabledByDefault = false; // 9 MB for a 16k-line project: only when asked for
  gen.run = [](const GeneratorInput& input) {
    GeneratorOutput out;
    out.files["ir/program.json"] = jsonText(input.ir, 2) + "\n";
    return out;
  };
  return gen;
}

} // namespace locus
