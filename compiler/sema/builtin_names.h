// Names the language provides without a declaration: JavaScript-style globals visible in UI
// expressions and code bodies, built-in functions, DOM events, built-in UI components and the
// data functions. One list each, shared by check_ui, check_code and check_workflows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace locus {

// Globals usable in UI expressions and action bodies: console, Math, JSON, Date, window, …
bool isGlobalName(std::string_view name);
// Functions callable by a bare name: now(), uuid(), len(), log(), redirect(), … (data functions
// excluded; see isDataFunction).
bool isBuiltinFunction(std::string_view name);
const std::vector<std::string>& builtinFunctionNames();
// find, findOne, create, update, delete.
bool isDataFunction(std::string_view name);
// DOM events accepted by `on:` (click, change, input, submit, keydown, …).
bool isDomEvent(std::string_view name);
const std::vector<std::string>& domEventNames();
// Capitalised tags supplied by the runtime (Stack, Button, Input, Text, …).
// HTML and SVG elements the generated TSX may use as lowercase tags (React's intrinsics).
const std::vector<std::string>& htmlElementNames();
bool isHtmlElement(std::string_view tag);
bool isBuiltinComponent(std::string_view tag);
// The setter convention: `setCount` for state variable `count` ("" if `name` is not setX-shaped).
std::string stateNameOfSetter(std::string_view name);

} // namespace locus
