#include "generators/output/write_output.h"

#include "generators/output/replace_in_place.h"
#include "generators/output/staging_files.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>
#include <vector>

namespace locus {

namespace fs = std::filesystem;

namespace {

using WriteError = StagingError;

// At most this many threads stage files (no more than the machine has cores: on a loaded 2-core
// VM more threads measured no faster).
constexpr unsigned kMaxWriterThreads = 4;

void makeParents(const fs::path& file, std::set<fs::path>& made) {
  if (made.insert(file.parent_path()).second) makeParentFolders(file);
}

// A path is tracked when the previous manifest lists it or it is the manifest itself.
bool tracked(const OutputState& current, const std::string& rel) {
  return rel == kManifestName || (current.manifest && current.manifest->count(rel));
}

bool hasTrackedBelow(const OutputState& current, const std::string& dirRel) {
  if (!current.manifest) return false;
  std::string prefix = dirRel + "/";
  auto it = current.manifest->lower_bound(prefix);
  return it != current.manifest->end() && it->first.starts_with(prefix);
}

// The largest subtrees of the current output that no build wrote.
void collectUntracked(const OutputState& current, const fs::path& dir, const std::string& rel,
                      std::vector<std::string>& out) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    std::string childRel = rel.empty() ? name : rel + "/" + name;
    if (tracked(current, childRel)) continue;
    if (entry.is_directory(ec) && !entry.is_symlink(ec) && hasTrackedBelow(current, childRel))
      collectUntracked(current, entry.path(), childRel, out);
    else
      out.push_back(childRel);
  }
  if (ec) throwStagingError(dir, "cannot list", ec.value());
}

// An untracked path where the new build puts a file (or a folder of files) would be overwritten.
void checkCollisions(const std::vector<std::string>& untracked, const GeneratedFiles& files) {
  for (const std::string& rel : untracked) {
    bool clash = files.count(rel) > 0;
    auto it = files.lower_bound(rel + "/");
    clash = clash || (it != files.end() && it->first.starts_with(rel + "/"));
    if (clash)
      throw WriteError{"'" + rel +
                       "' exists in the output folder but was not written by locusc, "
                       "and the build needs that path; move it away and build again"};
  }
}

bool unchanged(const OutputState& current, const std::string& path, const std::string& text) {
  auto it = current.files.find(path);
  return it != current.files.end() && it->second == text;
}

bool upToDate(const GeneratedFiles& files, const OutputState& current) {
  if (!current.manifest) return false;
  for (const auto& [path, text] : files)
    if (!unchanged(current, path, text)) return false;
  for (const auto& [path, entry] : *current.manifest)
    if (!files.count(path) && current.files.count(path)) return false;
  return true;
}

// One file of the staging folder: hard-linked from the current output when unchanged, else
// written. Returns true when it was linked.
bool stageFile(const fs::path& staging, const std::string& path, const std::string& text,
               const OutputState& current) {
  fs::path target = staging / path;
  if (path != kManifestName && unchanged(current, path, text) &&
      ::link((fs::path(current.dir) / path).c_str(), target.c_str()) == 0)
    return true;
  writeNewFile(target, text);
  return false;
}

// Creating files is slow on some file systems (VMs, network disks) and is mostly waiting, so a
// few threads stage folders at once; each takes the next folder. The first error stops them all.
void fillStaging(const fs::path& staging, const GeneratedFiles& files, const OutputState& current,
                 WriteSummary& summary) {
  std::set<fs::path> made;
  for (const auto& entry : files) makeParents(staging / entry.first, made);
  const std::vector<FolderBatch> batches = batchesByFolder(files);
  std::atomic<size_t> next{0}, linked{0};
  std::atomic<bool> failed{false};
  std::mutex errorMutex;
  std::optional<WriteError> error;
  auto work = [&] {
    for (size_t b = next++; b < batches.size() && !failed; b = next++) {
      try {
        for (const auto* entry : batches[b])
          if (stageFile(staging, entry->first, entry->second, current)) ++linked;
      } catch (const WriteError& e) {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (!error) error = e;
        failed = true;
      }
    }
  };
  {
    std::vector<std::jthread> pool; // joined at the end of this block
    size_t threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxWriterThreads);
    for (size_t t = 1; t < threads && t < batches.size(); ++t) pool.emplace_back(work);
    work();
  }
  if (error) throw *error;
  summary.unchanged += linked;
  summary.written += files.size() - linked;
  if (current.manifest)
    for (const auto& [path, entry] : *current.manifest)
      if (!files.count(path) && current.files.count(path)) ++summary.removed;
}

void moveUntracked(const fs::path& from, const fs::path& to, const std::vector<std::string>& rels) {
  for (const std::string& rel : rels) {
    std::error_code ec;
    fs::create_directories((to / rel).parent_path(), ec);
    fs::rename(from / rel, to / rel, ec);
    if (ec)
      std::fprintf(stderr, "locusc: warning: could not carry '%s' over: %s\n", rel.c_str(),
                   ec.message().c_str());
  }
}

void swapIn(const fs::path& staging, const fs::path& out, const std::vector<std::string>& keep,
            bool outExists) {
  if (!outExists) {
    std::error_code ec;
    fs::create_directories(fs::absolute(out).parent_path(), ec);
    if (::rename(staging.c_str(), out.c_str()) != 0) throwStagingError(out, "cannot create", errno);
    return;
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0)
    throwStagingError(out, "cannot replace", errno);
  // `staging` now holds the previous output.
  moveUntracked(staging, out, keep);
  std::error_code ec;
  fs::remove_all(staging, ec);
}

} // namespace

std::optional<std::string> writeOutput(const GeneratedFiles& files, const OutputState& current,
                                       WriteSummary& summary, WriteMode mode) {
  std::signal(SIGXFSZ, SIG_IGN); // a file-size limit must be an error, not a kill
  fs::path out(current.dir);
  if (current.exists && !current.isDirectory)
    return "'" + current.dir + "' exists and is not a folder; choose another output with -o";
  if (current.hasForeignContent)
    return "'" + current.dir + "' is not empty and has no " + kManifestName +
           ", so it was not written by locusc; refusing to replace it (choose another output "
           "with -o, or empty the folder)";
  if (upToDate(files, current)) {
    summary.upToDate = true;
    summary.unchanged = files.size();
    return std::nullopt;
  }
  fs::path staging = siblingPath(out, "staging");
  std::error_code ec;
  fs::remove_all(staging, ec); // left over by a build that was killed
  try {
    std::vector<std::string> keep;
    if (current.isDirectory) collectUntracked(current, out, "", keep);
    checkCollisions(keep, files);
    if (mode == WriteMode::InPlace && current.manifest) {
      replaceChangedFiles(files, current, summary);
      return std::nullopt;
    }
    if (!fs::create_directory(staging, ec) || ec)
      throwStagingError(staging, "cannot create folder", ec ? ec.value() : EEXIST);
    fillStaging(staging, files, current, summary);
    swapIn(staging, out, keep, current.isDirectory);
  } catch (const WriteError& e) {
    fs::remove_all(staging, ec);
    return e.message;
  }
  return std::nullopt;
}

} // namespace locus
