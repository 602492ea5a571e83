// `locusc plugin new NAME --lang cpp|python|node`: the files of a new, working plugin — manifest,
// entry point written with the SDK (a copy of hooks/sdk, embedded at build time), a test fixture
// for `locusc plugin test`, and a README.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace locus {

std::string_view sdkFileText(std::string_view lang); // "python", "node", "cpp"

// Relative path → content. `lang` must be cpp, python or node.
std::map<std::string, std::string> pluginScaffold(const std::string& name, const std::string& lang);

} // namespace locus
