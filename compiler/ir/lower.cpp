// lowerToIr: the top level of the IR. Every section is always present (possibly empty), so a
// consumer needs no existence checks; type aliases do not appear: they are resolved into the
// types that use them.
#include "compiler/ir/ir.h"

#include "compiler/ir/lower_context.h"

namespace locus {

namespace ir {

Json Context::span(const Span& s) const {
  if (!s.valid() || s.file >= sources_.size()) return nullptr;
  Json j;
  j["file"] = sources_.file(s.file).path;
  j["line"] = s.line;
  j["col"] = s.col;
  j["length"] = s.length;
  return j;
}

} // namespace ir

nlohmann::ordered_json lowerToIr(const ast::File& program, const SourceSet& sources) {
  ir::Context cx(program, sources);
  ir::Json j;
  j["irVersion"] = kIrVersion;
  j["entities"] = ir::lowerEntities(cx);
  j["designSystem"] = ir::lowerDesignSystem(cx);
  j["pages"] = ir::lowerContainers(program.pages, cx);
  j["components"] = ir::lowerContainers(program.components, cx);
  j["stores"] = ir::lowerContainers(program.stores, cx);
  ir::Json actions = ir::Json::array();
  for (const ast::Action& a : program.actions) actions.push_back(ir::lowerAction(a, cx));
  j["actions"] = std::move(actions);
  j["workflows"] = ir::lowerWorkflows(cx);
  j["uploads"] = ir::lowerUploads(cx);
  return j;
}

} // namespace locus
