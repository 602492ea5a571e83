#include "generators/common/make_generator.h"

#include "generators/common/ir_guard.h"

namespace locus {

Generator makeGenerator(std::string name, std::string description, GeneratorBody body,
                        std::vector<std::string> dependsOn) {
  Generator g;
  g.name = name;
  g.description = std::move(description);
  g.dependsOn = std::move(dependsOn);
  g.run = [name, body = std::move(body)](const GeneratorInput& input) {
    return api::guardIr(name, [&] { return body(input); });
  };
  return g;
}

} // namespace locus
