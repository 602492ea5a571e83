// The plugin half of `locusc build --list-generators`: the generators the project's plugins
// declare, each with the plugin that provides it. Reads manifests only; no worker is started.
#pragma once

#include "hooks/discovery/discover.h"

#include <llvm/Support/raw_ostream.h>

#include <map>
#include <string>

namespace locus {

// Prints one line per plugin generator of the project holding `input` (a .locus file or folder):
// `fastapi (plugin fastapi-gen 1.0.0): <description> [requires …]`. Load problems go to `errs`
// (a plugin that fails to load is not listed). Returns the number of generators listed.
int listPluginGenerators(const std::string& input, llvm::raw_ostream& out, llvm::raw_ostream& errs);

// BUILD_MANIFEST.json names the plugin behind a plugin generator's files: in `owner` (path →
// generator), `fastapi` becomes `fastapi (plugin fastapi-gen)`. Built-in owners are unchanged.
// (Plugin generators do not read their previous files, so the longer label changes nothing else.)
void attributePluginOutputs(const hooks::PluginSet& set, std::map<std::string, std::string>& owner);

} // namespace locus
