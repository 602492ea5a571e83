#include "generators/common/ir_get.h"
#include "generators/react/react_modules.h"

#include "generators/react/ts_expr.h"
#include "generators/react/ts_names.h"
#include "generators/react/ts_stmt.h"
#include "generators/react/ts_types.h"

namespace locus::react {

std::string sessionUserPrelude(const CodeScope& scope, int readsBefore, const std::string& indent) {
  if (scope.currentUserReads == readsBefore) return "";
  return indent + "const currentUser = await rt.sessionUser();" + (indent.empty() ? " " : "\n");
}

std::string actionCode(const Json& action, CodeScope& scope, const std::string& in,
                       bool asProperty) {
  CodeContext saved = scope.context;
  scope.context = CodeContext::Action;
  scope.push();
  std::string params;
  for (const Json& p : get(action, "params")) {
    std::string name = p.value("name", "");
    bool optional = get(p, "type").value("optional", false);
    std::string text = safeIdent(name) + (optional && get(p, "default").is_null() ? "?" : "") +
                       ": " + tsPropType(get(p, "type"));
    if (!get(p, "default").is_null()) text += " = " + std::string("__default__");
    params += (params.empty() ? "" : ", ") + text;
    scope.declare(name, Local{get(p, "type"), "", ""});
  }
  // Defaults are compiled after every parameter is declared (a default may name an earlier one).
  for (const Json& p : get(action, "params")) {
    if (get(p, "default").is_null()) continue;
    size_t at = params.find("__default__");
    params.replace(at, 11, compileExpr(get(p, "default"), scope));
  }
  std::string result =
      get(action, "returnType").is_object() ? tsType(get(action, "returnType")) : "void";
  std::string body;
  int reads = scope.currentUserReads;
  compileBlock(get(action, "body"), scope, in + "  ", body);
  body = sessionUserPrelude(scope, reads, in + "  ") + body;
  scope.pop();
  scope.context = saved;
  std::string name = safeIdent(action.value("name", ""));
  if (asProperty)
    return in + name + " = async (" + params + "): Promise<" + result + "> => {\n" + body + in +
           "};";
  return in + "async function " + name + "(" + params + "): Promise<" + result + "> {\n" + body +
         in + "}";
}

} // namespace locus::react
