// `locusc plugin pack | keygen | sign | verify`: making and checking a signed plugin package.
#include "compiler/driver/commands.h"
#include "compiler/driver/plugin_package_io.h"

#include "hooks/packages/minisign.h"
#include "hooks/packages/pack.h"
#include "hooks/packages/packages_config.h"
#include "hooks/packages/unpack.h"

#include <llvm/Support/raw_ostream.h>

#include <ctime>
#include <filesystem>

namespace locus {

namespace fs = std::filesystem;

int runPluginPack(const std::string& dir, const std::string& output) {
  packages::PackResult packed = packages::packPlugin(dir);
  for (const std::string& e : packed.errors) llvm::errs() << "locusc: pack: " << e << "\n";
  if (!packed.errors.empty()) return 1;
  fs::path out = output.empty() ? fs::path(packed.fileName()) : fs::path(output);
  std::error_code ec;
  if (fs::is_directory(out, ec)) out /= packed.fileName(); // `-o dist/`: the usual name in it
  if (std::string err = writeBinaryFile(out, packed.archive, false); !err.empty()) {
    llvm::errs() << "locusc: pack: " << err << "\n";
    return 2;
  }
  llvm::outs() << "packed " << packed.index.name << " " << packed.index.version << " ("
               << packed.index.files.size() << " files, " << packed.archive.size() << " bytes) to "
               << out.string() << "\n";
  return 0;
}

int runPluginKeygen(const std::string& output) {
  fs::path prefix = output.empty() ? fs::path("locus-publisher") : fs::path(output);
  fs::path secret = prefix.string() + ".key", pub = prefix.string() + ".pub";
  std::error_code ec;
  if (fs::exists(secret, ec) || fs::exists(pub, ec)) {
    llvm::errs() << "locusc: keygen: " << secret.string() << " or " << pub.string()
                 << " already exists; choose another name with -o PREFIX\n";
    return 2;
  }
  packages::KeyPair pair = packages::generateKeyPair();
  if (std::string err = writeBinaryFile(secret, packages::formatSecretKeyFile(pair), true);
      !err.empty() ||
      !(err = writeBinaryFile(pub, packages::formatPublicKeyFile(pair.publicKey), false)).empty()) {
    llvm::errs() << "locusc: keygen: " << err << "\n";
    return 2;
  }
  llvm::outs() << "key " << packages::keyIdText(pair.publicKey.keyId)
               << "\n  secret: " << secret.string()
               << " (keep it private)\n  public: " << pub.string()
               << "\nusers trust it with, in Locus.toml:\n  [registries.default]\n  keys = [\""
               << packages::publicKeyBase64(pair.publicKey) << "\"]\n";
  return 0;
}

int runPluginSign(const std::string& file, const std::string& keyFile) {
  if (keyFile.empty()) {
    llvm::errs() << "locusc: sign: give the secret key with --key FILE (from `locusc plugin "
                    "keygen`)\n";
    return 2;
  }
  std::optional<std::string> bytes = readBinaryFile(file), keyText = readBinaryFile(keyFile);
  if (!bytes || !keyText) {
    llvm::errs() << "locusc: sign: cannot read " << (bytes ? keyFile : file) << "\n";
    return 2;
  }
  std::string error;
  std::optional<packages::KeyPair> pair = packages::parseSecretKeyFile(*keyText, &error);
  if (!pair) {
    llvm::errs() << "locusc: sign: " << keyFile << ": " << error << "\n";
    return 2;
  }
  std::string comment = "timestamp:" + std::to_string(std::time(nullptr)) +
                        "\tfile:" + fs::path(file).filename().string() + "\thashed";
  std::string sigFile = file + ".minisig";
  if (std::string err =
          writeBinaryFile(sigFile, packages::signDetached(*pair, *bytes, comment), false);
      !err.empty()) {
    llvm::errs() << "locusc: sign: " << err << "\n";
    return 2;
  }
  llvm::outs() << "signed " << file << " with key " << packages::keyIdText(pair->publicKey.keyId)
               << " -> " << sigFile << "\n";
  return 0;
}

int runPluginVerify(const std::string& project, const std::string& file,
                    const std::string& pubKeyFile) {
  std::optional<std::string> bytes = readBinaryFile(file), sig = readBinaryFile(file + ".minisig");
  if (!bytes || !sig) {
    llvm::errs() << "locusc: verify: cannot read " << (bytes ? file + ".minisig" : file) << "\n";
    return 2;
  }
  std::vector<packages::PublicKey> keys;
  if (!pubKeyFile.empty()) {
    std::optional<std::string> text = readBinaryFile(pubKeyFile);
    std::string error;
    std::optional<packages::PublicKey> key =
        text ? packages::parsePublicKey(*text, &error) : std::nullopt;
    if (!key) {
      llvm::errs() << "locusc: verify: " << pubKeyFile << ": " << (text ? error : "cannot read")
                   << "\n";
      return 2;
    }
    keys.push_back(*key);
  } else {
    for (const packages::RegistryConfig& r : packages::readPackagesConfig(project).registries)
      keys.insert(keys.end(), r.keys.begin(), r.keys.end());
  }
  packages::SignatureCheck check = packages::verifyDetached(*sig, *bytes, keys);
  if (!check.ok) {
    llvm::errs() << "locusc: verify: " << file << ": " << check.error << "\n";
    return 1;
  }
  packages::UnpackResult unpacked = packages::readPackage(*bytes);
  if (!unpacked.contents) {
    llvm::errs() << "locusc: verify: " << file << ": " << unpacked.error << "\n";
    return 1;
  }
  const lockfile::PackageIndex& index = unpacked.contents->index;
  llvm::outs() << file << ": signature by key " << check.keyId << " is good; " << index.name << " "
               << index.version << ", " << index.files.size()
               << " files, every SHA-256 matches\n  trusted comment: " << check.trustedComment
               << "\n";
  return 0;
}

} // namespace locus
