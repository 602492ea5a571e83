#include "hooks/protocol/framing.h"

#include <cctype>
#include <charconv>

namespace locus::hooks {

namespace {
constexpr std::string_view kHeaderEnd = "\r\n\r\n";

bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string printable(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 40)) {
    if (std::isprint(static_cast<unsigned char>(c)))
      out += c;
    else
      out += '.';
  }
  return out;
}

// The header field name must be a token; a byte that cannot start or continue one (e.g. `{` from
// a plugin that printed JSON without a frame) is reported at once instead of after the size cap.
std::size_t firstNonTokenBeforeColon(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ':') return std::string_view::npos;
    if (!isTokenChar(line[i])) return i;
  }
  return std::string_view::npos;
}
} // namespace

std::string encodeFrame(std::string_view body) {
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  frame.append(body);
  return frame;
}

FrameReader::Status FrameReader::fail(std::string message) {
  violation_ = std::move(message);
  return Status::Violation;
}

FrameReader::Status FrameReader::parseHeader(std::size_t headerEnd) {
  std::string_view block(buffer_.data(), headerEnd);
  bool haveLength = false;
  while (!block.empty()) {
    std::size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return fail("malformed header line '" + printable(line) + "' (expected 'Name: value')");
    std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (equalsIgnoreCase(name, "Content-Type")) continue;
    if (!equalsIgnoreCase(name, "Content-Length"))
      return fail("unknown header '" + printable(name) + "' (only Content-Length and " +
                  "Content-Type are allowed)");
    if (haveLength) return fail("duplicate Content-Length header");
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec != std::errc{} || end != value.data() + value.size() || value.empty())
      return fail("Content-Length '" + printable(value) + "' is not a decimal number");
    if (length > limits_.maxMessageBytes)
      return fail("message of " + std::to_string(length) + " bytes exceeds the cap of " +
                  std::to_string(limits_.maxMessageBytes) + " bytes");
    bodyLength_ = length;
    haveLength = true;
  }
  if (!haveLength) return fail("frame header without Content-Length");
  buffer_.erase(0, headerEnd + kHeaderEnd.size());
  inBody_ = true;
  return Status::NeedMore;
}

FrameReader::Status FrameReader::next(std::string& body) {
  if (!violation_.empty()) return Status::Violation;
  if (!inBody_) {
    std::size_t end = buffer_.find(kHeaderEnd);
    std::string_view scanned(buffer_.data(), std::min(end, buffer_.size()));
    std::size_t bad = firstNonTokenBeforeColon(scanned.substr(0, scanned.find("\r\n")));
    if (bad != std::string_view::npos)
      return fail("bytes outside a frame: '" + printable(scanned.substr(bad)) + "'");
    if (end == std::string::npos) {
      if (buffer_.size() > limits_.maxHeaderBytes)
        return fail("frame header longer than " + std::to_string(limits_.maxHeaderBytes) +
                    " bytes");
      return Status::NeedMore;
    }
    if (end + kHeaderEnd.size() > limits_.maxHeaderBytes)
      return fail("frame header longer than " + std::to_string(limits_.maxHeaderBytes) + " bytes");
    if (parseHeader(end) == Status::Violation) return Status::Violation;
  }
  if (buffer_.size() < bodyLength_) return Status::NeedMore;
  body.assign(buffer_, 0, bodyLength_);
  buffer_.erase(0, bodyLength_);
  inBody_ = false;
  return Status::Frame;
}

} // namespace locus::hooks
