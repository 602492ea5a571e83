// The files of one compilation: path + text, addressed by FileId.
#pragma once

#include "compiler/base/source_span.h"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace locus {

struct SourceFile {
  std::string path; // as the user named it (relative paths stay relative)
  std::string text;
};

// Thread-safe for add(); files are never removed, so references stay valid.
class SourceSet {
public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const;
  size_t size() const;
  // Returns the text of the line `line` (1-based) of a file, without its newline.
  std::string_view lineText(FileId id, uint32_t line) const;

private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<SourceFile>> files_;
};

} // namespace locus
