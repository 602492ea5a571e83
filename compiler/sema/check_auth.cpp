// checkAuth: the `auth { }` block (E1001) and every entity's `access { }` policies (E1002,
// E1003). Policies are a small typed language on purpose: each must become a SQL condition, so
// the API filters lists in the database instead of checking rows after reading them.
#include "compiler/base/suggest.h"
#include "compiler/sema/auth_config.h"
#include "compiler/sema/checks.h"

#include <algorithm>
#include <set>

namespace locus {

namespace {

using ast::ExprKind;

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

const ast::Field* findField(const ast::Entity& entity, const std::string& name) {
  for (const ast::Field& f : entity.fields)
    if (f.name.name == name) return &f;
  return nullptr;
}

std::vector<std::string> scalarFieldNames(const ast::Entity& entity) {
  std::vector<std::string> names;
  if (!findField(entity, "id")) names.push_back("id");
  for (const ast::Field& f : entity.fields)
    if (f.relation == ast::RelationKind::None) names.push_back(f.name.name);
  return names;
}

bool hasAttribute(const ast::Field& f, const std::string& name) {
  return std::any_of(f.attributes.begin(), f.attributes.end(),
                     [&](const ast::Attribute& a) { return a.name.name == name; });
}

// ------------------------------------------------------------------------------ auth block

class AuthChecker {
public:
  AuthChecker(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink)
      : program_(program), symbols_(symbols), sink_(sink) {}

  void check() {
    if (program_.auths.empty()) return;
    const ast::Auth& first = program_.auths.front();
    for (size_t i = 1; i < program_.auths.size(); ++i)
      sink_
          .emit(DiagKind::InvalidAuthBlock, program_.auths[i].span,
                "a program has one `auth { }` block; this is a second one")
          .notes.push_back({first.span, "the first auth block is here"});
    checkSettings(first);
  }

private:
  void checkSettings(const ast::Auth& block) {
    std::set<std::string> seen;
    const ast::Entity* user = nullptr;
    for (const ast::Arg& s : block.settings) {
      const std::string& key = s.name.name;
      const auto& known = authSettingNames();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        sink_.emit(DiagKind::InvalidAuthBlock, s.name.span,
                   "unknown auth setting " + quote(key) + didYouMeanSuffix(key, known) +
                       " (settings: user, identity, password, role, verify)");
        continue;
      }
      if (!seen.insert(key).second) {
        sink_.emit(DiagKind::InvalidAuthBlock, s.name.span,
                   "auth setting " + quote(key) + " is given twice");
        continue;
      }
      if (!s.value || s.value->kind != ExprKind::Name) {
        sink_.emit(DiagKind::InvalidAuthBlock, s.value ? s.value->span : s.name.span,
                   "auth setting " + quote(key) + " takes a bare name (" + bareNameExample(key) +
                       ")");
        continue;
      }
      if (key == "user") user = userEntity(*s.value);
      if (key == "verify") checkVerifyMode(*s.value);
    }
    for (const char* required : {"user", "identity", "password"})
      if (!seen.count(required))
        sink_.emit(DiagKind::InvalidAuthBlock, block.span,
                   std::string("auth block needs `") + required + ": …`");
    if (!user) return;
    for (const ast::Arg& s : block.settings)
      if (s.name.name != "user" && s.name.name != "verify" && s.value &&
          s.value->kind == ExprKind::Name)
        checkUserField(*user, s.name.name, *s.value);
    checkVerifyReachesMailbox(block, *user);
  }

  static std::string bareNameExample(const std::string& key) {
    if (key == "user") return "an entity, e.g. `user: User`";
    if (key == "verify") return "`verify: required` or `verify: optional`";
    return "a field of the user entity, e.g. `" + key + ": " + (key == "identity" ? "email" : key) +
           "`";
  }

  void checkVerifyMode(const ast::Expr& value) {
    const auto& modes = authVerifyModes();
    if (std::find(modes.begin(), modes.end(), value.text) == modes.end())
      sink_.emit(DiagKind::InvalidAuthBlock, value.span,
                 "unknown verify mode " + quote(value.text) + didYouMeanSuffix(value.text, modes) +
                     " (`required`: no login before the email is verified; `optional`: the "
                     "default)");
  }

  // Verification mails go to the identity, so `verify: required` needs an Email identity.
  void checkVerifyReachesMailbox(const ast::Auth& block, const ast::Entity& user) {
    AuthConfig config = readAuthConfig(program_, symbols_);
    if (!config.verifyRequired) return;
    const ast::Field* identity = findField(user, config.identity);
    if (!identity) return; // reported with the identity setting
    ResolvedType t = resolveType(identity->type, symbols_);
    if (t.name == "Email" && !t.list) return;
    const ast::Arg* verify = nullptr;
    for (const ast::Arg& s : block.settings)
      if (s.name.name == "verify") verify = &s;
    sink_
        .emit(DiagKind::InvalidAuthBlock, verify ? verify->name.span : block.span,
              "`verify: required` mails a link to the identity, but the identity field " +
                  quote(identity->name.name) + " is " + t.name + ", not Email")
        .notes.push_back({identity->type.span, "declare it `Email @unique`"});
  }

