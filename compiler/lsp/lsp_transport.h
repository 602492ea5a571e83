// The LSP base protocol on file descriptors: messages framed by `Content-Length: N\r\n\r\n`.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace locus::lsp {

class Transport {
public:
  Transport(int in, int out) : in_(in), out_(out) {}

  // True when a whole message is buffered or input arrives within `timeoutMs` (-1: wait); false
  // after the timeout or as soon as `wakeFd` (if any) is readable.
  bool waitReadable(int timeoutMs, int wakeFd = -1);
  // The next message; nullopt at end of input or on a framing error (the server then exits).
  std::optional<nlohmann::json> read();
  void write(const nlohmann::json& message);

private:
  bool fill(); // reads more bytes; false at end of input
  std::optional<std::string> takeFrame();

  int in_;
  int out_;
  std::string buffer_;
  bool eof_ = false;
};

} // namespace locus::lsp
