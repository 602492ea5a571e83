#include "hooks/worker/stderr_capture.h"

#include <algorithm>

namespace locus::hooks {

namespace {
constexpr std::size_t kMaxLine = 4096;
} // namespace

void StderrCapture::emitLine(std::string line) {
  if (!sink_) return;
  if (line.size() > kMaxLine) line.resize(kMaxLine), line += " [line truncated]";
  sink_(plugin_, line);
}

void StderrCapture::append(std::string_view bytes) {
  std::size_t before = total_;
  total_ += bytes.size();
  recent_.append(bytes);
  if (recent_.size() > cap_) recent_.erase(0, recent_.size() - cap_);
  // Lines go to the log only while under the cap; past it, one note says how the rest is handled.
  if (before >= cap_) {
    if (!announcedDrop_) {
      announcedDrop_ = true;
      emitLine("[stderr exceeded " + std::to_string(cap_) + " bytes; further output is dropped]");
    }
    return;
  }
  bytes = bytes.substr(0, cap_ - before);
  for (std::size_t eol; (eol = bytes.find('\n')) != std::string_view::npos;) {
    partialLine_.append(bytes.substr(0, eol));
    emitLine(std::move(partialLine_));
    partialLine_.clear();
    bytes.remove_prefix(eol + 1);
  }
  partialLine_.append(bytes.substr(0, kMaxLine + 1 - std::min(partialLine_.size(), kMaxLine + 1)));
}

std::string StderrCapture::tail(std::size_t maxBytes) const {
  return recent_.size() <= maxBytes ? recent_ : recent_.substr(recent_.size() - maxBytes);
}

} // namespace locus::hooks
