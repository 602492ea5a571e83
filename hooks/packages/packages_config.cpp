#include "hooks/packages/packages_config.h"

#include "hooks/packages/registry_index.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace locus::packages {

namespace fs = std::filesystem;

const RegistryConfig* PackagesConfig::byUrl(const std::string& url) const {
  for (const RegistryConfig& r : registries)
    if (r.url == url) return &r;
  return nullptr;
}

const RegistryConfig* PackagesConfig::defaultRegistry() const {
  for (const RegistryConfig& r : registries)
    if (r.name == "default") return &r;
  return registries.size() == 1 ? &registries[0] : nullptr;
}

std::optional<long long> parseDuration(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  long long unit = text.back() == 'm'   ? 60
                   : text.back() == 'h' ? 3600
                   : text.back() == 'd' ? 86400
                                        : 0;
  if (!unit) return std::nullopt;
  long long n = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || n > 1000000) return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  return n * unit;
}

PackagesConfig parsePackagesConfig(std::string_view tomlText, const std::string& file) {
  PackagesConfig out;
  toml::table doc;
  try {
    doc = toml::parse(tomlText, file);
  } catch (const toml::parse_error& e) {
    out.problems.push_back(file + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
    return out;
  }
  auto at = [&](const toml::node& n) {
    return file + ":" + std::to_string(n.source().begin.line) + ":" +
           std::to_string(n.source().begin.column) + ": ";
  };
  if (const toml::table* regs = doc["registries"].as_table())
    for (const auto& [key, node] : *regs) {
      const toml::table* t = node.as_table();
      std::string name(key.str());
      if (!t) {
        out.problems.push_back(at(node) + "[registries." + name + "] must be a table");
        continue;
      }
      RegistryConfig r{name, (*t)["url"].value_or(std::string()), {}};
      if (r.url.empty())
        out.problems.push_back(at(node) + "[registries." + name + "] needs url = \"…\"");
      if (const toml::array* keys = (*t)["keys"].as_array())
        for (const toml::node& k : *keys) {
          std::string error;
          std::optional<PublicKey> key = parsePublicKey(k.value_or(std::string()), &error);
          if (key)
            r.keys.push_back(*key);
          else
            out.problems.push_back(at(k) + "[registries." + name + "] keys: " + error);
        }
      out.registries.push_back(std::move(r));
    }
  if (const toml::table* p = doc["packages"].as_table()) {
    if (const toml::node* age = p->get("minimumReleaseAge")) {
      std::optional<long long> secs = parseDuration(age->value_or(std::string()));
      if (secs)
        out.minimumReleaseAgeSeconds = *secs;
      else
        out.problems.push_back(at(*age) + "[packages] minimumReleaseAge must be a duration such "
                                          "as \"30m\", \"24h\" or \"7d\"");
    }
    if (const toml::node* ch = p->get("channel")) {
      out.channel = ch->value_or(std::string());
      if (channelRank(out.channel) < 0)
        out.problems.push_back(at(*ch) + "[packages] channel must be draft, beta or ga");
    }
  }
  return out;
}

PackagesConfig readPackagesConfig(const fs::path& projectRoot) {
  fs::path file = projectRoot / "Locus.toml";
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::stringstream s;
  s << in.rdbuf();
  return parsePackagesConfig(s.str(), file.string());
}

} // namespace locus::packages
