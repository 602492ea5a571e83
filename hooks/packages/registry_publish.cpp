#include "hooks/packages/registry_publish.h"

#include "hooks/packages/registry_client.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace locus::packages {

namespace {

std::string httpError(const httplib::Result& r, const std::string& url) {
  if (!r) return url + ": " + httplib::to_string(r.error()) + " (is the registry running?)";
  nlohmann::json err = nlohmann::json::parse(r->body, nullptr, false);
  if (err.is_object() && err.contains("error"))
    return url + ": HTTP " + std::to_string(r->status) + " " + err["error"].value("code", "") +
           ": " + err["error"].value("message", "");
  return url + ": HTTP " + std::to_string(r->status) + ": " + r->body;
}

std::optional<httplib::Client> clientFor(const std::string& url, const std::string& token,
                                         std::string& error) {
  std::string rest = url.substr(7);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (token.empty()) {
    error = "no publish token for " + url +
            " (pass --token-file FILE or set LOCUS_REGISTRY_TOKEN; the registry's operator "
            "makes one with `locusc registry token add OWNER`)";
    return std::nullopt;
  }
  std::optional<httplib::Client> client(std::in_place, "http://" + rest);
  client->set_bearer_token_auth(token);
  client->set_read_timeout(300, 0); // publish runs the plugin's fixtures before it answers
  return client;
}

} // namespace

std::string publishPackage(const std::string& url, const std::string& archive,
                           const std::string& signature, const std::string& channel,
                           const std::string& token) {
  if (url.starts_with("file://")) return publishToDirectory(url, archive, signature, channel);
  if (!url.starts_with("http://")) return "registry URL '" + url + "' is not file:// or http://";
  std::string error;
  std::optional<httplib::Client> client = clientFor(url, token, error);
  if (!client) return error;
  httplib::MultipartFormDataItems items = {
      {"package", archive, "package.tgz", "application/gzip"},
      {"signature", signature, "package.tgz.minisig", "text/plain"},
      {"channel", channel, "", ""}};
  httplib::Result r = client->Put("/v1/plugins", items);
  return r && r->status == 201 ? "" : httpError(r, url);
}

std::string changeVersion(const std::string& url, const std::string& name,
                          const std::string& version, const std::optional<std::string>& channel,
                          const std::optional<bool>& yanked, const std::string& token) {
  if (url.starts_with("file://")) return updateInDirectory(url, name, version, channel, yanked);
  if (!url.starts_with("http://")) return "give the registry with --registry file://… or http://…";
  std::string error;
  std::optional<httplib::Client> client = clientFor(url, token, error);
  if (!client) return error;
  nlohmann::json body = nlohmann::json::object();
  if (channel) body["channel"] = *channel;
  if (yanked) body["yanked"] = *yanked;
  httplib::Result r = client->Patch(("/v1/plugins/" + name + "/" + version).c_str(), body.dump(),
                                    "application/json");
  return r && r->status == 200 ? "" : httpError(r, url);
}

} // namespace locus::packages
