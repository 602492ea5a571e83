// The design system: the merged token tree (merge.cpp already joined every design_system block),
// each leaf with its dotted path (colors.light.primary) and its literal value.
#include "compiler/ir/lower_context.h"

namespace locus::ir {

namespace {

Json lowerToken(const ast::TokenEntry& t, const std::string& parent, const Context& cx) {
  std::string path = parent.empty() ? t.key.name : parent + "." + t.key.name;
  Json j;
  j["kind"] = t.isGroup ? "tokenGroup" : "token";
  j["key"] = t.key.name;
  j["path"] = path;
  if (t.isGroup) {
    Json entries = Json::array();
    for (const ast::TokenEntry& e : t.group) entries.push_back(lowerToken(e, path, cx));
    j["entries"] = std::move(entries);
  } else {
    std::optional<Json> v = t.value ? literalJson(*t.value) : std::nullopt;
    j["value"] = v ? *v : Json(nullptr);
    j["valueKind"] = t.value ? ast::exprKindName(t.value->kind) : "null";
  }
  j["span"] = cx.span(t.span);
  return j;
}

} // namespace

Json lowerDesignSystem(const Context& cx) {
  const std::vector<ast::DesignSystem>& blocks = cx.program().designSystems;
  if (blocks.empty()) return nullptr;
  Json sections = Json::array();
  for (const ast::DesignSystem& d : blocks) // one after merging; several only if unmerged
    for (const ast::TokenEntry& t : d.sections) sections.push_back(lowerToken(t, "", cx));
  Json j;
  j["kind"] = "designSystem";
  j["sections"] = std::move(sections);
  j["span"] = cx.span(blocks.front().span);
  return j;
}

} // namespace locus::ir
