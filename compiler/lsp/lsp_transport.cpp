#include "compiler/lsp/lsp_transport.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace locus::lsp {

bool Transport::fill() {
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(in_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    eof_ = true;
    return false;
  }
}

// A complete frame at the front of the buffer (removed), or nullopt when more bytes are needed.
// A header block without Content-Length yields an empty frame (a framing error).
std::optional<std::string> Transport::takeFrame() {
  size_t headerEnd = buffer_.find("\r\n\r\n");
  if (headerEnd == std::string::npos) return std::nullopt;
  size_t length = std::string::npos;
  size_t pos = 0;
  while (pos < headerEnd) {
    size_t eol = buffer_.find("\r\n", pos);
    std::string line = buffer_.substr(pos, eol - pos);
    static const std::string key = "content-length:";
    if (line.size() > key.size()) {
      std::string lower = line.substr(0, key.size());
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == key) length = std::strtoul(line.c_str() + key.size(), nullptr, 10);
    }
    pos = eol + 2;
  }
  if (length == std::string::npos) return std::string();
  if (buffer_.size() < headerEnd + 4 + length) return std::nullopt;
  std::string body = buffer_.substr(headerEnd + 4, length);
  buffer_.erase(0, headerEnd + 4 + length);
  return body;
}

bool Transport::waitReadable(int timeoutMs, int wakeFd) {
  if (buffer_.find("\r\n\r\n") != std::string::npos || eof_) return true;
  pollfd p[2] = {{in_, POLLIN, 0}, {wakeFd, POLLIN, 0}};
  int r = ::poll(p, wakeFd >= 0 ? 2 : 1, timeoutMs);
  return r > 0 && p[0].revents != 0;
}

std::optional<nlohmann::json> Transport::read() {
  for (;;) {
    if (std::optional<std::string> frame = takeFrame()) {
      if (frame->empty()) return std::nullopt;
      nlohmann::json message = nlohmann::json::parse(*frame, nullptr, false);
      if (message.is_discarded()) return nlohmann::json{{"invalid", true}};
      return message;
    }
    if (eof_ || !fill()) return std::nullopt;
  }
}

void Transport::write(const nlohmann::json& message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = ::write(out_, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

} // namespace locus::lsp
