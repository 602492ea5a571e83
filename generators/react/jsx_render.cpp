#include "generators/react/jsx_render.h"
#include "compiler/base/ui_event_props.h"
#include "generators/common/ir_get.h"

#include "generators/react/react_modules.h"
#include "generators/react/ts_expr.h"
#include "generators/react/ts_names.h"
#include "generators/react/ts_stmt.h"
#include "generators/react/ts_types.h"

#include <array>
#include <string_view>

namespace locus::react {

namespace {

struct Markup {
  CodeScope& s;

  std::string children(const Json& nodes, const std::string& in);
  std::string node(const Json& n, const std::string& in);
  std::string element(const Json& el, const std::string& in, const std::string& key);
  std::string loop(const Json& el, const Json& forAttr, const std::string& in, bool wrapChildren);
  std::string chain(const std::vector<const Json*>& branches, const std::string& in);
  std::vector<std::string> attributes(const Json& el);
  std::string handler(const Json& attr);
  void bind(const Json& el, const Json& attr, std::vector<std::string>& out);
  std::string enumOptions(const Json& el, const std::string& in);
};

bool isBlank(const std::string& t) {
  return t.find_first_not_of(" \t\r\n") == std::string::npos;
}

const Json* attrNamed(const Json& el, const std::string& directive, const std::string& name) {
  for (const Json& a : get(el, "attrs")) {
    std::string d = get(a, "directive").is_string() ? get(a, "directive").get<std::string>() : "";
    if (d == directive && (name.empty() || a.value("name", "") == name)) return &a;
  }
  return nullptr;
}

// The events whose target holds a value a person entered (an input's text or checked state):
// only these can supply an action's parameter by themselves.
bool carriesValue(const std::string& event) {
  return event == "change" || event == "input" || event == "blur" || event == "keyup" ||
         event == "keydown";
}

// HTML attributes React's element types declare (others are spread through rt.extraAttrs).
std::string htmlAttrName(const std::string& name) {
  static const std::map<std::string, std::string> renamed = {
      {"class", "className"},     {"for", "htmlFor"},           {"readonly", "readOnly"},
      {"tabindex", "tabIndex"},   {"maxlength", "maxLength"},   {"minlength", "minLength"},
      {"colspan", "colSpan"},     {"rowspan", "rowSpan"},       {"autocomplete", "autoComplete"},
      {"autofocus", "autoFocus"}, {"spellcheck", "spellCheck"}, {"autoplay", "autoPlay"}};
  static constexpr std::array<std::string_view, 44> plain = {
      "id",        "title",       "href",     "src",     "alt",      "type",     "name",
      "value",     "placeholder", "disabled", "checked", "required", "min",      "max",
      "step",      "pattern",     "rows",     "cols",    "target",   "rel",      "role",
      "width",     "height",      "method",   "action",  "hidden",   "lang",     "dir",
      "draggable", "multiple",    "selected", "label",   "accept",   "download", "loop",
      "muted",     "controls",    "poster",   "size",    "wrap",     "open",     "className",
      "htmlFor",   "style"};
  auto it = renamed.find(name);
  if (it != renamed.end()) return it->second;
  for (std::string_view p : plain)
    if (p == name) return name;
  if (name.rfind("data-", 0) == 0 || name.rfind("aria-", 0) == 0) return name;
  return "";
}

bool isNumericAttr(const std::string& prop) {
  return prop == "tabIndex" || prop == "rows" || prop == "cols" || prop == "colSpan" ||
         prop == "rowSpan" || prop == "maxLength" || prop == "minLength" || prop == "size";
}

bool isNumberText(const std::string& text) {
  if (text.empty() || text.size() > 9) return false;
  size_t start = text[0] == '-' ? 1 : 0;
  return start < text.size() && text.find_first_not_of("0123456789", start) == std::string::npos;
}

bool isBindable(const Json& el) {
  std::string tag = el.value("tag", ""), kind = el.value("tagKind", "");
  if (kind == "html") return tag == "input" || tag == "textarea" || tag == "select";
  return kind == "builtin" &&
         (tag == "Input" || tag == "TextArea" || tag == "Select" || tag == "Checkbox" ||
          tag == "Switch" || tag == "Radio" || tag == "TextField");
}

// JSX text and attribute strings have no escapes: control characters go through a TS string.
bool hasControl(const std::string& text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

std::string jsxText(const std::string& text) {
  bool plain = text.find_first_of("{}<>&\"'`\\") == std::string::npos && text.front() != ' ' &&
               text.back() != ' ' && !hasControl(text);
  return plain ? text : "{" + tsString(text) + "}";
}

std::string Markup::children(const Json& nodes, const std::string& in) {
  std::string out;
  if (!nodes.is_array()) return out;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Json& n = nodes[i];
    if (n.value("kind", "") == "element" && n.value("tagKind", "") == "control" &&
        n.value("tag", "") == "if") {
      std::vector<const Json*> branches{&n};
      size_t j = i + 1;
      for (; j < nodes.size(); ++j) {
        const Json& m = nodes[j];
        if (m.value("kind", "") == "text" && isBlank(m.value("text", ""))) continue;
        std::string tag = m.value("tag", "");
        if (m.value("kind", "") != "element" || (tag != "elseif" && tag != "else")) break;
        branches.push_back(&m);
        if (tag == "else") {
          ++j;
          break;
        }
      }
      out += chain(branches, in);
      i = j - 1;
      continue;
    }
    if (n.value("kind", "") == "text" && isBlank(n.value("text", ""))) {
      // A space between two pieces of inline content ({a} {b}) is kept; around elements the
      // collapsed line breaks of the source are dropped, as JSX does.
      auto inlineAt = [&](size_t k) {
        std::string kind = nodes[k].value("kind", "");
        return kind == "interpolation" || (kind == "text" && !isBlank(nodes[k].value("text", "")));
      };
      if (i > 0 && i + 1 < nodes.size() && inlineAt(i - 1) && inlineAt(i + 1))
        out += in + "{\" \"}\n";
      continue;
    }
    out += node(n, in);
  }
  return out;
}

std::string Markup::chain(const std::vector<const Json*>& branches, const std::string& in) {
  std::string out = in + "{";
  bool hasElse = false;
  for (const Json* b : branches) {
    if (b->value("tag", "") == "else") {
      out += "(\n";
      hasElse = true;
    } else {
      const Json* cond = attrNamed(*b, "", "condition");
      std::string c = cond && cond->contains("value") && !get((*cond), "value").is_null()
                          ? compileExpr(get((*cond), "value"), s)
                          : s.unsupported(*b, "<if> without condition");
      out += "(" + c + ") ? (\n";
    }
    out += in + "  <>\n" + children(get((*b), "children"), in + "    ") + in + "  </>\n" + in + ")";
    if (b->value("tag", "") != "else") out += " : ";
  }
  if (!hasElse) out += "null";
  return out + "}\n";
}

std::string Markup::node(const Json& n, const std::string& in) {
  std::string kind = n.value("kind", "");
  if (kind == "text") {
    std::string text = n.value("text", "");
    return isBlank(text) ? "" : in + jsxText(text) + "\n";
  }
  if (kind == "interpolation") {
    const Json& e = get(n, "expr");
    if (e.value("kind", "") == "name" && e.value("name", "") == "children" &&
        !s.local("children") && !s.stateVar("children") && !s.param("children"))
      return in + "{children}\n";
    return in + "{rt.show(" + compileExpr(e, s) + ")}\n";
  }
  if (kind != "element") return "";
  std::string tag = n.value("tag", "");
  if (const Json* forAttr = attrNamed(n, "for", ""))
    return loop(n, *forAttr, in, n.value("tagKind", "") == "control");
  if (n.value("tagKind", "") == "control") {
    if (tag == "slot") {
      const Json* name = attrNamed(n, "", "name");
      if (!name || get((*name), "value").value("kind", "") != "string") return in + "{children}\n";
      std::string slot = get((*name), "value").value("value", "");
      if (!isIdentifier(slot))
        return in + "{" + s.unsupported(n, "slot name '" + slot + "'") + "}\n";
      s.namedSlots.insert(slot);
      return in + "{" + safeIdent(slot) + "}\n";
    }
    return in + "{" + s.unsupported(n, "<" + tag + "> here") + "}\n";
  }
  return element(n, in, "");
}

std::string Markup::loop(const Json& el, const Json& forAttr, const std::string& in,
                         bool wrapChildren) {
  const Json& iterable = get(forAttr, "value");
  std::string iter = compileExpr(iterable, s);
  std::string var =
      get(forAttr, "loopVar").is_string() ? get(forAttr, "loopVar").get<std::string>() : "item";
  std::string index =
      get(forAttr, "indexVar").is_string() ? get(forAttr, "indexVar").get<std::string>() : "";
  // An unnamed index gets a name per nesting depth, so an inner loop never hides an outer one.
  bool named = !index.empty();
  if (!named) index = "index$" + std::to_string(s.locals.size());
  std::string entity = elementEntity(iterable, s);
  Json itemType = typeOfExpr(iterable, s);
  if (itemType.is_object()) itemType["list"] = false;
  std::string listState;
  if (iterable.value("kind", "") == "name" && s.stateVar(iterable.value("name", "")) &&
      !s.local(iterable.value("name", "")))
    listState = iterable.value("name", "");
  s.push();
  s.declare(var, Local{itemType, listState, safeIdent(index)});
  if (named) {
    Json integer = {{"kind", "primitive"}, {"name", "Integer"}};
    s.declare(index, Local{integer, "", ""});
  }
  // The key: the item's primary key when the items are entities, else the position.
  std::string key =
      entity.empty() ? safeIdent(index) : safeIdent(var) + "." + primaryKeyOf(s.program, entity);
  std::string body;
  if (wrapChildren)
    body = in + "  <rt.Fragment key={" + key + "}>\n" + children(get(el, "children"), in + "    ") +
           in + "  </rt.Fragment>\n";
  else
    body = element(el, in + "  ", key);
  s.pop();
  return in + "{(" + iter + " ?? []).map((" + safeIdent(var) + ", " + safeIdent(index) +
         ") => (\n" + body + in + "))}\n";
}

// `<select bind:value={status} />` with no options of its own, bound to an enum: one option per
// value, so the choices stay in step with the enum.
std::string Markup::enumOptions(const Json& el, const std::string& in) {
  std::string tag = el.value("tag", ""), kind = el.value("tagKind", "");
  bool select = (kind == "html" && tag == "select") || (kind == "builtin" && tag == "Select");
  const Json* binding = select ? attrNamed(el, "bind", "value") : nullptr;
  if (!binding) return "";
  Json type = typeOfExpr(get(*binding, "value"), s);
  if (!type.is_object() || !type.contains("enum") || type.value("list", false)) return "";
  std::string out;
  for (const Json& v : type["enum"]["values"]) { // identifiers: plain JSX text and attribute
    std::string value = v.get<std::string>();
    out += in + "<option value=\"" + value + "\">" + value + "</option>\n";
  }
  return out;
}

std::string Markup::element(const Json& el, const std::string& in, const std::string& key) {
  std::string tag = el.value("tag", ""), kind = el.value("tagKind", "");
  std::string name = tag;
  if (kind == "builtin") name = "rt." + tag;
  if (kind == "component") s.usedComponents.insert(tag);
  std::vector<std::string> attrs;
  if (!key.empty()) attrs.push_back("key={" + key + "}");
  for (std::string& a : attributes(el)) attrs.push_back(std::move(a));
  std::string open = "<" + name;
  for (const std::string& a : attrs) open += " " + a;
  std::string inner = children(get(el, "children"), in + "  ");
  if (inner.empty()) inner = enumOptions(el, in + "  ");
  if (inner.empty()) return in + open + " />\n";
  return in + open + ">\n" + inner + in + "</" + name + ">\n";
}

std::string Markup::handler(const Json& attr) {
  const Json& v = get(attr, "value");
  std::string kind = v.value("kind", "");
  if (kind == "name" && !s.local(v.value("name", ""))) {
    std::string n = v.value("name", "");
    if (const Json* action = s.action(n)) {
      std::vector<const Json*> required;
      for (const Json& p : get((*action), "params"))
        if (get(p, "default").is_null() && !get(p, "type").value("optional", false))
          required.push_back(&p);
      if (required.empty()) return "() => rt.runAction(" + safeIdent(n) + "())";
      std::string event = attr.value("name", "");
      if (!carriesValue(event))
        return "() => " + s.unsupported(attr, "on:" + event + " names action '" + n + "', but a " +
                                                  event + " event carries no " +
                                                  "value for its parameters; pass them: on:" +
                                                  event + "={" + n + "(…)}");
      const Json& type = get((*required[0]), "type");
      std::string value = isNumericType(type)   ? "rt.eventNumber(e)"
                          : isBooleanType(type) ? "rt.eventChecked(e)"
                          : isStringType(type)  ? "rt.eventValue(e)"
                                                : "";
      if (required.size() == 1 && !value.empty())
        return "(e: unknown) => rt.runAction(" + safeIdent(n) + "(" + value + "))";
      return "() => " + s.unsupported(attr, "on:" + attr.value("name", "") + " names action '" + n +
                                                "', whose parameters an event cannot " +
                                                "supply; call it: on:" + attr.value("name", "") +
                                                "={" + n + "(…)}");
    }
    return "(e: unknown) => rt.invokeHandler(" + compileExpr(v, s) + ", rt.uiEvent(e))";
  }
  if (kind == "member" && get(v, "object").value("kind", "") == "name" &&
      s.program.stores.count(get(v, "object").value("name", "")))
    return "(e: unknown) => rt.invokeHandler(" + compileExpr(v, s) + ", rt.uiEvent(e))";
  // Any other expression is evaluated like an action body when the event fires.
  CodeContext saved = s.context;
  s.context = CodeContext::Action;
  s.inHandler = true;
  int reads = s.currentUserReads;
  std::string body = compileExpr(v, s);
  body = sessionUserPrelude(s, reads, "") + body;
  s.inHandler = false;
  s.context = saved;
  std::string event = mentionsName(v, "event") ? "const event = rt.uiEvent(e); " : "";
  return "(e: unknown) => { " + event + "rt.runAction((async (): Promise<void> => { " + body +
         "; })()); }";
}

void Markup::bind(const Json& el, const Json& attr, std::vector<std::string>& out) {
  const Json& target = get(attr, "value");
  std::string prop = attr.value("name", "value");
  if (!isBindable(el)) {
    s.warn(attr, "bind:" + prop + " on <" + el.value("tag", "") + ">; bind inputs (input, " +
                     "textarea, select, Input, TextArea, Select, Checkbox, Switch, Radio, " +
                     "TextField)");
    return;
  }
  std::string read = compileExpr(target, s);
  Json type = typeOfExpr(target, s);
  std::string value = prop == "checked"                         ? "rt.eventChecked(e)"
                      : type.is_object() && isNumericType(type) ? "rt.eventNumber(e)"
                                                                : "rt.eventValue(e)";
  // An enum bound to a <select> of its values: the element's text is taken as one of them.
  if (type.is_object() && type.contains("enum") && !type.value("list", false))
    value = "(" + value + " as " + tsBaseType(type) + ")";
  CodeContext saved = s.context;
  s.context = CodeContext::Action;
  std::string write = assignTo(target, "=", value, s);
  s.context = saved;
  if (prop == "checked")
    out.push_back("checked={Boolean(" + read + ")}");
  else
    out.push_back("value={" + read + " ?? \"\"}");
  out.push_back("onChange={(e: unknown) => { " + write + " }}");
}

// Whether a component's markup has `<slot name="…"/>`: its name is a prop like a param.
bool hasNamedSlot(const Json& node, const std::string& name) {
  if (node.is_object() && node.value("tag", "") == "slot" &&
      node.value("tagKind", "") == "control") {
    const Json* attr = attrNamed(node, "", "name");
    if (attr && get(*attr, "value").value("value", "") == name) return true;
  }
  if (node.is_object() || node.is_array())
    for (const Json& child : node)
      if (hasNamedSlot(child, name)) return true;
  return false;
}

std::vector<std::string> Markup::attributes(const Json& el) {
  std::string kind = el.value("tagKind", "");
  const Json* component = nullptr;
  if (kind == "component") {
    auto it = s.program.components.find(el.value("tag", ""));
    if (it != s.program.components.end()) component = it->second;
  }
  auto isParam = [&](const std::string& name) {
    if (name == "key") return true; // React takes `key` on every element
    for (const Json& p : get((*component), "params"))
      if (p.value("name", "") == name) return true;
    return hasNamedSlot(get(*component, "ui"), name);
  };
  bool bound = attrNamed(el, "bind", "value") != nullptr;
  std::vector<std::string> out;
  std::vector<std::string> extra;
  for (const Json& a : get(el, "attrs")) {
    std::string directive =
        get(a, "directive").is_string() ? get(a, "directive").get<std::string>() : "";
    std::string name = a.value("name", "");
    const Json& v = get(a, "value");
    if (directive == "for") continue;
    if (directive == "bind") {
      bind(el, a, out);
      continue;
    }
    if (directive == "on") {
      std::string prop = uiEventProp(name);
      if (component && !isParam(prop)) {
        s.warn(a, "on:" + name + " on component <" + el.value("tag", "") + ">, which has no " +
                      "param '" + prop + "' to receive it; declare `param " + prop + ": Json?`");
        continue;
      }
      if (bound && prop == "onChange") {
        s.warn(a, "on:change together with bind:value on one element; the binding handles " +
                      std::string("change events, so on:change was left out"));
        continue;
      }
      if (prop == "onSubmit" && kind == "html") { // a plain <form> must not reload the page
        out.push_back(
            "onSubmit={(e: unknown) => { rt.uiEvent(e).preventDefault(); const run: (e: " +
            std::string("unknown) => void = ") + handler(a) + "; run(e); }}");
        continue;
      }
      out.push_back(prop + "={" + handler(a) + "}");
      continue;
    }
    if (component && !isParam(name)) {
      s.warn(a, "attribute '" + name + "' on component <" + el.value("tag", "") + ">, which " +
                    "has no such param; it was left out");
      continue;
    }
    std::string prop = kind == "html" ? htmlAttrName(name) : (name == "class" ? "className" : name);
    if (kind != "html" && !isIdentifier(prop)) {
      s.warn(a, "attribute '" + name + "' is not a valid prop name; it was left out");
      continue;
    }
    std::string value;
    if (v.is_null())
      value = "{true}";
    else if (v.value("kind", "") == "string") {
      std::string text = v.value("value", "");
      if (kind == "html" && prop == "style")
        value = "{rt.styleOf(" + tsString(text) + ")}";
      else if (kind == "html" && isNumericAttr(prop) && isNumberText(text))
        value = "{" + text + "}"; // React types these attributes as numbers
      else
        value = text.find_first_of("\"\\\n{}") == std::string::npos && !hasControl(text)
                    ? "\"" + text + "\""
                    : "{" + tsString(text) + "}";
    } else
      value = "{" + compileExpr(v, s) + "}";
    if (kind == "html" && prop.empty()) {
      std::string raw = value.front() == '"' ? value : value.substr(1, value.size() - 2);
      extra.push_back(tsString(name) + ": " + raw);
      continue;
    }
    out.push_back(prop + "=" + value);
  }
  if (!extra.empty()) {
    std::string spread = "{...rt.extraAttrs({ ";
    for (size_t i = 0; i < extra.size(); ++i) spread += (i ? ", " : "") + extra[i];
    out.push_back(spread + " })}");
  }
  return out;
}

} // namespace

std::string renderMarkup(const Json& nodes, CodeScope& scope, const std::string& indent) {
  Markup m{scope};
  return m.children(nodes, indent);
}

} // namespace locus::react
