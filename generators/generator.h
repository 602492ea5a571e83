// The generator interface (docs/design/DESIGN.md §6): a generator maps the IR and its options to a
// set of files. It never touches the disk: the build driver gives it what it needs (options,
// templates, its own files from the previous build) and the writer decides what reaches the output
// directory.
#pragma once

#include "compiler/diagnostics/diagnostic_kind.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace locus {

class TemplateSet;

// Relative output path ('/'-separated, no `..`) → file content. Ordered, so iteration is stable.
using GeneratedFiles = std::map<std::string, std::string>;

// A problem a generator reports. `span` is an IR span ({"file","line","col","length"}) or null;
// the driver turns it into a located diagnostic.
struct GeneratorMessage {
  DiagKind kind = DiagKind::GeneratorFailed;
  std::string message;
  locus::OrderedJson span;
};

struct GeneratorInput {
  const locus::OrderedJson& ir;
  // Global build settings ({"appName", "database"}) merged with `[generators.<name>]` from
  // Locus.toml; a generator documents the keys it reads.
  const nlohmann::json& options;
  const TemplateSet& templates; // this generator's templates, with project overrides applied
  // This generator's files as the previous build wrote them (empty on a first build), e.g. the
  // sql generator's migrations, which must never change once written.
  const GeneratedFiles& previous;
  // Files of the generators named in `requires`, merged (read-only).
  const GeneratedFiles& upstream;
};

struct GeneratorOutput {
  GeneratedFiles files;
  std::vector<GeneratorMessage> messages; // any error fails the build
};

struct Generator {
  std::string name;        // `sql`, `express`, … (Locus.toml and BUILD_MANIFEST.json use it)
  std::string description; // one line for `locusc build --list-generators`
  std::vector<std::string>
      dependsOn; // `requires`: run after these; their files arrive as `upstream`
  bool enabledByDefault = true;
  std::function<GeneratorOutput(const GeneratorInput&)> run;
};

} // namespace locus
