// Wire protocol v1 framing (docs/design/DESIGN.md §5): `Content-Length: N\r\n\r\n` then N bytes of
// JSON, both directions. The reader is strict because a plugin's stdout is untrusted: anything that
// is not a well-formed frame within the caps is a protocol violation, reported at the first bad
// byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace locus::hooks {

struct FrameLimits {
  std::size_t maxHeaderBytes = 1024;              // the whole header block, blank line included
  std::size_t maxMessageBytes = 16 * 1024 * 1024; // the body; manifests set `limits.maxOutputMb`
};

// Wraps one JSON text in a frame.
std::string encodeFrame(std::string_view body);

// Incremental decoder: feed() bytes as they arrive, then call next() until it says NeedMore.
class FrameReader {
public:
  enum class Status { NeedMore, Frame, Violation };

  explicit FrameReader(FrameLimits limits = {}) : limits_(limits) {}

  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // On Frame, `body` holds the message. On Violation, violation() says what was wrong; the
  // reader stays in that state (the stream cannot be resynchronised).
  Status next(std::string& body);
  const std::string& violation() const { return violation_; }
  // True when bytes of an unfinished frame are buffered (a plugin that dies now died mid-reply).
  bool midFrame() const { return inBody_ || !buffer_.empty(); }

private:
  Status fail(std::string message);
  Status parseHeader(std::size_t headerEnd);

  FrameLimits limits_;
  std::string buffer_;
  std::size_t bodyLength_ = 0;
  bool inBody_ = false;
  std::string violation_;
};

} // namespace locus::hooks
