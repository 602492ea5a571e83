// `locus runs --where 'input.orderId = 7 and input.region != "eu"'`: conditions on a run's input,
// and the search that applies them on top of the store's filters (workflow, status, since).
#pragma once

#include "runtime/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace locus::rt {

struct InputCondition {
  std::vector<std::string> path; // after `input.`
  bool equal = true;             // `=` (true) or `!=`
  Json value;                    // a JSON literal; a bare word is a string
};

// Conditions joined by `and`; nullopt with `error` set (what is wrong, and the form) otherwise.
std::optional<std::vector<InputCondition>> parseInputWhere(const std::string& text,
                                                           std::string& error);
bool inputMatches(const Json& input, const std::vector<InputCondition>& where);
// The store's matches, newest first, filtered by `where`, at most q.limit of them.
std::vector<RunRecord> findRuns(Store& store, RunQuery q, const std::vector<InputCondition>& where);

} // namespace locus::rt
