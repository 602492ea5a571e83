// The /auth routes of `auth { }` in the OpenAPI document (sign-up, login, logout, me, verify,
// forgot, reset), their body schemas, the session cookie as a security scheme and the CSRF
// header every unsafe request with a session must send (docs/auth.md). Only programs with auth
// get any of it, so every other document is unchanged.
#pragma once

#include "compiler/base/json_text.h"
#include "compiler/base/ordered_json.h"
#include "generators/common/api_model.h"

namespace locus::openapi {

// The names this part adds to components/schemas.
const std::vector<std::string>& authSchemaNames();

// Writes the path items of the /auth routes (keys and values) into the open "paths" object.
void writeAuthPaths(JsonStream& out, const api::ApiAuth& auth);
// The schemas of their bodies and answers (keys and values) into the open "schemas" object.
void writeAuthSchemas(JsonStream& out, const api::ApiAuth& auth);

// components/securitySchemes/sessionCookie and components/parameters/CsrfToken.
locus::OrderedJson sessionCookieScheme();
locus::OrderedJson csrfTokenParameter();
// Writes `"parameters": [{"$ref": CsrfToken}]` into an unsafe operation (POST, PUT, PATCH,
// DELETE) of a program with auth; nothing otherwise.
void writeCsrfParameter(JsonStream& out, bool auth);

} // namespace locus::openapi
