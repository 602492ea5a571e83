// The writer: puts a build's files into the output folder atomically (docs/design/DESIGN.md §2).
// Files go into a temporary sibling folder (unchanged files are hard-linked from the current
// output, so only changed files are rewritten and the others keep their inode and mtime), then the
// two folders are exchanged with one renameat2(RENAME_EXCHANGE). A failure at any point before the
// exchange leaves the previous output untouched. Files in the output that no build wrote (e.g.
// node_modules after `npm install`) are carried over into the new folder.
#pragma once

#include "generators/output/output_state.h"

#include <optional>
#include <string>

namespace locus {

struct WriteSummary {
  size_t written = 0;    // new or changed files
  size_t unchanged = 0;  // linked from the previous output
  size_t removed = 0;    // files of the previous build that are gone now
  bool upToDate = false; // nothing differed: the folder was not touched at all
};

enum class WriteMode {
  Swap,    // a staging folder exchanged with the output in one rename: all or nothing
  InPlace, // only the changed files, each renamed over the old (replace_in_place.h); for an
           // output a dev server watches. A fresh output is still swapped in.
};

// `files` must include BUILD_MANIFEST.json. On failure returns a message naming the path and the
// system error; with WriteMode::Swap the output folder is then exactly as before.
std::optional<std::string> writeOutput(const GeneratedFiles& files, const OutputState& current,
                                       WriteSummary& summary, WriteMode mode = WriteMode::Swap);

} // namespace locus
