// `locusc registry serve [DIR] [--root DIR] [--db URL] [--port N]`: a hosted registry on
// 127.0.0.1 until interrupted (the first line printed names the URL; port 0 picks a free one).
// `locusc registry token add OWNER [--pubkey KEY.pub]` prints a new publish token once (only its
// hash is kept) and registers the owner's publisher key; `locusc registry owner add NAME OWNER`
// lets an owner publish a package. The admin commands write the database directly.
#include "compiler/driver/commands.h"

#include "compiler/base/file_bytes.h"
#include "compiler/driver/registry_fixture_runner.h"
#include "hooks/packages/minisign.h"
#include "hooks/registry/registry_server.h"

#include <llvm/Support/raw_ostream.h>

#include <cctype>

namespace locus {

namespace {

std::unique_ptr<registry::RegistryStore> storeFor(const RegistryCommandOptions& o,
                                                  const char* verb) {
  std::string error;
  std::unique_ptr<registry::RegistryStore> store = registry::openStore(o.root, o.db, &error);
  if (!store) llvm::errs() << "locusc: registry " << verb << ": " << error << "\n";
  return store;
}

bool validOwner(const std::string& owner) {
  if (owner.empty() || owner.size() > 64) return false;
  for (char c : owner)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

} // namespace

int runRegistryServe(const RegistryCommandOptions& o) {
  if (o.port < 0 || o.port > 65535) {
    llvm::errs() << "locusc: registry serve: --port must be 0..65535\n";
    return 2;
  }
  registry::ServeOptions options;
  options.root = o.root;
  options.db = o.db;
  options.port = o.port;
  options.runFixtures = pluginTestRunner();
  options.onListening = [](int bound) {
    llvm::outs() << "serving http://127.0.0.1:" << bound << "\n";
    llvm::outs().flush();
  };
  if (std::string error = registry::serveRegistry(options); !error.empty()) {
    llvm::errs() << "locusc: registry serve: " << error << "\n";
    return 2;
  }
  return 0;
}

int runRegistryTokenAdd(const std::string& owner, const std::string& pubKeyFile,
                        const RegistryCommandOptions& o) {
  if (!validOwner(owner)) {
    llvm::errs() << "locusc: registry token add: '" << owner
                 << "' is not an owner name (letters, digits, '-', '_', '.'; at most 64)\n";
    return 2;
  }
  std::optional<registry::OwnerKey> key;
  if (!pubKeyFile.empty()) {
    std::optional<std::string> text = readFileBytes(pubKeyFile);
    std::string error = text ? "" : "cannot read it";
    std::optional<packages::PublicKey> parsed =
        text ? packages::parsePublicKey(*text, &error) : std::nullopt;
    if (!parsed) {
      llvm::errs() << "locusc: registry token add: " << pubKeyFile << ": " << error << "\n";
      return 2;
    }
    key =
        registry::OwnerKey{packages::keyIdText(parsed->keyId), packages::publicKeyBase64(*parsed)};
  }
  std::unique_ptr<registry::RegistryStore> store = storeFor(o, "token add");
  if (!store) return 2;
  if (key)
    if (registry::StoreResult r = store->addKey(owner, *key); !r) {
      llvm::errs() << "locusc: registry token add: " << r.error << "\n";
      return 2;
    }
  std::string error;
  std::optional<std::string> token = store->addToken(owner, &error);
  if (!token) {
    llvm::errs() << "locusc: registry token add: " << error << "\n";
    return 2;
  }
  llvm::outs() << *token << "\n";
  llvm::errs() << "a publish token for '" << owner << "'"
               << (key ? " (publisher key " + key->keyId + ")" : "")
               << "; it is shown only now: keep it in a file for --token-file\n";
  return 0;
}

int runRegistryOwnerAdd(const std::string& package, const std::string& owner,
                        const RegistryCommandOptions& o) {
  if (!validOwner(owner)) {
    llvm::errs() << "locusc: registry owner add: '" << owner << "' is not an owner name\n";
    return 2;
  }
  std::unique_ptr<registry::RegistryStore> store = storeFor(o, "owner add");
  if (!store) return 2;
  if (registry::StoreResult r = store->addOwner(package, owner); !r) {
    llvm::errs() << "locusc: registry owner add: " << r.error << "\n";
    return 2;
  }
  llvm::outs() << owner << " now owns " << package << "\n";
  return 0;
}

} // namespace locus
