// The params of one hook call: a JSON value, or a JSON object the host has already written as
// text. A whole-program payload (the AST at onPostValidate, the IR at onPreGenerate) is written
// once per hook with the fast writer and shared by every plugin it goes to: the request frame
// splices the text in, and the host never parses it back.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace locus::hooks {

class HookParams {
public:
  // A value that outlives the dispatch (not copied), a temporary (moved in), or a literal.
  HookParams(const nlohmann::json& value) : borrowed_(&value) {}
  HookParams(nlohmann::json&& value) : owned_(std::move(value)) {}
  HookParams(nlohmann::json::initializer_list_t init) : owned_(nlohmann::json(init)) {}
  // `objectText` must be one JSON object.
  static HookParams ofText(std::shared_ptr<const std::string> objectText) {
    HookParams p(nlohmann::json(nullptr));
    p.text_ = std::move(objectText);
    return p;
  }

  // The text, when the params were given as text; else null.
  const std::string* text() const { return text_.get(); }
  // The params as a value: the given one, or the text parsed on first use (for transports that
  // take values, such as the in-process fakes of tests).
  const nlohmann::json& value() const {
    if (borrowed_) return *borrowed_;
    if (text_ && owned_.is_null()) owned_ = nlohmann::json::parse(*text_);
    return owned_;
  }

private:
  const nlohmann::json* borrowed_ = nullptr;
  mutable nlohmann::json owned_;
  std::shared_ptr<const std::string> text_;
};

} // namespace locus::hooks
