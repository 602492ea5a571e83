// The in-place writer, for an output folder that a running dev server watches (`locus dev`,
// `locusc watch`): only the files whose bytes changed are replaced, each atomically (written to a
// temporary sibling, then renamed over the old one), so the dev server sees exactly the files that
// changed and never a folder that vanishes under it. Unchanged files keep their inode and mtime.
//
// Not all-or-nothing, unlike the swap of write_output: a crash midway leaves some files new and
// some old. The manifest is first rewritten as the union of both builds' files, so every file on
// disk stays tracked and the next build replaces what is stale.
#pragma once

#include "generators/output/output_state.h"
#include "generators/output/write_output.h"

namespace locus {

// Writes the changed and new files of `files` (BUILD_MANIFEST.json included) into the existing
// output `current`, then removes the files of the previous build that are gone. `current` must be
// a folder with a manifest. Throws StagingError naming the path.
void replaceChangedFiles(const GeneratedFiles& files, const OutputState& current,
                         WriteSummary& summary);

} // namespace locus
