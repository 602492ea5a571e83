#include "generators/output/staging_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace locus {

namespace fs = std::filesystem;

void throwStagingError(const fs::path& path, const std::string& what, int err) {
  throw StagingError{what + " '" + path.string() + "': " + std::strerror(err)};
}

FileStamp writeNewFile(const fs::path& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throwStagingError(path, "cannot create", errno);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      throwStagingError(path, "cannot write", err);
    }
    done += static_cast<size_t>(n);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) st = {};
  if (::close(fd) != 0) throwStagingError(path, "cannot write", errno);
  return {static_cast<uint64_t>(st.st_size),
          st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec,
          static_cast<uint64_t>(st.st_ino)};
}

void makeParentFolders(const fs::path& file) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) throwStagingError(file.parent_path(), "cannot create folder", ec.value());
}

fs::path siblingPath(const fs::path& out, const char* tag) {
  fs::path abs = fs::absolute(out).lexically_normal();
  if (abs.filename().empty()) abs = abs.parent_path();
  return abs.parent_path() / ("." + abs.filename().string() + ".locus-" + tag);
}

std::vector<FolderBatch> batchesByFolder(const GeneratedFiles& files) {
  std::map<std::string_view, FolderBatch> byFolder;
  for (const auto& entry : files) {
    std::string_view path = entry.first;
    size_t slash = path.rfind('/');
    byFolder[slash == std::string_view::npos ? std::string_view() : path.substr(0, slash)]
        .push_back(&entry);
  }
  std::vector<FolderBatch> batches;
  batches.reserve(byFolder.size());
  for (auto& [folder, batch] : byFolder) batches.push_back(std::move(batch));
  std::stable_sort(batches.begin(), batches.end(),
                   [](const FolderBatch& a, const FolderBatch& b) { return a.size() > b.size(); });
  return batches;
}

} // namespace locus
