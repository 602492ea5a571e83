// http:// registries (`locusc registry serve`), read with libcurl.
#include "hooks/packages/registry_client.h"

#include <curl/curl.h>

#include <memory>

namespace locus::packages {

namespace {

class HttpRegistry : public RegistryClient {
public:
  HttpRegistry(std::string url, std::string base)
      : url_(std::move(url)), base_(std::move(base)), curl_(curl_easy_init(), curl_easy_cleanup) {}
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
    Fetched<std::vector<std::string>> listed = names();
    if (!listed.value) return {std::nullopt, listed.error};
    std::vector<IndexPackage> out;
    for (const std::string& name : *listed.value) {
      Fetched<IndexPackage> p = package(name);
      if (!p.value) return {std::nullopt, p.error};
      out.push_back(std::move(*p.value));
    }
    return {std::move(out), ""};
  }
  // The listing, 100 names a page.
  Fetched<std::vector<std::string>> names() override {
    std::vector<std::string> out;
    for (int page = 1;; ++page) {
      Fetched<std::string> body = get("/v1/plugins?per_page=100&page=" + std::to_string(page));
      if (!body.value) return {std::nullopt, body.error};
      nlohmann::json doc = nlohmann::json::parse(*body.value, nullptr, false);
      if (!doc.is_object() || !doc.contains("items") || !doc["items"].is_array())
        return {std::nullopt, url_ + ": bad listing"};
      for (const nlohmann::json& item : doc["items"])
        if (item.is_object()) out.push_back(item.value("name", ""));
      if (doc["items"].size() < 100) break;
    }
    return {std::move(out), ""};
  }

  // The server ranks; the pages are read up to kMaxSearchRows.
  Fetched<std::vector<SearchRow>> search(const SearchQuery& q) override {
    std::string query;
    for (auto [key, value] : {std::pair<const char*, const std::string*>{"q", &q.text},
                              {"hook", &q.hook},
                              {"step_kind", &q.stepKind},
                              {"capability", &q.capability},
                              {"compatible", &q.compatible},
                              {"channel", &q.channel}})
      if (!value->empty()) query += std::string("&") + key + "=" + escaped(*value);
    std::vector<SearchRow> out;
    for (int page = 1; out.size() < kMaxSearchRows; ++page) {
      Fetched<std::string> body =
          get("/v1/search?per_page=100&page=" + std::to_string(page) + query);
      if (!body.value) return {std::nullopt, body.error};
      nlohmann::json doc = nlohmann::json::parse(*body.value, nullptr, false);
      if (!doc.is_object() || !doc.contains("items") || !doc["items"].is_array())
        return {std::nullopt, url_ + ": bad search answer"};
      for (const nlohmann::json& item : doc["items"])
        if (item.is_object())
          out.push_back({item.value("name", ""), item.value("version", ""),
                         item.value("channel", ""), item.value("description", ""),
                         item.value("score", 0)});
      if (doc["items"].size() < 100) break;
    }
    return {std::move(out), ""};
  }

private:
  std::string escaped(const std::string& text) {
    char* e = curl_easy_escape(curl_.get(), text.c_str(), static_cast<int>(text.size()));
    std::string out = e ? e : "";
    curl_free(e);
    return out;
  }

  // One handle for every request, so the connection is kept alive between them.
  Fetched<std::string> get(const std::string& path) {
    CURL* c = curl_.get();
    if (!c) return {std::nullopt, url_ + ": libcurl failed to start"};
    std::string body;
    std::string target = base_ + path;
    curl_easy_setopt(c, CURLOPT_URL, target.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(
        c, CURLOPT_WRITEFUNCTION, +[](char* data, size_t, size_t n, void* out) {
          auto* text = static_cast<std::string*>(out);
          if (text->size() + n > kMaxResponseBytes) return size_t{0}; // aborts the transfer
          text->append(data, n);
          return n;
        });
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
      return {std::nullopt, target + ": " + curl_easy_strerror(rc) +
                                (rc == CURLE_WRITE_ERROR ? " (response above the size limit)"
                                                         : " (is the registry running?)")};
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200) return {std::move(body), ""};
    nlohmann::json err = nlohmann::json::parse(body, nullptr, false);
    std::string message = err.is_object() && err.contains("error") && err["error"].is_object()
                              ? err["error"].value("message", body)
                              : body;
    return {std::nullopt, target + ": HTTP " + std::to_string(status) + ": " + message,
            status == 404};
  }

  // Above any package (32 MiB, package_limits.h) or index document a registry serves.
  static constexpr std::size_t kMaxResponseBytes = 64u << 20;
  static constexpr std::size_t kMaxSearchRows = 1000;

  std::string url_;
  std::string base_;
  std::unique_ptr<CURL, void (*)(CURL*)> curl_;
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
