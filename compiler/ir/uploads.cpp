// Upload policies with their limits read out: sizes in bytes (1KB = 1024 B), counts as numbers,
// the normalised mime list, and the store settings.
#include "compiler/ir/lower_context.h"

#include <cmath>
#include <cstdlib>

namespace locus::ir {

namespace {

const ast::Arg* findProp(const std::vector<ast::Arg>& props, const std::string& key) {
  for (const ast::Arg& a : props)
    if (a.name.name == key && a.value) return &a;
  return nullptr;
}

// 512B, 5KB, 8MB, 1.5GB → bytes (the lexer admits only these units).
Json sizeBytes(const std::string& text) {
  char* end = nullptr;
  double n = std::strtod(text.c_str(), &end);
  std::string unit(end);
  double scale = unit == "KB" ? 1024.0 : unit == "MB" ? 1048576.0 : unit == "GB" ? 1073741824.0 : 1;
  return static_cast<int64_t>(std::llround(n * scale));
}

// A store setting written as a bare word or a string.
Json word(const std::vector<ast::Arg>& props, const std::string& key) {
  const ast::Arg* a = findProp(props, key);
  if (!a || (a->value->kind != ast::ExprKind::Name && a->value->kind != ast::ExprKind::String))
    return nullptr;
  return a->value->text;
}

Json lowerField(const ast::UploadField& f, const Context& cx) {
  const ast::Arg* maxSize = findProp(f.props, "maxSize");
  const ast::Arg* maxCount = findProp(f.props, "maxCount");
  bool sized = maxSize && maxSize->value->kind == ast::ExprKind::Size;
  Json j;
  j["kind"] = "uploadField";
  j["name"] = f.name.name;
  j["maxSize"] = sized ? Json(maxSize->value->text) : Json(nullptr);
  j["maxSizeBytes"] = sized ? sizeBytes(maxSize->value->text) : Json(nullptr);
  j["maxCount"] = maxCount ? literalJson(*maxCount->value).value_or(nullptr) : Json(nullptr);
  j["mime"] = f.mime;
  j["required"] = f.required;
  j["span"] = cx.span(f.span);
  return j;
}

Json lowerUpload(const ast::Upload& u, const Context& cx) {
  Json fields = Json::array();
  for (const ast::UploadField& f : u.fields) fields.push_back(lowerField(f, cx));
  Json store;
  store["strategy"] = word(u.store, "strategy");
  store["path"] = word(u.store, "path");
  store["naming"] = word(u.store, "naming");
  store["span"] = cx.span(u.storeSpan.valid() ? u.storeSpan : u.span);
  Json j;
  j["kind"] = "upload";
  j["name"] = u.name.name;
  j["fields"] = std::move(fields);
  j["store"] = std::move(store);
  j["span"] = cx.span(u.span);
  return j;
}

} // namespace

Json lowerUploads(const Context& cx) {
  Json out = Json::array();
  for (const ast::Upload& u : cx.program().uploads) out.push_back(lowerUpload(u, cx));
  return out;
}

} // namespace locus::ir
