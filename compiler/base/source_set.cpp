#include "compiler/base/source_set.h"

namespace locus {

FileId SourceSet::add(std::string path, std::string text) {
  std::lock_guard lock(mutex_);
  files_.push_back(std::make_unique<SourceFile>(SourceFile{std::move(path), std::move(text)}));
  return static_cast<FileId>(files_.size() - 1);
}

const SourceFile& SourceSet::file(FileId id) const {
  std::lock_guard lock(mutex_);
  return *files_.at(id);
}

size_t SourceSet::size() const {
  std::lock_guard lock(mutex_);
  return files_.size();
}

std::string_view SourceSet::lineText(FileId id, uint32_t line) const {
  std::string_view text = file(id).text;
  size_t pos = 0;
  for (uint32_t l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string_view result = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

} // namespace locus
