#include "hooks/registry/registry_server.h"

#include "compiler/base/file_bytes.h"
#include "hooks/packages/search.h"
#include "hooks/registry/artifact_files.h"
#include "hooks/registry/registry_catalog.h"
#include "hooks/semver/version.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <pthread.h>
#include <thread>

namespace locus::registry {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Req = httplib::Request;
using Res = httplib::Response;

void sendJson(Res& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void sendError(Res& res, int status, const std::string& code, const std::string& message,
               const json& details = nullptr) {
  json error = {{"code", code}, {"message", message}};
  if (!details.is_null()) error["details"] = details;
  sendJson(res, status, {{"error", error}});
}

// page/per_page (1..1000000 and 1..100, defaults 1 and 30); false after a 400.
bool pageOf(const Req& req, Res& res, long* page, long* perPage) {
  auto number = [&](const char* key, long fallback) {
    if (!req.has_param(key)) return fallback;
    try {
      std::size_t used = 0;
      std::string text = req.get_param_value(key);
      long v = std::stol(text, &used);
      return used == text.size() ? v : -1L;
    } catch (...) {
      return -1L;
    }
  };
  *page = number("page", 1);
  *perPage = number("per_page", 30);
  if (*page >= 1 && *page <= 1'000'000 && *perPage >= 1 && *perPage <= 100) return true;
  sendError(res, 400, "bad_request", "page must be 1..1000000 and per_page 1..100");
  return false;
}

template <typename T, typename F>
json pageItems(const std::vector<T>& all, long page, long perPage, F&& item) {
  json items = json::array();
  std::size_t from = static_cast<std::size_t>((page - 1) * perPage);
  for (std::size_t i = from; i < all.size() && i < from + static_cast<std::size_t>(perPage); ++i)
    items.push_back(item(all[i]));
  return {{"items", items}, {"page", page}, {"per_page", perPage}, {"total", all.size()}};
}

json versionDocument(const std::string& name, const packages::IndexVersion& v) {
  json doc = packages::toJson(v);
  doc["name"] = name;
  return doc;
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

// The API over one store; each handler answers from the catalog or changes the store.
class RegistryApi {
public:
  RegistryApi(RegistryStore& store, const ServeOptions& options)
      : store_(store), catalogs_(store), options_(options) {}

  void route(httplib::Server& server) {
    server.Get("/v1/plugins", [this](const Req& q, Res& r) { list(q, r); });
    server.Get(R"(/v1/plugins/([a-z0-9-]+))", [this](const Req& q, Res& r) { package(q, r); });
    server.Get(R"(/v1/plugins/([a-z0-9-]+)/([^/]+))",
               [this](const Req& q, Res& r) { version(q, r); });
    server.Get("/v1/search", [this](const Req& q, Res& r) { search(q, r); });
    server.Get(R"(/v1/artifacts/([0-9a-f]{64}))",
               [this](const Req& q, Res& r) { artifact(q, r, false); });
    server.Get(R"(/v1/artifacts/([0-9a-f]{64})/signature)",
               [this](const Req& q, Res& r) { artifact(q, r, true); });
    server.Put("/v1/plugins", [this](const Req& q, Res& r) { publish(q, r); });
    server.Patch(R"(/v1/plugins/([a-z0-9-]+)/([^/]+))",
                 [this](const Req& q, Res& r) { change(q, r); });
  }

private:
  std::shared_ptr<const Catalog> catalog(Res& res) {
    std::string error;
    std::shared_ptr<const Catalog> c = catalogs_.current(&error);
    if (!c) sendError(res, 500, "registry_error", error);
    return c;
  }

  void list(const Req& req, Res& res) {
    long page = 0, perPage = 0;
    if (!pageOf(req, res, &page, &perPage)) return;
    std::shared_ptr<const Catalog> c = catalog(res);
    if (!c) return;
    sendJson(res, 200, pageItems(c->packages, page, perPage, [](const packages::IndexPackage& p) {
               const packages::IndexVersion* ga = packages::newestVersion(p, "ga");
               const packages::IndexVersion& last = p.versions.back();
               return json{{"name", p.name},
                           {"description", last.description},
                           {"latest", ga ? json(ga->version) : json(nullptr)}};
             }));
  }

  void package(const Req& req, Res& res) {
    std::shared_ptr<const Catalog> c = catalog(res);
    if (!c) return;
    auto it = c->documents.find(req.matches[1]);
    if (it == c->documents.end())
      return sendError(res, 404, "not_found", "no plugin '" + std::string(req.matches[1]) + "'");
    res.set_content(it->second, "application/json");
  }

  void version(const Req& req, Res& res) {
    std::shared_ptr<const Catalog> c = catalog(res);
    if (!c) return;
    std::string name = req.matches[1], number = req.matches[2];
    const packages::IndexPackage* p = c->find(name);
    const packages::IndexVersion* v = p ? p->find(number) : nullptr;
    if (!v)
      return sendError(res, 404, "not_found",
                       p ? "no version " + number + " of " + name : "no plugin '" + name + "'");
    sendJson(res, 200, versionDocument(name, *v));
  }

  void search(const Req& req, Res& res) {
    long page = 0, perPage = 0;
    if (!pageOf(req, res, &page, &perPage)) return;
    packages::SearchQuery q{req.get_param_value("q"),
                            req.get_param_value("hook"),
                            req.get_param_value("step_kind"),
                            req.get_param_value("capability"),
                            req.get_param_value("compatible"),
                            req.has_param("channel") ? req.get_param_value("channel") : "ga"};
    if (!q.capability.empty() && q.capability != "hooks" && q.capability != "steps" &&
        q.capability != "generators")
      return sendError(res, 400, "bad_request",
                       "capability must be hooks, steps or generators, not '" + q.capability + "'");
    if (!q.compatible.empty() && !semver::parseVersion(q.compatible))
      return sendError(res, 400, "bad_request",
                       "compatible must be a core version such as 0.1.0, not '" + q.compatible +
                           "'");
    if (packages::channelRank(q.channel) < 0)
      return sendError(res, 400, "bad_request", "channel must be draft, beta or ga");
    std::shared_ptr<const Catalog> c = catalog(res);
    if (!c) return;
    std::vector<packages::SearchHit> hits = packages::searchPackages(c->packages, q);
    sendJson(res, 200, pageItems(hits, page, perPage, [](const packages::SearchHit& h) {
               return json{{"name", h.package->name},
                           {"version", h.version->version},
                           {"channel", h.version->channel},
                           {"description", h.version->description},
                           {"score", h.score},
                           {"hooks", h.version->hooks},
                           {"steps", h.version->steps},
                           {"generators", h.version->generators}};
             }));
  }

  void artifact(const Req& req, Res& res, bool signature) {
    std::optional<std::string> bytes = readArtifact(options_.root, req.matches[1], signature);
    if (!bytes)
      return sendError(res, 404, "not_found",
                       "no artifact " + std::string(req.matches[1]) +
                           (signature ? ".minisig" : ""));
    res.set_content(std::move(*bytes), "application/octet-stream");
  }

  // The owner of the request's bearer token; nullopt after a 401 (or a 500).
  std::optional<std::string> authenticate(const Req& req, Res& res) {
    std::string header = req.get_header_value("Authorization");
    if (!header.starts_with("Bearer ") || header.size() <= 7) {
      sendError(res, 401, "unauthorized",
                "this request needs Authorization: Bearer TOKEN (a token from `locusc registry "
                "token add OWNER`)");
      return std::nullopt;
    }
    std::string error;
    std::optional<std::string> owner = store_.ownerOfToken(header.substr(7), &error);
    if (!owner)
      sendError(res, error.empty() ? 401 : 500, error.empty() ? "unauthorized" : "registry_error",
                error.empty() ? "the token is not known to this registry" : error);
    return owner;
  }

  bool ownsOrAbsent(const Catalog& c, const std::string& name, const std::string& owner, Res& res) {
    const packages::IndexPackage* p = c.find(name);
    if (!p || std::find(p->owners.begin(), p->owners.end(), owner) != p->owners.end()) return true;
    sendError(res, 403, "forbidden",
              "'" + owner + "' is not an owner of " + name +
                  (p->owners.empty() ? " (it has none yet; the operator adds one with `locusc "
                                       "registry owner add " +
                                           name + " OWNER`)"
                                     : ""));
    return false;
  }

  void sendStoreFailure(Res& res, const StoreResult& r) {
    if (r.kind == StoreResult::Kind::notFound) return sendError(res, 404, "not_found", r.error);
    if (r.kind == StoreResult::Kind::conflict) return sendError(res, 409, "conflict", r.error);
    if (r.kind == StoreResult::Kind::forbidden) return sendError(res, 403, "forbidden", r.error);
    sendError(res, 500, "registry_error", r.error);
  }

  void publish(const Req& req, Res& res) {
    std::optional<std::string> owner = authenticate(req, res);
    if (!owner) return;
    if (!req.is_multipart_form_data() || !req.has_file("package") || !req.has_file("signature"))
      return sendError(res, 400, "bad_request",
                       "publish is a multipart/form-data PUT with the parts package (the .tgz) "
                       "and signature (its .minisig), and optionally channel");
    std::string channel = req.has_file("channel") ? req.get_file_value("channel").content : "draft";
    if (packages::channelRank(channel) < 0)
      return sendError(res, 400, "bad_request",
                       "unknown channel '" + channel + "' (draft, beta, ga)");
    std::string archive = req.get_file_value("package").content; // (returned by value)
    std::string signature = req.get_file_value("signature").content;
    ValidationCheck failed;
    std::optional<packages::PackageContents> contents = inspectPackage(archive, &failed);
    if (!contents)
      return sendError(
          res, 422, "validation_failed", "pack: " + failed.message,
          json::array({{{"check", failed.name}, {"ok", false}, {"message", failed.message}}}));
    const std::string& name = contents->index.name;
    std::shared_ptr<const Catalog> c = catalog(res);
    if (!c || !ownsOrAbsent(*c, name, *owner, res)) return;
    if (const packages::IndexPackage* p = c->find(name); p && p->find(contents->index.version))
      return sendError(res, 409, "conflict",
                       name + " " + contents->index.version +
                           " is already published; versions are immutable, publish a new version");
    std::string error;
    std::optional<std::vector<OwnerKey>> keys = store_.keysOf(*owner, &error);
    if (!keys) return sendError(res, 500, "registry_error", error);
    Validation v = validatePackage(*contents, archive, signature, *keys, *owner, channel,
                                   options_.runFixtures);
    if (!v.ok()) {
      std::string message;
      for (const ValidationCheck& check : v.checks)
        if (!check.ok) message += (message.empty() ? "" : "; ") + check.name + ": " + check.message;
      return sendError(res, 422, "validation_failed", message, v.toJson());
    }
    if (std::string e = storeArtifact(options_.root, v.version.sha256, archive, signature);
        !e.empty())
      return sendError(res, 500, "registry_error", e);
    if (StoreResult r = store_.insertVersion(name, v.version, *owner); !r)
      return sendStoreFailure(res, r);
    catalogs_.reload(&error);
    json doc = versionDocument(name, v.version);
    doc["checks"] = v.toJson();
    sendJson(res, 201, doc);
  }

  void change(const Req& req, Res& res) {
    std::optional<std::string> owner = authenticate(req, res);
    if (!owner) return;
    json body = json::parse(req.body, nullptr, false);
    std::optional<std::string> channel;
    std::optional<bool> yanked;
    if (body.is_object() && body.contains("channel") && body["channel"].is_string())
      channel = body["channel"].get<std::string>();
    if (body.is_object() && body.contains("yanked") && body["yanked"].is_boolean())
      yanked = body["yanked"].get<bool>();
    if (!body.is_object() || (!channel && !yanked) ||
        body.size() != static_cast<std::size_t>(channel.has_value() + yanked.has_value()))
      return sendError(
          res, 400, "bad_request",
          R"(the body is JSON: {"channel": "beta"|"ga"} and/or {"yanked": true|false})");
    if (channel && packages::channelRank(*channel) < 0)
      return sendError(res, 400, "bad_request",
                       "unknown channel '" + *channel + "' (draft, beta, ga)");
    std::string name = req.matches[1], number = req.matches[2];
    std::shared_ptr<const Catalog> c = catalog(res);
    if (!c) return;
    if (!c->find(name)) return sendError(res, 404, "not_found", "no plugin '" + name + "'");
    if (!ownsOrAbsent(*c, name, *owner, res)) return;
    packages::IndexVersion updated;
    if (StoreResult r = store_.updateVersion(name, number, channel, yanked, &updated); !r)
      return sendStoreFailure(res, r);
    std::string error;
    catalogs_.reload(&error);
    sendJson(res, 200, versionDocument(name, updated));
  }

  RegistryStore& store_;
  CatalogCache catalogs_;
  const ServeOptions& options_;
};

// httplib's own refusals (no route, a body above the limit) as JSON errors too.
void jsonErrors(httplib::Server& server) {
  server.set_error_handler([](const Req& req, Res& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) return sendError(res, 404, "not_found", "no such resource: " + req.path);
    if (res.status == 413)
      return sendError(res, 413, "payload_too_large", "the request is above the registry's limit");
    sendError(res, res.status, res.status < 500 ? "bad_request" : "registry_error",
              "HTTP " + std::to_string(res.status));
  });
  server.set_exception_handler([](const Req&, Res& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    sendError(res, 500, "registry_error", what);
  });
}

} // namespace

std::unique_ptr<RegistryStore> openStore(const fs::path& root, const std::string& db,
                                         std::string* error) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) {
    if (error) *error = root.string() + ": " + ec.message();
    return nullptr;
  }
  std::unique_ptr<RegistryDb> conn = openRegistryDb(db, root, error);
  if (!conn) return nullptr;
  return RegistryStore::open(std::move(conn), error);
}

