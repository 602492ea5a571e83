#include "hooks/packages/unpack.h"

#include "compiler/base/sha256.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

namespace locus::packages {

namespace fs = std::filesystem;
using namespace lockfile;

namespace {

// Why a path cannot be unpacked, or "".
std::string badPath(const std::string& path, const PackageLimits& limits) {
  if (path.empty()) return "an entry has an empty path";
  if (path.size() > limits.maxPathLength) return "path longer than the limit";
  if (path.front() == '/') return "absolute path";
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos)
    return "path holds a backslash or NUL";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    if (part == "..") return "path leaves the package (\"..\")";
    if (part.empty() || part == ".") return "path is not in normal form (empty or \".\" part)";
    start = end + 1;
  }
  return "";
}

std::string typeName(mode_t type) {
  switch (type) {
  case AE_IFLNK:
    return "a symbolic link";
  case AE_IFCHR:
  case AE_IFBLK:
    return "a device file";
  case AE_IFIFO:
    return "a FIFO";
  case AE_IFSOCK:
    return "a socket";
  default:
    return "not a plain file";
  }
}

UnpackResult failure(std::string why) {
  return {std::nullopt, "the package is rejected: " + std::move(why)};
}

UnpackResult checkIndex(PackageContents contents) {
  std::string error;
  std::optional<PackageIndex> index = parsePackageIndex(contents.indexText, &error);
  if (!index) return failure(error);
  std::map<std::string, std::string> unlisted = contents.data;
  for (const PackedFile& f : index->files) {
    auto it = contents.data.find(f.path);
    if (it == contents.data.end())
      return failure(f.path + " is listed in " + kPackageIndexFile + " but missing");
    if (sha256Hex(it->second) != f.sha256)
      return failure(f.path + " does not match its SHA-256 in " + kPackageIndexFile +
                     " (the package was altered)");
    unlisted.erase(f.path);
  }
  if (!unlisted.empty())
    return failure(unlisted.begin()->first + " is not listed in " + kPackageIndexFile);
  auto manifest = contents.data.find("locus-plugin.json");
  if (manifest == contents.data.end()) return failure("it has no locus-plugin.json");
  nlohmann::json m = nlohmann::json::parse(manifest->second, nullptr, false);
  if (!m.is_object() || m.value("name", "") != index->name ||
      m.value("version", "") != index->version)
    return failure("locus-plugin.json does not name " + index->name + " " + index->version +
                   " as " + kPackageIndexFile + " does");
  contents.index = std::move(*index);
  return {std::move(contents), ""};
}

// Why `bytes` is not one complete gzip stream, or "". libarchive's tar reader stops at the last
// whole entry of a cut-off download without an error, so the stream's end (and its CRC) is
// checked here; inflating stops once `limit` bytes come out (the entry loop reports the limit).
std::string incompleteGzip(std::string_view bytes, std::uint64_t limit) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return "zlib failed to start";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  unsigned char sink[1 << 16];
  std::uint64_t out = 0;
  int r = Z_OK;
  while (r == Z_OK && out <= limit) {
    z.next_out = sink;
    z.avail_out = sizeof sink;
    r = inflate(&z, Z_NO_FLUSH);
    out += sizeof sink - z.avail_out;
  }
  std::string why;
  if (r == Z_BUF_ERROR)
    why = "the gzip stream ends early (a truncated download?)";
  else if (r != Z_OK && r != Z_STREAM_END)
    why = std::string("corrupt gzip data (") + (z.msg ? z.msg : "?") + ")";
  else if (r == Z_STREAM_END &&
           !std::all_of(z.next_in, z.next_in + z.avail_in, [](Bytef b) { return b == 0; }))
    why = "bytes follow the end of the gzip stream"; // zeros are tar's block padding
  inflateEnd(&z);
  return why;
}

} // namespace

UnpackResult readPackage(std::string_view bytes, const PackageLimits& limits) {
  if (bytes.size() > limits.maxArchiveBytes)
    return failure(std::to_string(bytes.size()) + " bytes, above the limit of " +
                   std::to_string(limits.maxArchiveBytes));
  if (std::string why = incompleteGzip(bytes, limits.maxTotalBytes); !why.empty())
    return failure("truncated or corrupt archive: " + why);
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    return failure(std::string("not a gzip'ed tar archive (") + archive_error_string(a.get()) +
                   ")");
  PackageContents contents;
  bool sawIndex = false;
  std::uint64_t total = 0, entries = 0;
  archive_entry* e = nullptr;
  int r;
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    std::string path = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    if (++entries > limits.maxFiles + 1)
      return failure("more than " + std::to_string(limits.maxFiles) + " entries");
    if (std::string why = badPath(path, limits); !why.empty()) return failure(path + ": " + why);
    mode_t type = archive_entry_filetype(e);
    if (archive_entry_hardlink(e)) return failure(path + ": a hard link");
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) return failure(path + ": " + typeName(type));
    std::string data;
    char buffer[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0) {
      data.append(buffer, static_cast<std::size_t>(n));
      total += static_cast<std::uint64_t>(n);
      if (data.size() > limits.maxFileBytes)
        return failure(path + ": decompresses to more than " + std::to_string(limits.maxFileBytes) +
                       " bytes (the file limit)");
      if (total > limits.maxTotalBytes)
        return failure("decompresses to more than " + std::to_string(limits.maxTotalBytes) +
                       " bytes (the package limit)");
    }
    if (n < 0)
      return failure(path + ": truncated or corrupt (" + archive_error_string(a.get()) + ")");
    if (path == kPackageIndexFile) {
      sawIndex = true;
      contents.indexText = std::move(data);
    } else if (!contents.data.emplace(path, std::move(data)).second) {
      return failure(path + ": appears twice");
    }
  }
  if (r != ARCHIVE_EOF)
    return failure(std::string("truncated or corrupt archive (") + archive_error_string(a.get()) +
                   ")");
  if (!sawIndex) return failure(std::string("it has no ") + kPackageIndexFile);
  return checkIndex(std::move(contents));
}

std::string writePackageFiles(const PackageContents& contents, const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return dir.string() + " already exists";
  fs::create_directories(dir, ec);
  if (ec) return dir.string() + ": " + ec.message();
  auto write = [&](const std::string& rel, const std::string& bytes, bool exec) -> std::string {
    fs::path target = dir / rel;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return target.string() + ": " + ec.message();
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return target.string() + ": write failed";
    fs::permissions(target, exec ? fs::perms(0755) : fs::perms(0644), ec);
    return "";
  };
  for (const PackedFile& f : contents.index.files)
    if (std::string err = write(f.path, contents.data.at(f.path), f.executable); !err.empty())
      return err;
  return write(kPackageIndexFile, contents.indexText, false);
}

} // namespace locus::packages