  const ast::Entity* userEntity(const ast::Expr& value) {
    auto it = symbols_.entities.find(value.text);
    if (it != symbols_.entities.end()) return it->second;
    sink_.emit(DiagKind::InvalidAuthBlock, value.span,
               "unknown entity " + quote(value.text) + " for `user`" +
                   didYouMeanSuffix(value.text, symbols_.entityNames()));
    return nullptr;
  }

  void checkUserField(const ast::Entity& user, const std::string& setting, const ast::Expr& value) {
    const ast::Field* f = findField(user, value.text);
    if (!f || f->relation != ast::RelationKind::None) {
      sink_.emit(DiagKind::InvalidAuthBlock, value.span,
                 "entity " + quote(user.name.name) + " has no field " + quote(value.text) +
                     " for `" + setting + "`" +
                     didYouMeanSuffix(value.text, scalarFieldNames(user)));
      return;
    }
    ResolvedType t = resolveType(f->type, symbols_);
    bool text =
        t.primitive() && !t.list &&
        (t.name == "String" || t.name == "Text" || (setting == "identity" && t.name == "Email"));
    if (!text)
      sink_.emit(DiagKind::InvalidAuthBlock, f->type.span,
                 "the `" + setting + "` field " + quote(f->name.name) + " must be " +
                     (setting == "identity" ? "a String, Email or Text" : "a String or Text") +
                     " field, not " + (t.list ? "a list" : t.name));
    else if (setting == "identity" && !hasAttribute(*f, "unique"))
      sink_
          .emit(DiagKind::InvalidAuthBlock, f->span,
                "the identity field " + quote(f->name.name) +
                    " must be @unique (two users cannot share a login)")
          .suggestion = f->name.name + ": " + t.name + " @unique";
  }

  const ast::File& program_;
  const Symbols& symbols_;
  DiagnosticSink& sink_;
};

// ---------------------------------------------------------------------------------- policies

// The types a policy can speak of. Text covers every string-like column (and DateTime, which
// compares as ISO text against literals); User is `currentUser` itself.
enum class PType { Bool, Number, Text, Null, User, Invalid };

const char* ptypeName(PType t) {
  switch (t) {
  case PType::Bool:
    return "a boolean";
  case PType::Number:
    return "a number";
  case PType::Text:
    return "a string";
  case PType::Null:
    return "null";
  case PType::User:
    return "the current user";
  case PType::Invalid:
    break;
  }
  return "an invalid expression";
}

class PolicyChecker {
public:
  PolicyChecker(const ast::Entity& entity, const AuthConfig& auth, const Symbols& symbols,
                DiagnosticSink& sink)
      : entity_(entity), auth_(auth), symbols_(symbols), sink_(sink) {}

  void check(const ast::Expr& policy, const std::string& operation) {
    PType t = infer(policy);
    if (t != PType::Bool && t != PType::Invalid)
      sink_.emit(DiagKind::InvalidPolicy, policy.span,
                 "the `" + operation + "` policy of " + quote(entity_.name.name) +
                     " must be a boolean expression, not " + ptypeName(t));
  }

private:
  PType fail(const ast::Expr& e, std::string message) {
    sink_.emit(DiagKind::InvalidPolicy, e.span, std::move(message));
    return PType::Invalid;
  }

  PType columnType(const ast::Entity& entity, const ast::Expr& at, const std::string& name) {
    const ast::Field* f = findField(entity, name);
    if (!f) {
      if (name == "id") return PType::Number; // the implicit integer key
      return PType::Invalid;
    }
    if (f->relation != ast::RelationKind::None)
      return fail(at, "relation " + quote(name) +
                          " cannot be used in a policy; compare its foreign key (e.g. `" + name +
                          "Id`)");
    ResolvedType t = resolveType(f->type, symbols_);
    if (!t.primitive() || t.list || t.name == "Json")
      return fail(at, "field " + quote(name) + " (" + (t.list ? "a list" : t.name) +
                          ") cannot be used in a policy; only scalar fields can");
    if (t.name == "Boolean") return PType::Bool;
    if (isNumericType(t.name)) return PType::Number;
    return PType::Text;
  }

  PType inferName(const ast::Expr& e) {
    if (e.text == kCurrentUser) {
      if (!auth_.block)
        return fail(e, "`currentUser` needs an `auth { }` block that names the user entity");
      return PType::User;
    }
    PType t = columnType(entity_, e, e.text);
    if (t != PType::Invalid || findField(entity_, e.text)) return t;
    std::vector<std::string> names = scalarFieldNames(entity_);
    names.push_back(kCurrentUser);
    return fail(e, "unknown name " + quote(e.text) + " in a policy of " + quote(entity_.name.name) +
                       didYouMeanSuffix(e.text, names) +
                       " (a policy sees the row's fields and `currentUser`)");
  }

