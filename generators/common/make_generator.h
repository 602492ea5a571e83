// A built-in generator from its name, its one line for `locusc build --list-generators` and its
// body. The body runs behind guardIr (ir_guard.h): an IR it cannot read — a key missing or of the
// wrong type, e.g. after a plugin's onPreGenerate patch — is an E0807 message, not a crash.
#pragma once

#include "generators/generator.h"

#include <functional>
#include <string>
#include <vector>

namespace locus {

using GeneratorBody = std::function<GeneratorOutput(const GeneratorInput&)>;

Generator makeGenerator(std::string name, std::string description, GeneratorBody body,
                        std::vector<std::string> dependsOn = {});

} // namespace locus
