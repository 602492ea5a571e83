// Which server actions (`action` at the top level) a part of the IR uses: the workflow bundle
// ships those the workflows run, the API serves those pages call (POST /api/actions/<name>).
#pragma once

#include "compiler/base/ordered_json.h"

#include <set>
#include <string>
#include <vector>

namespace locus::actions {

// Names of the server actions that `node` runs (`run` steps) or calls (call expressions),
// anywhere below it, added to `used`.
void collectActionUses(const locus::OrderedJson& node, const std::set<std::string>& serverActions,
                       std::set<std::string>& used);

// `roots` and every server action they call, directly or not, in source order.
std::vector<const locus::OrderedJson*> actionClosure(const locus::OrderedJson& ir,
                                                     const std::set<std::string>& roots);

// The server actions that pages, components and stores call (a container's own action of the
// same name hides a server action, as in the checker).
std::set<std::string> clientCalledActions(const locus::OrderedJson& ir);

std::set<std::string> serverActionNames(const locus::OrderedJson& ir);

} // namespace locus::actions
