#include "hooks/secrets/secret_store.h"

#include "hooks/secrets/redact.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string readAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string toHex(const std::string& bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::string> fromHex(std::string hex) {
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.pop_back();
  std::string out(hex.size() / 2, '\0');
  std::size_t size = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &size, nullptr) != 0 ||
      size * 2 != hex.size())
    return std::nullopt;
  out.resize(size);
  return out;
}

// Writes `text` to `file` through a 0600 temporary and a rename: never a half-written secret file.
bool writePrivate(const fs::path& file, const std::string& text, std::string& error) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path temp = file.string() + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return error = "cannot write " + temp.string(), false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), file.c_str()) != 0)
    return error = "cannot write " + file.string(), false;
  return true;
}

// The key: LOCUS_SECRETS_KEY, else the key file (0600 only), else a new key file when asked.
std::optional<std::string> loadKey(const fs::path& root, bool create, std::string& source,
                                   std::string& error) {
  if (const char* env = std::getenv("LOCUS_SECRETS_KEY"); env && *env) {
    auto key = fromHex(env);
    if (!key || key->size() != crypto_secretbox_KEYBYTES)
      return error = "LOCUS_SECRETS_KEY must be 64 hex digits (a 32-byte key); make one with "
                     "`openssl rand -hex 32`",
             std::nullopt;
    source = "LOCUS_SECRETS_KEY";
    return key;
  }
  fs::path keyFile = secretKeyPath(root);
  struct stat info;
  if (::stat(keyFile.c_str(), &info) == 0) {
    if ((info.st_mode & 077) != 0)
      return error = keyFile.string() + " is readable by others (mode " +
                     std::to_string((info.st_mode >> 6) & 7) +
                     std::to_string((info.st_mode >> 3) & 7) + std::to_string(info.st_mode & 7) +
                     "); run `chmod 600 " + keyFile.string() + "`",
             std::nullopt;
    auto key = fromHex(readAll(keyFile));
    if (!key || key->size() != crypto_secretbox_KEYBYTES)
      return error = keyFile.string() + " does not hold a 32-byte key in hex", std::nullopt;
    source = keyFile.string();
    return key;
  }
  if (!create)
    return error = "no secrets key: set LOCUS_SECRETS_KEY or create " + keyFile.string() +
                   " with `locus secrets set`",
           std::nullopt;
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  crypto_secretbox_keygen(reinterpret_cast<unsigned char*>(key.data()));
  if (!writePrivate(keyFile, toHex(key) + "\n", error)) return std::nullopt;
  source = keyFile.string() + " (created)";
  return key;
}

} // namespace

fs::path secretStorePath(const fs::path& root) {
  return root / ".locus" / "secrets.json";
}

fs::path secretKeyPath(const fs::path& root) {
  return root / ".locus" / "secrets.key";
}

std::optional<SecretStore> SecretStore::open(const fs::path& root, bool createKey,
                                             std::string& error) {
  if (sodium_init() < 0) return error = "libsodium cannot initialise", std::nullopt;
  SecretStore store;
  store.file_ = secretStorePath(root);
  std::error_code ec;
  bool exists = fs::exists(store.file_, ec);
  if (!exists && !createKey) return store; // nothing stored, no key needed
  auto key = loadKey(root, createKey, store.keySource_, error);
  if (!key) return std::nullopt;
  store.key_ = std::move(*key);
  if (!exists) return store;
  json doc = json::parse(readAll(store.file_), nullptr, false);
  if (!doc.is_object() || !doc.value("secrets", json()).is_object())
    return error = store.file_.string() + " is not a secrets file", std::nullopt;
  for (const auto& [name, entry] : doc["secrets"].items()) {
    auto nonce = fromHex(entry.value("nonce", ""));
    auto box = fromHex(entry.value("box", ""));
    std::string plain(box ? box->size() : 0, '\0');
    if (!nonce || !box || nonce->size() != crypto_secretbox_NONCEBYTES ||
        box->size() < crypto_secretbox_MACBYTES ||
        crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                   reinterpret_cast<const unsigned char*>(box->data()), box->size(),
                                   reinterpret_cast<const unsigned char*>(nonce->data()),
                                   reinterpret_cast<const unsigned char*>(store.key_.data())) != 0)
      return error = "secret '" + name + "' in " + store.file_.string() +
                     " does not decrypt with the key from " + store.keySource_ +
                     " (wrong key, or the file was changed)",
             std::nullopt;
    plain.resize(box->size() - crypto_secretbox_MACBYTES);
    registerSecretValue(plain);
    store.values_[name] = std::move(plain);
  }
  return store;
}

std::optional<std::string> SecretStore::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void SecretStore::set(const std::string& name, const std::string& value) {
  registerSecretValue(value);
  values_[name] = value;
}

bool SecretStore::remove(const std::string& name) {
  return values_.erase(name) > 0;
}

std::vector<std::string> SecretStore::names() const {
  std::vector<std::string> out;
  for (const auto& [name, value] : values_) out.push_back(name);
  return out;
}

bool SecretStore::save(std::string& error) const {
  if (key_.size() != crypto_secretbox_KEYBYTES) return error = "no secrets key", false;
  json secrets = json::object();
  for (const auto& [name, value] : values_) {
    std::string nonce(crypto_secretbox_NONCEBYTES, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    std::string box(value.size() + crypto_secretbox_MACBYTES, '\0');
    crypto_secretbox_easy(reinterpret_cast<unsigned char*>(box.data()),
                          reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                          reinterpret_cast<const unsigned char*>(nonce.data()),
                          reinterpret_cast<const unsigned char*>(key_.data()));
    secrets[name] = {{"nonce", toHex(nonce)}, {"box", toHex(box)}};
  }
  json doc = {{"version", 1}, {"cipher", "xsalsa20poly1305"}, {"secrets", secrets}};
  return writePrivate(file_, doc.dump(2) + "\n", error);
}

std::map<std::string, std::string> readDotEnv(const fs::path& root) {
  std::map<std::string, std::string> out;
  std::istringstream lines(readAll(root / ".env"));
  for (std::string line; std::getline(lines, line);) {
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    if (line.compare(start, 7, "export ") == 0) start += 7;
    std::size_t eq = line.find('=', start);
    if (eq == std::string::npos) continue;
    std::string name = line.substr(start, eq - start);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    std::string value = line.substr(eq + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0])
      value = value.substr(1, value.size() - 2);
    out[name] = value;
  }
  return out;
}

std::optional<std::string> lookupSecret(const fs::path& root, const std::string& name,
                                        std::string& error) {
  std::optional<SecretStore> store = SecretStore::open(root, /*createKey=*/false, error);
  if (store)
    if (auto value = store->get(name)) return value;
  // Only the value asked for becomes a secret: `.env` also holds plain settings (PORT=3000).
  std::map<std::string, std::string> env = readDotEnv(root);
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  registerSecretValue(it->second);
  return it->second;
}

} // namespace locus::hooks
