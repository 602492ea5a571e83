// http:// registries (`locusc registry serve`), read with cpp-httplib.
#include "hooks/packages/registry_client.h"

#include <httplib.h>

namespace locus::packages {

namespace {

class HttpRegistry : public RegistryClient {
public:
  HttpRegistry(std::string url, std::string hostPort) : url_(std::move(url)), client_(hostPort) {
    client_.set_connection_timeout(5, 0);
    client_.set_read_timeout(30, 0);
    client_.set_keep_alive(true);
  }
  const std::string& url() const override { return url_; }

  Fetched<IndexPackage> package(const std::string& name) override {
    Fetched<std::string> body = get("/v1/plugins/" + name);
    if (!body.value) return {std::nullopt, body.error, body.notFound};
    std::string error;
    std::optional<IndexPackage> p =
        indexPackageFromJson(nlohmann::json::parse(*body.value, nullptr, false), &error);
    if (!p) return {std::nullopt, url_ + ": " + error};
    return {std::move(p), ""};
  }
  Fetched<std::string> artifact(const std::string& sha256) override {
    return get("/v1/artifacts/" + sha256);
  }
  Fetched<std::string> signature(const std::string& sha256) override {
    return get("/v1/artifacts/" + sha256 + "/signature");
  }
  Fetched<std::vector<IndexPackage>> all() override {
    std::vector<IndexPackage> out;
    for (int page = 1;; ++page) {
      Fetched<std::string> body = get("/v1/plugins?per_page=100&page=" + std::to_string(page));
      if (!body.value) return {std::nullopt, body.error};
      nlohmann::json doc = nlohmann::json::parse(*body.value, nullptr, false);
      if (!doc.is_object() || !doc.contains("items")) return {std::nullopt, url_ + ": bad listing"};
      for (const nlohmann::json& item : doc["items"]) {
        Fetched<IndexPackage> p = package(item.value("name", ""));
        if (!p.value) return {std::nullopt, p.error};
        out.push_back(std::move(*p.value));
      }
      if (doc["items"].size() < 100) break;
    }
    return {std::move(out), ""};
  }

private:
  Fetched<std::string> get(const std::string& path) {
    httplib::Result r = client_.Get(path.c_str());
    if (!r)
      return {std::nullopt,
              url_ + path + ": " + httplib::to_string(r.error()) + " (is the registry running?)"};
    if (r->status == 200) return {r->body, ""};
    nlohmann::json err = nlohmann::json::parse(r->body, nullptr, false);
    std::string message =
        err.is_object() && err.contains("error") ? err["error"].value("message", r->body) : r->body;
    return {std::nullopt, url_ + path + ": HTTP " + std::to_string(r->status) + ": " + message,
            r->status == 404};
  }

  std::string url_;
  httplib::Client client_;
};

} // namespace

std::unique_ptr<RegistryClient> openHttpRegistry(const std::string& url, std::string* error) {
  std::string rest = url.substr(7);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty() || rest.find('/') != std::string::npos) {
    if (error) *error = "registry URL '" + url + "' must be http://host:port";
    return nullptr;
  }
  return std::make_unique<HttpRegistry>(url, "http://" + rest);
}

} // namespace locus::packages
