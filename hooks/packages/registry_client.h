// Reading from (and, for directory registries, writing to) a plugin registry. Two kinds share one
// index format (registry_index.h):
//   file:///DIR         a plain directory: DIR/index/NAME.json, DIR/artifacts/SHA256.tgz and
//                       SHA256.tgz.minisig; offline, or served by any static file server
//   http://HOST:PORT    `locusc registry serve` (docs/plugins/packages.md, "Registry API")
#pragma once

#include "hooks/packages/registry_index.h"
#include "hooks/packages/search.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace locus::packages {

template <typename T> struct Fetched {
  std::optional<T> value;
  std::string error;     // set when value is not
  bool notFound = false; // the registry answered that there is no such thing
};

class RegistryClient {
public:
  virtual ~RegistryClient() = default;
  virtual const std::string& url() const = 0;
  virtual Fetched<IndexPackage> package(const std::string& name) = 0;
  virtual Fetched<std::string> artifact(const std::string& sha256) = 0;
  virtual Fetched<std::string> signature(const std::string& sha256) = 0;
  // Every package (search, did-you-mean); a registry may cap it.
  virtual Fetched<std::vector<IndexPackage>> all() = 0;
  // Every package's name (the typosquatting check): cheaper than all() over HTTP.
  virtual Fetched<std::vector<std::string>> names();
  // Ranked search (search.h); an HTTP registry answers it itself (/v1/search).
  virtual Fetched<std::vector<SearchRow>> search(const SearchQuery& query);
};

// nullptr with `error` set for an unsupported or malformed URL.
std::unique_ptr<RegistryClient> openRegistry(const std::string& url, std::string* error);

// Directory registries: publish a verified package (its .tgz and .minisig bytes) and change a
// version's channel or yanked flag. Error text or "".
std::string publishToDirectory(const std::string& url, const std::string& archive,
                               const std::string& signature, const std::string& channel);
std::string updateInDirectory(const std::string& url, const std::string& name,
                              const std::string& version, const std::optional<std::string>& channel,
                              const std::optional<bool>& yanked);

} // namespace locus::packages