  PType inferMember(const ast::Expr& e) {
    if (!e.lhs || e.lhs->kind != ExprKind::Name || e.lhs->text != kCurrentUser)
      return fail(e, "only `currentUser.field` can be read with `.` in a policy");
    if (infer(*e.lhs) == PType::Invalid || !auth_.user) return PType::Invalid;
    const ast::Entity& user = *auth_.user;
    if (e.text == auth_.password) return fail(e, "the password hash cannot be used in a policy");
    PType t = columnType(user, e, e.text);
    if (t != PType::Invalid || findField(user, e.text)) return t;
    return fail(e, "the user entity " + quote(user.name.name) + " has no field " + quote(e.text) +
                       didYouMeanSuffix(e.text, scalarFieldNames(user)));
  }

  PType inferUnary(const ast::Expr& e) {
    PType operand = e.lhs ? infer(*e.lhs) : PType::Invalid;
    if (operand == PType::Invalid) return operand;
    if (e.text == "!" || e.text == "not") {
      if (operand != PType::Bool)
        return fail(e, std::string("`!` needs a boolean, not ") + ptypeName(operand));
      return PType::Bool;
    }
    if (operand != PType::Number)
      return fail(e, "`" + e.text + "` needs a number, not " + ptypeName(operand));
    return PType::Number;
  }

  PType inferBinary(const ast::Expr& e) {
    PType l = e.lhs ? infer(*e.lhs) : PType::Invalid;
    PType r = e.rhs ? infer(*e.rhs) : PType::Invalid;
    if (l == PType::Invalid || r == PType::Invalid) return PType::Invalid;
    const std::string& op = e.text;
    if (op == "&&" || op == "||" || op == "and" || op == "or") {
      if (l != PType::Bool || r != PType::Bool)
        return fail(e, "`" + op + "` joins two booleans, not " + ptypeName(l) + " and " +
                           ptypeName(r));
      return PType::Bool;
    }
    if (op == "==" || op == "!=") {
      bool nullSide = l == PType::Null || r == PType::Null;
      if ((l == PType::User || r == PType::User) && !nullSide)
        return fail(e, "`currentUser` can only be compared with null; compare a field, e.g. "
                       "`currentUser.id == ownerId`");
      if (l != r && !nullSide)
        return fail(e, "cannot compare " + std::string(ptypeName(l)) + " with " + ptypeName(r));
      return PType::Bool;
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=") {
      if (l != r || (l != PType::Number && l != PType::Text))
        return fail(e, "`" + op + "` compares two numbers or two strings, not " + ptypeName(l) +
                           " and " + ptypeName(r));
      return PType::Bool;
    }
    return fail(e,
                "operator `" + op + "` is not supported in a policy (use == != < <= > >= && || !)");
  }

  PType infer(const ast::Expr& e) {
    switch (e.kind) {
    case ExprKind::Bool:
      return PType::Bool;
    case ExprKind::Number:
      return PType::Number;
    case ExprKind::String:
      return PType::Text;
    case ExprKind::Null:
      return PType::Null;
    case ExprKind::Name:
      return inferName(e);
    case ExprKind::Member:
      return inferMember(e);
    case ExprKind::Unary:
      return inferUnary(e);
    case ExprKind::Binary:
      return inferBinary(e);
    default:
      return fail(e, std::string("a ") + ast::exprKindName(e.kind) +
                         " expression cannot be used in a policy: policies compare fields, "
                         "`currentUser` and literals, joined with && || !");
    }
  }

  const ast::Entity& entity_;
  const AuthConfig& auth_;
  const Symbols& symbols_;
  DiagnosticSink& sink_;
};

void checkAccessBlock(const ast::Entity& entity, const AuthConfig& auth, const Symbols& symbols,
                      DiagnosticSink& sink) {
  if (!entity.hasAccess) return;
  if (!auth.block) {
    sink.emit(DiagKind::InvalidAccessBlock, entity.accessSpan,
              "access policies need an `auth { user: …, identity: …, password: … }` block: "
              "without it there is no user to check");
    return;
  }
  std::set<std::string> seen;
  PolicyChecker policies(entity, auth, symbols, sink);
  for (const ast::Arg& rule : entity.access) {
    const std::string& op = rule.name.name;
    const auto& known = accessOperationNames();
    if (std::find(known.begin(), known.end(), op) == known.end()) {
      sink.emit(DiagKind::InvalidAccessBlock, rule.name.span,
                "unknown operation " + quote(op) + didYouMeanSuffix(op, known) +
                    " (operations: read, create, update, delete)");
      continue;
    }
    if (!seen.insert(op).second) {
      sink.emit(DiagKind::InvalidAccessBlock, rule.name.span,
                "operation " + quote(op) + " has two policies; join them with && or ||");
      continue;
    }
    if (rule.value) policies.check(*rule.value, op);
  }
}

} // namespace

void checkAuth(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  AuthChecker(program, symbols, sink).check();
  AuthConfig auth = readAuthConfig(program, symbols);
  for (const ast::Database& db : program.databases)
    for (const ast::Entity& e : db.entities) checkAccessBlock(e, auth, symbols, sink);
}

} // namespace locus
