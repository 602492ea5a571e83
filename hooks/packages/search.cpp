#include "hooks/packages/search.h"

#include "hooks/semver/range.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace locus::packages {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool passesFilters(const IndexVersion& v, const SearchQuery& q) {
  if (!q.hook.empty() && !has(v.hooks, q.hook)) return false;
  if (!q.stepKind.empty() && !has(v.steps, q.stepKind)) return false;
  if (q.capability == "hooks" && v.hooks.empty()) return false;
  if (q.capability == "steps" && v.steps.empty()) return false;
  if (q.capability == "generators" && v.generators.empty()) return false;
  if (!q.compatible.empty()) {
    std::optional<semver::Version> core = semver::parseVersion(q.compatible);
    std::optional<semver::Range> range = semver::parseRange(v.requiresCore);
    if (!core || !range || !semver::satisfies(*core, *range)) return false;
  }
  return true;
}

int score(const IndexPackage& p, const IndexVersion& v, const std::string& text) {
  if (text.empty()) return 1;
  std::string name = lower(p.name), description = lower(v.description);
  std::istringstream words(lower(text));
  int total = 0;
  for (std::string w; words >> w;) {
    if (name == w)
      total += 100;
    else if (name.starts_with(w))
      total += 60;
    else if (name.find(w) != std::string::npos)
      total += 40;
    if (description.find(w) != std::string::npos) total += 15;
  }
  return total;
}

} // namespace

std::vector<SearchRow> searchRows(const std::vector<SearchHit>& hits) {
  std::vector<SearchRow> out;
  for (const SearchHit& h : hits)
    out.push_back(
        {h.package->name, h.version->version, h.version->channel, h.version->description, h.score});
  return out;
}

const IndexVersion* newestVersion(const IndexPackage& p, const std::string& channel) {
  for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it)
    if (!it->yanked && channelRank(it->channel) >= channelRank(channel)) return &*it;
  return nullptr;
}

std::vector<SearchHit> searchPackages(const std::vector<IndexPackage>& packages,
                                      const SearchQuery& query) {
  std::vector<SearchHit> hits;
  for (const IndexPackage& p : packages) {
    const IndexVersion* match = nullptr;
    for (auto it = p.versions.rbegin(); it != p.versions.rend() && !match; ++it)
      if (!it->yanked && channelRank(it->channel) >= channelRank(query.channel) &&
          passesFilters(*it, query))
        match = &*it;
    if (!match) continue;
    int s = score(p, *match, query.text);
    if (s > 0) hits.push_back({&p, match, s});
  }
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.package->name < b.package->name;
  });
  return hits;
}

} // namespace locus::packages
