#include "compiler/sema/auth_config.h"

namespace locus {

const std::vector<std::string>& authSettingNames() {
  static const std::vector<std::string> names = {"user", "identity", "password", "role", "verify"};
  return names;
}

const std::vector<std::string>& authVerifyModes() {
  static const std::vector<std::string> modes = {"required", "optional"};
  return modes;
}

const std::vector<std::string>& accessOperationNames() {
  static const std::vector<std::string> names = {"read", "create", "update", "delete"};
  return names;
}

namespace {

// A setting's value when it is a bare name (`user: User`), else "".
std::string nameValue(const ast::Arg& setting) {
  if (!setting.value || setting.value->kind != ast::ExprKind::Name) return "";
  return setting.value->text;
}

} // namespace

AuthConfig readAuthConfig(const ast::File& program, const Symbols& symbols) {
  AuthConfig config;
  if (program.auths.empty()) return config;
  config.block = &program.auths.front();
  for (const ast::Arg& s : config.block->settings) {
    const std::string& key = s.name.name;
    std::string value = nameValue(s);
    if (key == "user") {
      auto it = symbols.entities.find(value);
      if (!config.user && it != symbols.entities.end()) config.user = it->second;
    } else if (key == "identity" && config.identity.empty()) {
      config.identity = value;
    } else if (key == "password" && config.password.empty()) {
      config.password = value;
    } else if (key == "role" && config.role.empty()) {
      config.role = value;
    } else if (key == "verify") {
      config.verifyRequired = value == "required";
    }
  }
  return config;
}

} // namespace locus
