// The prop a UI event handler is passed as: `on:click` → `onClick`, `on:dblclick` →
// `onDoubleClick`, `on:buy` → `onBuy`. The checker uses it to find the param of a component that
// receives an event; the React generator to name the prop it writes.
#pragma once

#include <string>

namespace locus {

std::string uiEventProp(const std::string& event);

} // namespace locus
