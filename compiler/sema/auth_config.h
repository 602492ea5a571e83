// What an `auth { }` block says, read once for sema, the IR and tools: which entity is the user
// and which of its fields hold the identity (the login name), the password hash and the role.
// Policies (`access { }` on entities) are the other half; check_auth.cpp checks both.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/sema/symbols.h"

#include <string>
#include <vector>

namespace locus {

struct AuthConfig {
  const ast::Auth* block = nullptr;     // the first `auth { }` of the program; null without one
  const ast::Entity* user = nullptr;    // null when the `user` setting names no entity
  std::string identity, password, role; // field names as written ("" when not set)
  bool verifyRequired = false;          // `verify: required`: no login before the email is verified
};

// The settings of an `auth { }` block, with their meaning (for did-you-mean and docs).
const std::vector<std::string>& authSettingNames(); // user, identity, password, role, verify
// The values of `verify`: whether a login waits for the verification mail's link.
const std::vector<std::string>& authVerifyModes(); // required, optional
// The operations an `access { }` block may name.
const std::vector<std::string>& accessOperationNames(); // read, create, update, delete

// Reads the program's first auth block; reports nothing (checkAuth does).
AuthConfig readAuthConfig(const ast::File& program, const Symbols& symbols);

// The name policies use for the signed-in user.
inline constexpr const char* kCurrentUser = "currentUser";

} // namespace locus
