// A deterministic gzip'ed pax tar in memory (libarchive): fixed mtime, owner 0:0 without names,
// no gzip timestamp. Entries are written in the order added.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct archive;

namespace locus::packages {

class TarWriter {
public:
  TarWriter();
  ~TarWriter();
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  void add(const std::string& path, std::string_view bytes, bool executable);
  // The archive, or nullopt with the libarchive error appended to `errors`.
  std::optional<std::string> finish(std::vector<std::string>* errors);

private:
  archive* archive_;
  std::string out_;
  std::string error_;
};

// 2000-01-01T00:00:00Z: every entry's mtime (a fixed, plausible date; tools warn about 1970).
inline constexpr long kPackedMtime = 946684800;

} // namespace locus::packages
