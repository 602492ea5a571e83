#include "compiler/driver/deploy_releases.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <unistd.h>

namespace locus {

namespace fs = std::filesystem;

namespace {

// A release set aside carries its reason after a dot; ids have none.
bool isSetAside(const std::string& name) {
  return name.find('.') != std::string::npos;
}

// Every release folder (good and set aside), in name order. Hidden entries (the writer's staging
// folders) are not releases.
std::vector<std::string> releaseEntries(const fs::path& target) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(target / "releases", ec)) {
    std::string name = e.path().filename().string();
    if (name[0] != '.' && e.is_directory(ec) && !e.is_symlink(ec)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string utcStamp(std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string failure(const std::string& what, const std::error_code& ec) {
  return what + ": " + ec.message();
}

} // namespace

std::vector<std::string> listReleases(const fs::path& target) {
  std::vector<std::string> out = releaseEntries(target);
  out.erase(std::remove_if(out.begin(), out.end(), isSetAside), out.end());
  return out;
}

std::string newReleaseId(const fs::path& target, std::chrono::system_clock::time_point now) {
  std::string stamp = utcStamp(now);
  std::vector<std::string> taken = releaseEntries(target);
  std::string newest;
  for (const std::string& name : taken) newest = std::max(newest, name.substr(0, name.find('.')));
  if (newest < stamp) return stamp;
  // Same second as (or a clock behind) the newest: count on from it.
  std::string base = newest.substr(0, stamp.size());
  int count = 1;
  if (newest.size() > base.size() + 1)
    std::from_chars(newest.data() + base.size() + 1, newest.data() + newest.size(), count);
  std::string next = std::to_string(count + 1);
  return base + (next.size() < 2 ? "-0" : "-") + next;
}

fs::path releaseDir(const fs::path& target, const std::string& id) {
  return target / "releases" / id;
}

std::optional<std::string> newestRelease(const fs::path& target) {
  std::optional<std::string> newest;
  for (const std::string& name : releaseEntries(target))
    if (!newest || name.substr(0, name.find('.')) >= newest->substr(0, newest->find('.')))
      newest = name;
  return newest;
}

std::optional<std::string> currentRelease(const fs::path& target) {
  std::error_code ec;
  fs::path link = fs::read_symlink(target / "current", ec);
  if (ec || link.filename().empty()) return std::nullopt;
  return link.filename().string();
}

std::optional<std::string> releaseBefore(const fs::path& target, const std::string& id) {
  std::optional<std::string> before;
  for (const std::string& r : listReleases(target))
    if (r < id) before = r;
  return before;
}

std::string switchCurrent(const fs::path& target, const std::string& id) {
  std::error_code ec;
  if (!fs::is_directory(releaseDir(target, id), ec))
    return "no release " + id + " in " + (target / "releases").string();
  fs::path temp = target / (".current-" + std::to_string(::getpid()));
  fs::remove(temp, ec);
  fs::create_directory_symlink(fs::path("releases") / id, temp, ec);
  if (ec) return failure("cannot create " + temp.string(), ec);
  fs::rename(temp, target / "current", ec); // rename(2): atomic over the old link
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return failure("cannot switch " + (target / "current").string(), ec);
  }
  return "";
}

std::string setAside(const fs::path& target, const std::string& id, const std::string& why) {
  std::error_code ec;
  fs::path aside = releaseDir(target, id);
  aside += "." + why;
  fs::remove_all(aside, ec);
  fs::rename(releaseDir(target, id), aside, ec);
  return ec ? failure("cannot rename release " + id, ec) : "";
}

std::vector<std::string> pruneReleases(const fs::path& target, unsigned keep, std::string& error) {
  std::optional<std::string> live = currentRelease(target);
  std::vector<std::string> good = listReleases(target);
  std::vector<std::string> aside = releaseEntries(target);
  aside.erase(std::remove_if(aside.begin(), aside.end(),
                             [](const std::string& n) { return !isSetAside(n); }),
              aside.end());
  std::vector<std::string> doomed;
  for (size_t i = 0; i + keep < good.size(); ++i)
    if (good[i] != live) doomed.push_back(good[i]);
  for (size_t i = 0; i + 1 < aside.size(); ++i) doomed.push_back(aside[i]);
  std::vector<std::string> removed;
  for (const std::string& name : doomed) {
    std::error_code ec;
    fs::remove_all(releaseDir(target, name), ec);
    if (ec)
      error = failure("cannot remove release " + name, ec);
    else
      removed.push_back(name);
  }
  return removed;
}

} // namespace locus
