#include "generators/output/early_output.h"

#include "compiler/base/sha256.h"
#include "generators/output/build_manifest.h"
#include "generators/output/staging_files.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>

namespace locus {

namespace fs = std::filesystem;

namespace {

// Two writers: creating files is mostly kernel work, and the generators still use the cores.
constexpr unsigned kWriterThreads = 2;

} // namespace

std::unique_ptr<EarlyOutput> EarlyOutput::start(const OutputState& current) {
  if (current.exists || current.dir.empty()) return nullptr;
  std::signal(SIGXFSZ, SIG_IGN); // a file-size limit must be an error, not a kill
  fs::path out(current.dir);
  fs::path staging = siblingPath(out, "staging");
  std::error_code ec;
  fs::remove_all(staging, ec); // left over by a build that was killed
  fs::create_directories(staging.parent_path(), ec);
  if (!fs::create_directory(staging, ec) || ec) return nullptr;
  return std::unique_ptr<EarlyOutput>(new EarlyOutput(out, staging));
}

EarlyOutput::EarlyOutput(fs::path out, fs::path staging)
    : out_(std::move(out)), staging_(std::move(staging)) {
  for (unsigned t = 0; t < kWriterThreads; ++t) threads_.emplace_back([this] { work(); });
}

EarlyOutput::~EarlyOutput() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void EarlyOutput::add(const GeneratedFiles& files) {
  {
    std::lock_guard lock(mutex_);
    for (FolderBatch& batch : batchesByFolder(files)) queue_.push_back(std::move(batch));
  }
  wake_.notify_all();
}

void EarlyOutput::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return; // stopping
    FolderBatch batch = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    bool skip = error_.has_value();
    lock.unlock();
    std::optional<std::string> error;
    struct Written {
      const std::string* path;
      std::string hash;
      FileStamp stamp;
    };
    std::vector<Written> written;
    if (!skip) try {
        makeParentFolders(staging_ / batch.front()->first);
        for (const auto* file : batch) {
          FileStamp stamp = writeNewFile(staging_ / file->first, file->second);
          written.push_back({&file->first, sha256Hex(file->second), stamp});
        }
      } catch (const StagingError& e) {
        error = e.message;
      }
    lock.lock();
    if (error && !error_) error_ = std::move(error);
    for (Written& w : written) {
      hashes_[*w.path] = std::move(w.hash);
      stamps_[*w.path] = w.stamp;
    }
    --busy_;
    if (queue_.empty() && busy_ == 0) idle_.notify_all();
  }
}

std::optional<std::string> EarlyOutput::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
  return error_;
}

std::optional<std::string> EarlyOutput::commit(const std::string& manifestText) {
  try {
    stamps_[kManifestName] = writeNewFile(staging_ / kManifestName, manifestText);
    if (::rename(staging_.c_str(), out_.c_str()) != 0)
      throwStagingError(out_, "cannot create", errno);
  } catch (const StagingError& e) {
    return e.message;
  }
  committed_ = true;
  return std::nullopt;
}

} // namespace locus
