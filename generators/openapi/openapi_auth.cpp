#include "generators/openapi/openapi_auth.h"

namespace locus::openapi {

namespace {

using json = locus::OrderedJson;

json ref(const std::string& kind, const std::string& name) {
  return {{"$ref", "#/components/" + kind + "/" + name}};
}

json jsonContent(const json& schema) {
  return {{"application/json", {{"schema", schema}}}};
}

json answer(const std::string& description, const std::string& schema) {
  return {{"description", description}, {"content", jsonContent(ref("schemas", schema))}};
}

json failure(const std::string& description) {
  return answer(description, "Error");
}

json body(const std::string& schema) {
  return {{"required", true}, {"content", jsonContent(ref("schemas", schema))}};
}

struct AuthOperation {
  const char* path;
  const char* method;
  const char* id;
  std::string summary;
  const char* bodySchema; // "" = no body
  json responses;
  bool setsSession = false;
};

std::vector<AuthOperation> operations(const api::ApiAuth& auth) {
  std::string identity = auth.identityField;
  json session = {{"description", "the session (`locus_session`, HttpOnly) and CSRF (`locus_csrf`) "
                                  "cookies"},
                  {"schema", {{"type", "string"}}}};
  json signedIn = answer("signed in: a new session; the cookies are set", "AuthUser");
  signedIn["headers"] = {{"Set-Cookie", session}};
  json created =
      answer(auth.verifyRequired ? "registered; no session until the emailed link is opened"
                                 : "registered and signed in: a new session; the cookies are set",
             "AuthUser");
  if (!auth.verifyRequired) created["headers"] = {{"Set-Cookie", session}};
  json tooMany = failure("too many attempts from this client (`too_many_attempts`) or a locked " +
                         identity + " (`locked`)");
  json badToken = failure("invalid fields, or a link that was used, replaced or has expired "
                          "(`invalid_token`)");
  return {
      {"/auth/signup",
       "post",
       "signup",
       "Register with the identity and a password; a verification mail is sent",
       "AuthSignup",
       {{"201", created},
        {"400", failure("invalid fields (a password under 8 characters, the role chosen)")},
        {"409", failure("this " + identity + " is already registered (`identity_taken`)")}},
       true},
      {"/auth/login",
       "post",
       "login",
       "Log in: a new session replaces the one the request came with",
       "AuthLogin",
       {{"200", signedIn},
        {"400", failure("a missing field")},
        {"401", failure("wrong " + identity + " or password (`invalid_credentials`)")},
        {"403", failure("the " + identity +
                        " is not verified yet (`unverified`; a new link was mailed), or a "
                        "cross-site request (`csrf_failed`)")},
        {"429", tooMany}},
       true},
      {"/auth/logout",
       "post",
       "logout",
       "End the session",
       "",
       {{"204", {{"description", "signed out; the session is deleted and the cookies cleared"}}}}},
      {"/auth/me",
       "get",
       "me",
       "The signed-in user",
       "",
       {{"200", answer("the user of this session", "AuthUser")},
        {"401", failure("not signed in (`unauthenticated`)")}}},
      {"/auth/verify",
       "post",
       "verifyEmail",
       "Confirm the email address with the token of the verification mail's link",
       "AuthToken",
       {{"200", answer("the address is verified", "AuthVerified")}, {"400", badToken}}},
      {"/auth/forgot",
       "post",
       "forgotPassword",
       "Ask for a password-reset mail; the answer is the same whether or not the " + identity +
           " is registered",
       "AuthForgot",
       {{"202", answer("a mail is on its way if the " + identity + " is registered", "AuthSent")},
        {"400", failure("a missing field")},
        {"429", failure("too many attempts from this client (`too_many_attempts`)")}}},
      {"/auth/reset",
       "post",
       "resetPassword",
       "Choose a new password with the token of the reset mail's link; every session of the "
       "user ends",
       "AuthReset",
       {{"200", answer("the password is changed; log in again", "AuthResetDone")},
        {"400", badToken}}},
  };
}

json object(json properties, json required) {
  return {{"type", "object"}, {"properties", properties}, {"required", required}};
}

json password() {
  return {{"type", "string"}, {"minLength", 8}, {"writeOnly", true}};
}

} // namespace

const std::vector<std::string>& authSchemaNames() {
  static const std::vector<std::string> names = {"AuthSignup", "AuthLogin",    "AuthUser",
                                                 "AuthToken",  "AuthForgot",   "AuthReset",
                                                 "AuthSent",   "AuthVerified", "AuthResetDone"};
  return names;
}

void writeAuthPaths(JsonStream& out, const api::ApiAuth& auth) {
  for (const AuthOperation& op : operations(auth)) {
    json operation = {{"tags", {"auth"}}, {"operationId", op.id}, {"summary", op.summary}};
    if (std::string(op.method) != "get")
      operation["parameters"] = json::array({ref("parameters", "CsrfToken")});
    if (*op.bodySchema) operation["requestBody"] = body(op.bodySchema);
    json responses = op.responses;
    if (std::string(op.method) != "get" && !responses.contains("403"))
      responses["403"] = failure("a cross-site request or a missing CSRF token (`csrf_failed`)");
    responses["500"] = ref("responses", "InternalError");
    operation["responses"] = responses;
    if (op.setsSession) operation["security"] = json::array({json::object()});
    out.key(op.path).value(json{{op.method, operation}});
  }
}

void writeAuthSchemas(JsonStream& out, const api::ApiAuth& auth) {
  const std::string& identity = auth.identityField;
  json identityText = {{"type", "string"}};
  out.key("AuthSignup")
      .value(json{{"description", "the user's fields, except the password and role fields, "
                                  "and the password"},
                  {"allOf",
                   {ref("schemas", auth.userEntity + "Write"),
                    object({{"password", password()}}, {"password"})}}});
  out.key("AuthLogin")
      .value(object(
          {{identity, identityText}, {"password", {{"type", "string"}, {"writeOnly", true}}}},
          json::array({identity, "password"})));
  out.key("AuthUser")
      .value(object(
          {{"user", ref("schemas", auth.userEntity)},
           {"verified",
            {{"type", "boolean"}, {"description", "whether the email address was confirmed"}}}},
          {"user"}));
  out.key("AuthToken").value(object({{"token", {{"type", "string"}}}}, {"token"}));
  out.key("AuthForgot").value(object({{identity, identityText}}, {identity}));
  out.key("AuthReset")
      .value(object({{"token", {{"type", "string"}}}, {"password", password()}},
                    json::array({"token", "password"})));
  out.key("AuthSent").value(object({{"sent", {{"const", true}}}}, {"sent"}));
  out.key("AuthVerified").value(object({{"verified", {{"const", true}}}}, {"verified"}));
  out.key("AuthResetDone").value(object({{"reset", {{"const", true}}}}, {"reset"}));
}

json sessionCookieScheme() {
  return {{"type", "apiKey"},
          {"in", "cookie"},
          {"name", "locus_session"},
          {"description", "the session of /auth/login or /auth/signup (HttpOnly, SameSite=Lax)"}};
}

json csrfTokenParameter() {
  return {{"name", "X-CSRF-Token"},
          {"in", "header"},
          {"required", false},
          {"description", "the value of the `locus_csrf` cookie; required when the request "
                          "carries a session cookie (403 `csrf_failed` otherwise)"},
          {"schema", {{"type", "string"}}}};
}

void writeCsrfParameter(JsonStream& out, bool auth) {
  if (!auth) return;
  out.key("parameters").beginArray().value(ref("parameters", "CsrfToken")).end();
}

} // namespace locus::openapi
