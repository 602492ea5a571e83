// Locus plugin SDK for C++: protocol v1, header-only, needs only nlohmann/json.
//
//   #include "locus_plugin.hpp"
//   int main() {
//     locus_plugin::Plugin plugin("my-plugin", "1.0.0");
//     plugin.hook("onPostValidate", [](const nlohmann::json& program) {
//       return nlohmann::json{{"diagnostics", nlohmann::json::array()}};
//     });
//     plugin.step("resize", [](const nlohmann::json& params, const nlohmann::json& context) {
//       return nlohmann::json{{"ok", true}};
//     });
//     plugin.generator("docs", [](const nlohmann::json& ir, const nlohmann::json& options) {
//       return nlohmann::json{{"files", {{"README.md", "..."}}}};
//     });
//     return plugin.run();
//   }
//
// After the Plugin is constructed, fd 1 (std::cout, printf) goes to stderr (the host's log,
// attributed to the plugin): the protocol uses a private copy of the original stdout. Throw
// locus_plugin::Error(message, diagnostics) for a semantic error with located diagnostics. See
// docs/plugin-protocol.md.
#pragma once

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace locus_plugin {

using json = nlohmann::json;
inline constexpr int kProtocolVersion = 1;

struct Error : std::runtime_error {
  explicit Error(const std::string& message, json diagnostics = json::array(), int code = -32000)
      : std::runtime_error(message), diagnostics(std::move(diagnostics)), code(code) {}
  json diagnostics;
  int code;
};

class Plugin {
public:
  using Hook = std::function<json(const json& params)>;
  using Step = std::function<json(const json& params, const json& context)>;
  using Generator = std::function<json(const json& ir, const json& options)>;

  Plugin(std::string name, std::string version)
      : name_(std::move(name)), version_(std::move(version)) {
    std::fflush(stdout);
    protocolFd_ = dup(1);
    dup2(2, 1);
  }

  Plugin& hook(const std::string& name, Hook handler) {
    return hooks_[name] = std::move(handler), *this;
  }
  Plugin& step(const std::string& kind, Step handler) {
    return steps_[kind] = std::move(handler), *this;
  }
  Plugin& generator(const std::string& name, Generator handler) {
    return generators_[name] = std::move(handler), *this;
  }
  // The host's initialize params (core, permissions, workspace, ...), set before any hook runs.
  const json& init() const { return init_; }

  // Serves requests until `shutdown` or end of input. Returns the process exit code.
  int run() {
    for (;;) {
      json message;
      if (!readMessage(message)) return 0;
      json id = message.value("id", json());
      std::string method = message.value("method", "");
      if (method == "shutdown") {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"result", json::object()}});
        return 0;
      }
      json reply = answer(method, message.value("params", json::object()), id);
      if (!id.is_null()) send(reply);
    }
  }

private:
  json answer(const std::string& method, const json& params, const json& id) {
    try {
      return {{"jsonrpc", "2.0"}, {"id", id}, {"result", dispatch(method, params)}};
    } catch (const Error& error) {
      json object = {{"code", error.code}, {"message", error.what()}};
      if (!error.diagnostics.empty()) object["data"] = {{"diagnostics", error.diagnostics}};
      return {{"jsonrpc", "2.0"}, {"id", id}, {"error", object}};
    } catch (const std::exception& error) {
      std::cerr << "internal error in " << method << ": " << error.what() << std::endl;
      return {{"jsonrpc", "2.0"},
              {"id", id},
              {"error",
               {{"code", -32603}, {"message", std::string("internal error: ") + error.what()}}}};
    }
  }

  json dispatch(const std::string& method, const json& params) {
    if (method == "initialize") {
      init_ = params;
      json hooks = json::array(), steps = json::array(), generators = json::array();
      for (const auto& entry : hooks_) hooks.push_back(entry.first);
      for (const auto& entry : steps_) steps.push_back(entry.first);
      for (const auto& entry : generators_) generators.push_back(entry.first);
      return {{"name", name_},  {"version", version_}, {"protocol", kProtocolVersion},
              {"hooks", hooks}, {"steps", steps},      {"generators", generators}};
    }
    if (method == "executeStep") {
      auto found = steps_.find(params.value("kind", ""));
      if (found == steps_.end())
        throw Error("unknown step kind '" + params.value("kind", "") + "'", json::array(), -32601);
      json context = {{"runId", params.value("runId", json())},
                      {"stepId", params.value("stepId", json())},
                      {"attempt", params.value("attempt", json())}};
      return {{"output", found->second(params.value("params", json()), context)}};
    }
    if (method == "generate") {
      auto found = generators_.find(params.value("generator", ""));
      if (found == generators_.end())
        throw Error("unknown generator '" + params.value("generator", "") + "'", json::array(),
                    -32601);
      return found->second(params.value("ir", json()), params.value("options", json::object()));
    }
    auto found = hooks_.find(method);
    if (found == hooks_.end())
      throw Error("method '" + method + "' is not handled by this plugin", json::array(), -32601);
    json result = found->second(params);
    return result.is_null() ? json::object() : result;
  }

  bool readByte(char& c) {
    for (;;) {
      ssize_t got = ::read(0, &c, 1);
      if (got == 1) return true;
      if (got < 0 && errno == EINTR) continue;
      return false;
    }
  }

  bool readMessage(json& message) {
    std::string header;
    while (header.size() < 4 || header.compare(header.size() - 4, 4, "\r\n\r\n") != 0) {
      char c;
      if (!readByte(c) || header.size() > 1024) return false;
      header += c;
    }
    std::size_t at = header.find(':');
    if (at == std::string::npos) return false;
    std::size_t length = std::stoul(header.substr(at + 1));
    std::string body(length, '\0');
    for (std::size_t done = 0; done < length;) {
      ssize_t got = ::read(0, body.data() + done, length - done);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      done += static_cast<std::size_t>(got);
    }
    message = json::parse(body, nullptr, false);
    return !message.is_discarded();
  }

  void send(const json& message) {
    std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    for (std::size_t done = 0; done < frame.size();) {
      ssize_t put = ::write(protocolFd_, frame.data() + done, frame.size() - done);
      if (put < 0 && errno == EINTR) continue;
      if (put <= 0) return;
      done += static_cast<std::size_t>(put);
    }
  }

  std::string name_, version_;
  int protocolFd_ = 1;
  json init_ = json::object();
  std::map<std::string, Hook> hooks_;
  std::map<std::string, Step> steps_;
  std::map<std::string, Generator> generators_;
};

} // namespace locus_plugin
