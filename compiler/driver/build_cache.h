// The no-change rebuild: when nothing that feeds a build changed since the last
// successful one and its output is as that build left it, `locusc build` stops before the front
// end. The record lives in <project>/.locus/cache/build-<digest of the output path>.json and
// holds (1) a digest over the locusc binary, the build options and every input file's path and
// bytes, and (2) each output file's size, mtime and inode as the writer left them.
// Its warnings are stored and printed again when the build is skipped. Builds with plugins,
// `--check` or `--metrics` never take this path (docs/cli.md).
#pragma once

#include "generators/output/staging_files.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus {

struct OutputStamp {
  std::string path; // relative to the output folder
  uint64_t size = 0;
  int64_t mtimeNs = 0;
  uint64_t inode = 0;
  bool operator==(const OutputStamp&) const = default;
};

struct BuildRecord {
  std::string digest;               // inputsDigest() of the build
  std::vector<std::string> sources; // the .locus files the front end read (a file's imports)
  std::string templatesDir;         // template overrides (Locus.toml decides; it is an input)
  std::string outDir;
  std::vector<OutputStamp> outputs;
  size_t generators = 0;   // for the summary line
  std::string diagnostics; // the warnings the build printed, replayed when it is skipped
  bool diagnosticsToStdout = false;
};

// The files a build of `input` reads, listed afresh: the .locus files (a folder's current
// ones; for a single file, the file and the imports `previous` recorded), Locus.toml when
// present, and every template override file.
std::vector<std::string> buildInputs(const std::string& input, const std::string& projectRoot,
                                     const BuildRecord& previous);

// SHA-256 over `salt` and each file's path and bytes; nullopt when a file cannot be read.
std::optional<std::string> inputsDigest(const std::vector<std::string>& files,
                                        const std::string& salt);

// What identifies the compiler itself: its version and the size and mtime of the running binary
// (a rebuilt locusc with the same version string must not reuse old output).
std::string toolIdentity();

// The stamps of `paths` (relative to `outDir`); nullopt when one is missing. Stamps the writer
// already took (`written`, by path) are used instead of a stat.
std::optional<std::vector<OutputStamp>>
stampOutputs(const std::string& outDir, const std::vector<std::string>& paths,
             const std::map<std::string, FileStamp>* written = nullptr);

// One record per build configuration: `key` names the input and the options that choose the
// output (-o, --generators).
std::string buildRecordPath(const std::string& projectRoot, const std::string& key);
std::optional<BuildRecord> readBuildRecord(const std::string& file);
// Best effort (a cache): written to a temporary file and renamed; failures are ignored.
void writeBuildRecord(const std::string& file, const BuildRecord& record);
void removeBuildRecord(const std::string& file);

// True when `record` still describes a build whose inputs are `inputs`: same digest, and every
// output file as the build left it.
bool buildIsUpToDate(const BuildRecord& record, const std::vector<std::string>& inputs,
                     const std::string& salt);

} // namespace locus
