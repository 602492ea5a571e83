#include "hooks/packages/tar_writer.h"

#include <archive.h>
#include <archive_entry.h>

namespace locus::packages {

namespace {

la_ssize_t appendTo(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

} // namespace

TarWriter::TarWriter() : archive_(archive_write_new()) {
  archive_write_set_format_pax_restricted(archive_);
  archive_write_add_filter_gzip(archive_);
  archive_write_set_filter_option(archive_, "gzip", "timestamp", nullptr); // no mtime in header
  archive_write_set_bytes_in_last_block(archive_, 1);
  if (archive_write_open(archive_, &out_, nullptr, appendTo, nullptr) != ARCHIVE_OK)
    error_ = archive_error_string(archive_);
}

TarWriter::~TarWriter() {
  archive_write_free(archive_);
}

void TarWriter::add(const std::string& path, std::string_view bytes, bool executable) {
  if (!error_.empty()) return;
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, path.c_str());
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, executable ? 0755 : 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
  archive_entry_set_mtime(e, kPackedMtime, 0);
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  if (archive_write_header(archive_, e) != ARCHIVE_OK ||
      archive_write_data(archive_, bytes.data(), bytes.size()) < 0)
    error_ = path + ": " + archive_error_string(archive_);
  archive_entry_free(e);
}

std::optional<std::string> TarWriter::finish(std::vector<std::string>* errors) {
  if (error_.empty() && archive_write_close(archive_) != ARCHIVE_OK)
    error_ = archive_error_string(archive_);
  if (!error_.empty()) {
    if (errors) errors->push_back("writing the archive failed: " + error_);
    return std::nullopt;
  }
  return std::move(out_);
}

} // namespace locus::packages
