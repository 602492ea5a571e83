// The template data of server/src/auth.ts and server/src/policy.ts, for programs whose IR has an
// `auth` section (docs/auth.md).
#pragma once

#include "compiler/base/ordered_json.h"

namespace locus::express {

// The argon2 binding the generated server depends on (pinned in scripts/node/package.json).
inline constexpr const char* kArgon2Version = "2.2.1";

// {userEntityLiteral, identityFieldLiteral, …, policies: [{entityLiteral, read, create, …}]}.
OrderedJson authView(const OrderedJson& ir);

} // namespace locus::express
