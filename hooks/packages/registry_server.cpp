#include "hooks/packages/registry_server.h"

#include "hooks/packages/registry_client.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace locus::packages {

namespace {

void sendError(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                  "application/json");
}

template <typename T> bool sendFailure(httplib::Response& res, const Fetched<T>& f) {
  if (f.value) return false;
  sendError(res, f.notFound ? 404 : 500, f.notFound ? "not_found" : "registry_error", f.error);
  return true;
}

// GET /v1/plugins?page=&per_page=: the names, a page at a time (per_page at most 100).
void listPlugins(RegistryClient& reg, const httplib::Request& req, httplib::Response& res) {
  auto number = [&](const char* key, long fallback) {
    if (!req.has_param(key)) return fallback;
    try {
      return std::stol(req.get_param_value(key));
    } catch (...) {
      return -1L;
    }
  };
  long page = number("page", 1), perPage = number("per_page", 30);
  if (page < 1 || perPage < 1 || perPage > 100)
    return sendError(res, 400, "bad_request", "page must be >= 1 and per_page 1..100");
  Fetched<std::vector<IndexPackage>> all = reg.all();
  if (sendFailure(res, all)) return;
  nlohmann::json items = nlohmann::json::array();
  std::size_t from = static_cast<std::size_t>((page - 1) * perPage);
  for (std::size_t i = from; i < all.value->size() && i < from + static_cast<std::size_t>(perPage);
       ++i)
    items.push_back({{"name", (*all.value)[i].name}});
  res.set_content(
      nlohmann::json{
          {"items", items}, {"page", page}, {"per_page", perPage}, {"total", all.value->size()}}
          .dump(),
      "application/json");
}

void sendBytes(httplib::Response& res, const Fetched<std::string>& f) {
  if (sendFailure(res, f)) return;
  res.set_content(*f.value, "application/octet-stream");
}

// SIGINT/SIGTERM stop the server from a thread that waits for them (httplib's stop() is not
// async-signal-safe, so no handler calls it).
class StopOnSignal {
public:
  explicit StopOnSignal(httplib::Server& server) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    waiter_ = std::thread([&server, set] {
      int sig = 0;
      sigwait(&set, &sig);
      server.stop();
    });
  }
  ~StopOnSignal() {
    // After a stop without a signal, wake the waiter.
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
  }

private:
  std::thread waiter_;
};

} // namespace

std::string serveRegistry(const ServeOptions& options) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(options.directory, ec);
  std::string error;
  std::unique_ptr<RegistryClient> reg = openRegistry("file://" + dir.string(), &error);
  if (!reg) return error;
  std::mutex lock; // the directory client is not shared between threads
  httplib::Server server;
  server.Get("/v1/plugins", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> hold(lock);
    listPlugins(*reg, req, res);
  });
  server.Get(R"(/v1/plugins/([a-z0-9-]+))",
             [&](const httplib::Request& req, httplib::Response& res) {
               std::lock_guard<std::mutex> hold(lock);
               Fetched<IndexPackage> p = reg->package(req.matches[1]);
               if (sendFailure(res, p)) return;
               res.set_content(toJson(*p.value).dump(), "application/json");
             });
  server.Get(R"(/v1/artifacts/([0-9a-f]{64}))",
             [&](const httplib::Request& req, httplib::Response& res) {
               std::lock_guard<std::mutex> hold(lock);
               sendBytes(res, reg->artifact(req.matches[1]));
             });
  server.Get(R"(/v1/artifacts/([0-9a-f]{64})/signature)",
             [&](const httplib::Request& req, httplib::Response& res) {
               std::lock_guard<std::mutex> hold(lock);
               sendBytes(res, reg->signature(req.matches[1]));
             });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && res.body.empty())
      sendError(res, 404, "not_found", "no such resource: " + req.path);
  });
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
    if (port < 0) return "cannot bind a port on 127.0.0.1";
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    return "cannot listen on 127.0.0.1:" + std::to_string(port) + " (in use? pick another --port)";
  }
  StopOnSignal stopper(server);
  if (options.onListening) options.onListening(port);
  server.listen_after_bind();
  return "";
}

} // namespace locus::packages
