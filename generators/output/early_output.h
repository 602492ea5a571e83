// Writing a fresh output while the generators still run. When the output folder does not exist
// yet, every file must be written anyway, so each generator's files are handed over as soon as it
// finishes: writer threads create them in a staging folder and hash them for the manifest while
// the slower generators keep the other cores busy. commit() adds the manifest and renames the
// folder into place; until then the output path is untouched, and a failed or abandoned build
// removes the staging folder (as writeOutput does).
#pragma once

#include "generators/generator.h"
#include "generators/output/output_state.h"
#include "generators/output/staging_files.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace locus {

class EarlyOutput {
public:
  // nullptr when the output already exists or the staging folder cannot be made (the build then
  // writes at the end as usual).
  static std::unique_ptr<EarlyOutput> start(const OutputState& current);
  ~EarlyOutput(); // waits for the writers; removes the staging folder unless committed

  // Queues files for writing. Thread-safe; the texts must stay alive and unchanged until drain().
  void add(const GeneratedFiles& files);
  // Waits until every queued file is written. Returns the first error.
  std::optional<std::string> drain();
  // SHA-256 of every written file, by path (after drain()).
  const std::map<std::string, std::string>& hashes() const { return hashes_; }
  // The stamp of every written file, by path, the manifest's included (after commit()).
  const std::map<std::string, FileStamp>& stamps() const { return stamps_; }
  // Writes the manifest and renames the staging folder to the output path (after drain()).
  std::optional<std::string> commit(const std::string& manifestText);

private:
  EarlyOutput(std::filesystem::path out, std::filesystem::path staging);
  void work();

  std::filesystem::path out_, staging_;
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<FolderBatch> queue_;
  size_t busy_ = 0;
  bool stopping_ = false, committed_ = false;
  std::optional<std::string> error_;
  std::map<std::string, std::string> hashes_;
  std::map<std::string, FileStamp> stamps_;
  std::vector<std::thread> threads_;
};

} // namespace locus
