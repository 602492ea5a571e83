// Runs a generator body and turns a malformed IR (a key missing or of the wrong type, e.g. after
// a plugin's onPreGenerate transform) into an E0807 message instead of a crash.
#pragma once

#include "generators/generator.h"

#include <string>
#include <utility>

namespace locus::api {

template <class Run> GeneratorOutput guardIr(const std::string& generator, Run&& run) {
  try {
    return std::forward<Run>(run)();
  } catch (const nlohmann::json::exception& e) {
    GeneratorOutput out;
    out.messages.push_back({DiagKind::GeneratorFailed,
                            "the " + generator + " generator cannot read the IR (" + e.what() +
                                "); check it against compiler/ir/ir_schema.json",
                            nullptr});
    return out;
  }
}

} // namespace locus::api
