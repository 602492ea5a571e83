// What `locusc plugin inspect NAME` prints: everything the host knows about one loaded plugin —
// where it came from, its hooks with their position in each call order, filters and budgets,
// step kinds, generators, limits, and each requested permission with the project's decision.
#pragma once

#include "hooks/discovery/discover.h"

#include <string>

namespace locus::hooks {

std::string describePlugin(const LoadedPlugin& plugin, const PluginSet& set);

} // namespace locus::hooks
