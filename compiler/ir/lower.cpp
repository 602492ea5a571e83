// lowerToIr: the top level of the IR. Every section is always present (possibly empty), so a
// consumer needs no existence checks; type aliases do not appear: they are resolved into the
// types that use them.
#include "compiler/ir/ir.h"

#include "compiler/ir/lower_context.h"

#include <filesystem>
#include <future>

namespace locus {

namespace ir {

Context::Context(const ast::File& program, const SourceSet& sources, const std::string& pathBase)
    : program_(program), sources_(sources), symbols_(buildSymbols(program)) {
  for (size_t id = 0; id < sources.size(); ++id) {
    std::string path = irSpanPath(sources.file(static_cast<FileId>(id)).path, pathBase);
    paths_.push_back(path);
  }
}

Json Context::span(const Span& s) const {
  if (!s.valid() || s.file >= paths_.size()) return nullptr;
  return jsonObject("file", paths_[s.file], "line", s.line, "col", s.col, "length", s.length);
}

} // namespace ir

std::string irSpanPath(const std::string& path, const std::string& pathBase) {
  if (pathBase.empty()) return path;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path base = fs::absolute(pathBase, ec).lexically_normal();
  fs::path rel = fs::absolute(path, ec).lexically_normal().lexically_relative(base);
  return rel.empty() ? path : rel.generic_string();
}

locus::OrderedJson lowerToIr(const ast::File& program, const SourceSet& sources,
                             const LowerOptions& options) {
  ir::Context cx(program, sources, options.pathBase);
  // The sections are independent (the context is read-only), so the large ones lower on their
  // own threads; the result is assembled in the documented key order.
  auto async = [](auto fn) { return std::async(std::launch::async, std::move(fn)); };
  auto entities = async([&] { return ir::lowerEntities(cx); });
  auto pages = async([&] { return ir::lowerContainers(program.pages, cx); });
  auto workflows = async([&] { return ir::lowerWorkflows(cx); });
  ir::Json components = ir::lowerContainers(program.components, cx);
  ir::Json j;
  j["irVersion"] = kIrVersion;
  j["entities"] = entities.get();
  if (!program.auths.empty()) j["auth"] = ir::lowerAuth(cx, j["entities"]);
  j["designSystem"] = ir::lowerDesignSystem(cx);
  j["pages"] = pages.get();
  j["components"] = std::move(components);
  j["stores"] = ir::lowerContainers(program.stores, cx);
  ir::Json actions = ir::Json::array();
  for (const ast::Action& a : program.actions) actions.push_back(ir::lowerAction(a, cx));
  j["actions"] = std::move(actions);
  j["workflows"] = workflows.get();
  j["uploads"] = ir::lowerUploads(cx);
  if (!program.enums.empty()) {
    ir::Json enums = ir::Json::array();
    for (const ast::EnumDecl& e : program.enums) enums.push_back(ir::enumJson(e));
    j["enums"] = std::move(enums);
  }
  return j;
}

} // namespace locus
