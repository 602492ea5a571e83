// The meaning of a manifest that already has the right shape: versions and ranges parse,
// `requiresCore` admits this core, the protocol is spoken, hooks exist and their filters apply,
// names are unique and not taken by built-ins, paths stay inside their roots.
#pragma once

#include "hooks/manifest/manifest.h"

#include <string>
#include <vector>

namespace locus::hooks {

struct ManifestCheckContext {
  std::string coreVersion;                    // defaults to locus::coreVersion()
  std::vector<int> protocols = {1};           // wire protocol versions this host speaks
  std::vector<std::string> builtinStepKinds;  // kinds a plugin may not redefine
  std::vector<std::string> builtinGenerators; // generator names a plugin may not take
};

ManifestCheckContext defaultCheckContext();

std::vector<ManifestError> checkManifest(const PluginManifest& m,
                                         const ManifestCheckContext& context,
                                         const std::string& file);

// A path pattern relative to some root: not absolute, no `..` component, no backslash.
// Returns "" when fine, else why not.
std::string relativePatternProblem(std::string_view pattern);

} // namespace locus::hooks
