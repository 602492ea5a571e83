// Ranked search over a registry's packages (the CLI over file:// registries and the HTTP
// registry's /v1/search share it). Score: exact name 100, name prefix 60, name contains 40,
// description contains 15 per query word; filters by hook, step kind, capability and a core
// version that `requiresCore` must accept. Only the newest non-yanked version in the channel or
// above counts; ties go by name.
#pragma once

#include "hooks/packages/registry_index.h"

#include <string>
#include <vector>

namespace locus::packages {

struct SearchQuery {
  std::string text;
  std::string hook;       // subscribes to this hook
  std::string stepKind;   // declares this step kind
  std::string capability; // "hooks", "steps" or "generators": has at least one
  std::string compatible; // a core version its requiresCore accepts
  std::string channel = "ga";
};

struct SearchHit {
  const IndexPackage* package = nullptr;
  const IndexVersion* version = nullptr; // the newest matching version
  int score = 0;
};

std::vector<SearchHit> searchPackages(const std::vector<IndexPackage>& packages,
                                      const SearchQuery& query);

// One line of a search's answer, as the HTTP registry's /v1/search returns it.
struct SearchRow {
  std::string name, version, channel, description;
  int score = 0;
};
std::vector<SearchRow> searchRows(const std::vector<SearchHit>& hits);

// The newest version that is not yanked and is in `channel` or a later one; nullptr when none.
const IndexVersion* newestVersion(const IndexPackage& p, const std::string& channel);

} // namespace locus::packages
