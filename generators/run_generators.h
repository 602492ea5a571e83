// Running the selected generators: in dependency order (`dependsOn`, a Boost.Graph DAG), in
// parallel where the graph allows, each with its own templates, options and previous files; then
// merging their files in the fixed registry order. Two generators claiming one path, unsafe paths,
// template errors and exceptions all become messages naming the generator.
#pragma once

#include "generators/generator.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace locus {

struct GeneratorRunOptions {
  std::string templatesDir; // project template overrides (<project>/templates), may not exist
  std::function<nlohmann::json(const std::string&)> optionsFor;  // per generator
  std::function<GeneratedFiles(const std::string&)> previousFor; // per generator
  // When set, gets each generator's (safe-path) files as soon as it finishes, on its thread; the
  // texts stay in place until `beforeMerge` (called once every generator is done) returns.
  std::function<void(const GeneratedFiles&)> onFiles;
  std::function<void()> beforeMerge;
};

struct NamedMessage {
  std::string generator;
  GeneratorMessage message;
};

struct GeneratorRun {
  GeneratedFiles files;                     // merged output
  std::map<std::string, std::string> owner; // path → generator that wrote it
  std::vector<NamedMessage> messages;       // in generator order
  bool failed = false;                      // any error message
};

// `selected` must be in registry order and closed under dependsOn (see selectGenerators).
GeneratorRun runGenerators(const std::vector<Generator>& selected, const locus::OrderedJson& ir,
                           const GeneratorRunOptions& options);

// The generators to run: `names` (or every enabledByDefault generator when null) plus everything
// they depend on, in registry order. Unknown names are returned in `unknown`.
std::vector<Generator> selectGenerators(const std::vector<Generator>& registry,
                                        const std::vector<std::string>* names,
                                        std::vector<std::string>& unknown);

// A path a generator may write: relative, '/'-separated, no empty, `.` or `..` segments, no
// backslashes or control characters, and not the reserved BUILD_MANIFEST.json.
bool isSafeOutputPath(const std::string& path);

} // namespace locus
