// A plugin's stderr: a log channel only (never data). Lines are handed to the host's log with the
// plugin's name attached; the last bytes are kept for failure reports; volume is capped so a
// flooding plugin cannot exhaust the host's memory.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace locus::hooks {

using StderrLineSink = std::function<void(const std::string& plugin, const std::string& line)>;

class StderrCapture {
public:
  StderrCapture(std::string plugin, std::size_t capBytes, StderrLineSink sink)
      : plugin_(std::move(plugin)), cap_(capBytes), sink_(std::move(sink)) {}

  void append(std::string_view bytes);
  // The last (at most) `maxBytes` of stderr, for a failure message.
  std::string tail(std::size_t maxBytes = 2048) const;
  std::size_t totalBytes() const { return total_; }
  std::size_t droppedBytes() const { return total_ > cap_ ? total_ - cap_ : 0; }

private:
  void emitLine(std::string line);

  std::string plugin_;
  std::size_t cap_;
  StderrLineSink sink_;
  std::string recent_;      // last bytes seen (bounded by cap_)
  std::string partialLine_; // an unfinished line, bounded too
  std::size_t total_ = 0;
  bool announcedDrop_ = false;
};

} // namespace locus::hooks
