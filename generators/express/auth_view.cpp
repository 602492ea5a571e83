#include "generators/express/auth_view.h"

#include "compiler/base/auth_mail_topic.h"
#include "generators/common/ir_get.h"
#include "generators/common/ts_view.h"
#include "generators/express/policy_parts.h"

namespace locus::express {

namespace {

std::string literalAt(const OrderedJson& node, const char* key) {
  const OrderedJson& v = get(node, key);
  return v.is_string() ? api::tsString(v.get<std::string>()) : "null";
}

// Whether the identity field is an Email (so verification and reset mails can reach the user).
bool identityIsEmail(const OrderedJson& auth, const OrderedJson* user) {
  if (!user) return false;
  for (const OrderedJson& f : get(*user, "fields"))
    if (get(f, "name") == get(get(auth, "identity"), "field")) return get(f, "type") == "Email";
  return false;
}

} // namespace

OrderedJson authView(const OrderedJson& ir) {
  const OrderedJson& auth = get(ir, "auth");
  const OrderedJson* user = nullptr;
  for (const OrderedJson& e : get(ir, "entities"))
    if (get(e, "name") == get(auth, "userEntity")) user = &e;
  static const OrderedJson none = OrderedJson::object();
  OrderedJson policies = OrderedJson::array();
  for (const OrderedJson& e : get(ir, "entities")) {
    const OrderedJson& access = get(e, "access");
    OrderedJson p = jsonObject("entityLiteral", api::tsString(e["name"].get<std::string>()));
    for (const char* op : {"read", "create", "update", "delete"})
      p[op] = policyPiecesTs(get(access, op), e, user ? *user : none);
    policies.push_back(std::move(p));
  }
  return jsonObject("userEntityLiteral", literalAt(auth, "userEntity"), "identityFieldLiteral",
                    literalAt(get(auth, "identity"), "field"), "identityColumnLiteral",
                    literalAt(get(auth, "identity"), "column"), "passwordFieldLiteral",
                    literalAt(get(auth, "password"), "field"), "passwordColumnLiteral",
                    literalAt(get(auth, "password"), "column"), "roleFieldLiteral",
                    literalAt(get(auth, "role"), "field"), "sessionsTableLiteral",
                    api::tsString("locus_sessions"), "failuresTableLiteral",
                    api::tsString("locus_login_failures"), "tokensTableLiteral",
                    api::tsString("locus_auth_tokens"), "verifiedTableLiteral",
                    api::tsString("locus_verified_users"), "verifyRequired",
                    get(auth, "verify") == "required" ? "true" : "false", "identityIsEmail",
                    identityIsEmail(auth, user) ? "true" : "false", "mailTopicLiteral",
                    api::tsString(kAuthMailTopic), "policies", std::move(policies));
}

} // namespace locus::express
