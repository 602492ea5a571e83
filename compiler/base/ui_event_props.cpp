#include "compiler/base/ui_event_props.h"

#include <cctype>
#include <map>

namespace locus {

std::string uiEventProp(const std::string& event) {
  // React's names for DOM events whose name is not the capitalised event.
  static const std::map<std::string, std::string> names = {{"dblclick", "DoubleClick"},
                                                           {"keydown", "KeyDown"},
                                                           {"keyup", "KeyUp"},
                                                           {"keypress", "KeyPress"},
                                                           {"mouseenter", "MouseEnter"},
                                                           {"mouseleave", "MouseLeave"},
                                                           {"mouseover", "MouseOver"},
                                                           {"mouseout", "MouseOut"},
                                                           {"mousedown", "MouseDown"},
                                                           {"mouseup", "MouseUp"},
                                                           {"mousemove", "MouseMove"},
                                                           {"contextmenu", "ContextMenu"},
                                                           {"focusin", "Focus"},
                                                           {"focusout", "Blur"},
                                                           {"touchstart", "TouchStart"},
                                                           {"touchend", "TouchEnd"},
                                                           {"touchmove", "TouchMove"},
                                                           {"pointerdown", "PointerDown"},
                                                           {"pointerup", "PointerUp"},
                                                           {"pointermove", "PointerMove"},
                                                           {"dragstart", "DragStart"},
                                                           {"dragend", "DragEnd"},
                                                           {"dragover", "DragOver"},
                                                           {"dragenter", "DragEnter"},
                                                           {"dragleave", "DragLeave"},
                                                           {"animationend", "AnimationEnd"},
                                                           {"transitionend", "TransitionEnd"}};
  auto it = names.find(event);
  if (it != names.end()) return "on" + it->second;
  std::string out = event;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return "on" + out;
}

} // namespace locus