std::string importDirectoryIndex(RegistryStore& store, const fs::path& root, int* imported) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(root / "index", ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::optional<std::string> text = readFileBytes(file.string());
    std::string error;
    std::optional<packages::IndexPackage> p =
        packages::indexPackageFromJson(json::parse(text.value_or(""), nullptr, false), &error);
    if (!p) return file.string() + ": " + error;
    for (const packages::IndexVersion& v : p->versions) {
      StoreResult r = store.insertVersion(p->name, v, "");
      if (r.kind == StoreResult::Kind::failed) return r.error;
      if (r && imported) ++*imported;
    }
  }
  return "";
}

std::string serveRegistry(const ServeOptions& options) {
  std::string error;
  std::unique_ptr<RegistryStore> store = openStore(options.root, options.db, &error);
  if (!store) return error;
  if (std::string e = importDirectoryIndex(*store, options.root, nullptr); !e.empty()) return e;
  httplib::Server server;
  int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(48u << 20); // a package is at most 32 MiB (package_limits.h)
  server.set_keep_alive_max_count(100000);  // clients keep one connection (default: 5 requests)
  server.set_tcp_nodelay(true); // headers and body go out as separate writes: no Nagle delay
  RegistryApi api(*store, options);
  api.route(server);
  jsonErrors(server);
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

} // namespace locus::registry
