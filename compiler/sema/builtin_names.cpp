#include "compiler/sema/builtin_names.h"

#include <algorithm>
#include <cctype>

namespace locus {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Browser/JavaScript globals the generated React code can reach. Kept small on purpose: a
// misspelt name should be reported, not silently accepted as a global.
const std::vector<std::string>& globalNames() {
  static const std::vector<std::string> names = {
      "console",      "Math",     "JSON",     "Date",   "window",   "document", "Number",
      "String",       "Boolean",  "Array",    "Object", "Promise",  "Intl",     "navigator",
      "localStorage", "location", "Infinity", "NaN",    "undefined"};
  return names;
}

} // namespace

bool isGlobalName(std::string_view name) {
  return contains(globalNames(), name);
}

const std::vector<std::string>& builtinFunctionNames() {
  static const std::vector<std::string> names = {"now",
                                                 "uuid",
                                                 "len",
                                                 "log",
                                                 "redirect",
                                                 "navigate",
                                                 "alert",
                                                 "confirm",
                                                 "prompt",
                                                 "fetch",
                                                 "parseInt",
                                                 "parseFloat",
                                                 "isNaN",
                                                 "setTimeout",
                                                 "clearTimeout",
                                                 "setInterval",
                                                 "clearInterval",
                                                 "encodeURIComponent",
                                                 "decodeURIComponent",
                                                 "String",
                                                 "Number",
                                                 "Boolean",
                                                 "formatDate",
                                                 "toast"};
  return names;
}

bool isBuiltinFunction(std::string_view name) {
  return contains(builtinFunctionNames(), name);
}

bool isDataFunction(std::string_view name) {
  return name == "find" || name == "findOne" || name == "create" || name == "update" ||
         name == "delete";
}

const std::vector<std::string>& domEventNames() {
  static const std::vector<std::string> names = {
      "click",       "dblclick",     "change",       "input",      "submit",   "reset",
      "keydown",     "keyup",        "keypress",     "focus",      "blur",     "focusin",
      "focusout",    "mouseenter",   "mouseleave",   "mouseover",  "mouseout", "mousedown",
      "mouseup",     "mousemove",    "contextmenu",  "wheel",      "scroll",   "resize",
      "load",        "error",        "select",       "touchstart", "touchend", "touchmove",
      "pointerdown", "pointerup",    "pointermove",  "dragstart",  "drag",     "dragend",
      "dragover",    "dragenter",    "dragleave",    "drop",       "copy",     "cut",
      "paste",       "play",         "pause",        "ended",      "toggle",   "close",
      "open",        "animationend", "transitionend"};
  return names;
}

bool isDomEvent(std::string_view name) {
  return contains(domEventNames(), name);
}

const std::vector<std::string>& htmlElementNames() {
  // React's JSX.IntrinsicElements: HTML, then SVG (what the generated TSX may use as a tag).
  static const std::vector<std::string> names = {"a",
                                                 "abbr",
                                                 "address",
                                                 "area",
                                                 "article",
                                                 "aside",
                                                 "audio",
                                                 "b",
                                                 "base",
                                                 "bdi",
                                                 "bdo",
                                                 "blockquote",
                                                 "body",
                                                 "br",
                                                 "button",
                                                 "canvas",
                                                 "caption",
                                                 "cite",
                                                 "code",
                                                 "col",
                                                 "colgroup",
                                                 "data",
                                                 "datalist",
                                                 "dd",
                                                 "del",
                                                 "details",
                                                 "dfn",
                                                 "dialog",
                                                 "div",
                                                 "dl",
                                                 "dt",
                                                 "em",
                                                 "embed",
                                                 "fieldset",
                                                 "figcaption",
                                                 "figure",
                                                 "footer",
                                                 "form",
                                                 "h1",
                                                 "h2",
                                                 "h3",
                                                 "h4",
                                                 "h5",
                                                 "h6",
                                                 "head",
                                                 "header",
                                                 "hgroup",
                                                 "hr",
                                                 "html",
                                                 "i",
                                                 "iframe",
                                                 "img",
                                                 "input",
                                                 "ins",
                                                 "kbd",
                                                 "label",
                                                 "legend",
                                                 "li",
                                                 "link",
                                                 "main",
                                                 "map",
                                                 "mark",
                                                 "menu",
                                                 "meta",
                                                 "meter",
                                                 "nav",
                                                 "noscript",
                                                 "object",
                                                 "ol",
                                                 "optgroup",
                                                 "option",
                                                 "output",
                                                 "p",
                                                 "picture",
                                                 "pre",
                                                 "progress",
                                                 "q",
                                                 "rp",
                                                 "rt",
                                                 "ruby",
                                                 "s",
                                                 "samp",
                                                 "script",
                                                 "search",
                                                 "section",
                                                 "select",
                                                 "small",
                                                 "source",
                                                 "span",
                                                 "strong",
                                                 "style",
                                                 "sub",
                                                 "summary",
                                                 "sup",
                                                 "table",
                                                 "tbody",
                                                 "td",
                                                 "template",
                                                 "textarea",
                                                 "tfoot",
                                                 "th",
                                                 "thead",
                                                 "time",
                                                 "title",
                                                 "tr",
                                                 "track",
                                                 "u",
                                                 "ul",
                                                 "var",
                                                 "video",
                                                 "wbr",
                                                 "svg",
                                                 "circle",
                                                 "clipPath",
                                                 "defs",
                                                 "desc",
                                                 "ellipse",
                                                 "g",
                                                 "image",
                                                 "line",
                                                 "linearGradient",
                                                 "marker",
                                                 "mask",
                                                 "path",
                                                 "pattern",
                                                 "polygon",
                                                 "polyline",
                                                 "radialGradient",
                                                 "rect",
                                                 "stop",
                                                 "symbol",
                                                 "text",
                                                 "textPath",
                                                 "tspan",
                                                 "use",
                                                 "view",
                                                 "foreignObject"};
  return names;
}

bool isHtmlElement(std::string_view tag) {
  return contains(htmlElementNames(), tag);
}

bool isBuiltinComponent(std::string_view tag) {
  static const std::vector<std::string> names = {
      "Stack", "HStack",    "VStack",   "Box",       "Grid",     "Button",    "Input",
      "Text",  "TextField", "TextArea", "Card",      "List",     "ListItem",  "Image",
      "Link",  "Form",      "Select",   "Option",    "Checkbox", "Radio",     "Switch",
      "Modal", "Dialog",    "Header",   "Footer",    "Nav",      "DataTable", "Table",
      "Badge", "Avatar",    "Icon",     "Spinner",   "Divider",  "Tabs",      "Tab",
      "Alert", "Label",     "Heading",  "Container", "Section",  "Fragment"};
  return contains(names, tag);
}

std::string stateNameOfSetter(std::string_view name) {
  if (name.size() < 4 || name.substr(0, 3) != "set") return "";
  if (!std::isupper(static_cast<unsigned char>(name[3]))) return "";
  std::string state(name.substr(3));
  state[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(state[0])));
  return state;
}

} // namespace locus
