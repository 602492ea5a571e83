// The file operations both writers share (write_output: a build's files at the end;
// early_output: a fresh output while the generators still run): creating a file that must not
// exist yet, its parent folders, the staging folder's name, and grouping files by folder.
#pragma once

#include "generators/generator.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace locus {

// A failed file operation, with a message naming the path and the system error.
struct StagingError {
  std::string message;
};

// Throws "<what> '<path>': <strerror(err)>".
[[noreturn]] void throwStagingError(const std::filesystem::path& path, const std::string& what,
                                    int err);

// What the no-change rebuild check compares a written file by (compiler/driver/build_cache.h).
struct FileStamp {
  uint64_t size = 0;
  int64_t mtimeNs = 0;
  uint64_t inode = 0;
};

// Creates `path` (which must not exist) with `text`; throws StagingError. Returns the file's
// stamp, read from the open file (cheaper than a stat of the path later).
FileStamp writeNewFile(const std::filesystem::path& path, const std::string& text);

// Creates the folders above `file`; throws StagingError.
void makeParentFolders(const std::filesystem::path& file);

// <parent of out>/.<name of out>.locus-<tag>: a sibling on the same file system, so the finished
// folder can be renamed into place.
std::filesystem::path siblingPath(const std::filesystem::path& out, const char* tag);

// The files of one folder, in path order.
using FolderBatch = std::vector<const std::pair<const std::string, std::string>*>;

// The files grouped by folder, largest folder first. A folder is one thread's work: file systems
// serialise creation inside one folder (ext4 takes the folder's lock for every create), so threads
// sharing a folder only spin on each other's lock.
std::vector<FolderBatch> batchesByFolder(const GeneratedFiles& files);

} // namespace locus
