#include "generators/templates/mustache_render.h"

namespace locus {

namespace {

// A registered partial seen as data: truthy, no keys, renders as nothing — like kainjow's
// partial value in a variable or section tag.
template <class Json> const Json& partialMarker() {
  static const Json marker = Json::object();
  return marker;
}

template <class Json> bool isFalse(const Json& v) {
  return v.is_null() || (v.is_boolean() && !v.template get<bool>());
}
template <class Json> bool isEmptyList(const Json& v) {
  return v.is_array() && v.empty();
}
template <class Json> bool isText(const Json& v) {
  return v.is_string() || v.is_number() || v.is_binary();
}

template <class Json> class Renderer {
public:
  Renderer(const Json& root, const MustachePartials& partials) : partials_(partials) {
    stack_.push_back(&root);
  }

  std::string run(const MustacheProgram& program) {
    renderNodes(check(program).nodes);
    flushLine(nullptr);
    return std::move(out_);
  }

private:
  static const MustacheProgram& check(const MustacheProgram& program) {
    if (!program.error.empty()) throw MustacheError(program.error);
    return program;
  }

  // One frame's value for `key`.
  const Json* member(size_t frame, const std::string& key) const {
    // The root answers registered partials first, also where a section pushed it again (`{{#.}}`).
    if (stack_[frame] == stack_[0] && partials_.names && partials_.names->count(key))
      return &partialMarker<Json>();
    const Json& item = *stack_[frame];
    if (!item.is_object()) return nullptr;
    auto it = item.find(key);
    return it == item.end() ? nullptr : &*it;
  }

  const Json* lookup(const MustacheNode& tag) const {
    if (tag.text == ".") return stack_.back();
    for (size_t frame = stack_.size(); frame-- > 0;) {
      if (tag.path.empty()) {
        if (const Json* v = member(frame, tag.text)) return v;
        continue;
      }
      const Json* v = member(frame, tag.path[0]);
      for (size_t i = 1; v && i < tag.path.size(); ++i) {
        auto it = v->is_object() ? v->find(tag.path[i]) : v->end();
        v = v->is_object() && it != v->end() ? &*it : nullptr;
      }
      if (v) return v;
    }
    return nullptr;
  }

  void renderNodes(const std::vector<MustacheNode>& nodes) {
    for (const MustacheNode& node : nodes) renderNode(node);
  }

  void renderNode(const MustacheNode& node) {
    switch (node.kind) {
    case MustacheNodeKind::Text:
      out_ += node.text;
      break;
    case MustacheNodeKind::Newline:
      flushLine(&node.text);
      break;
    case MustacheNodeKind::Variable:
      if (const Json* v = lookup(node); v && isText(*v)) appendText(*v);
      break;
    case MustacheNodeKind::Section:
      if (const Json* v = lookup(node); v && !isFalse(*v) && !isEmptyList(*v)) section(node, v);
      break;
    case MustacheNodeKind::Inverted:
      if (const Json* v = lookup(node); !v || isFalse(*v) || isEmptyList(*v)) section(node, v);
      break;
    case MustacheNodeKind::Partial:
      partial(node.text);
      break;
    }
  }

  void appendText(const Json& v) {
    if (v.is_string())
      out_ += v.template get_ref<const std::string&>();
    else
      out_ += v.dump();
  }

  // kainjow's render_section: a non-empty list renders once per item, anything else once.
  void section(const MustacheNode& node, const Json* v) {
    if (v && v->is_array() && !v->empty()) {
      for (const Json& item : *v) {
        lineHadSection_ = true;
        stack_.push_back(&item);
        renderNodes(node.children);
        stack_.pop_back();
        lineHadSection_ = true;
      }
      return;
    }
    lineHadSection_ = true;
    if (v) stack_.push_back(v);
    renderNodes(node.children);
    if (v) stack_.pop_back();
    lineHadSection_ = true;
  }

  // kainjow's get_partial: the nearest frame with the name decides.
  void partial(const std::string& name) {
    for (size_t frame = stack_.size(); frame-- > 0;) {
      const Json* v = member(frame, name);
      if (!v) continue;
      if (v == &partialMarker<Json>()) return renderNodes(check(partials_.load(name)).nodes);
      if (isText(*v)) {
        MustacheProgram inline_ =
            parseMustache(v->is_string() ? v->template get<std::string>() : v->dump());
        return renderNodes(check(inline_).nodes);
      }
      return;
    }
  }

  // The current line is out_[lineStart_, end): written in place and taken back when kainjow's
  // rule drops it, so text is copied once.
  void flushLine(const std::string* newline) {
    bool blank = out_.find_first_not_of(" \t", lineStart_) == std::string::npos;
    if (lineHadSection_ && blank)
      out_.resize(lineStart_);
    else if (newline)
      out_ += *newline;
    lineStart_ = out_.size();
    lineHadSection_ = false;
  }

  const MustachePartials& partials_;
  std::vector<const Json*> stack_;
  std::string out_;
  size_t lineStart_ = 0;
  bool lineHadSection_ = false;
};

template <class Json>
std::string render(const MustacheProgram& program, const Json& data,
                   const MustachePartials& partials) {
  static const Json empty = Json::object();
  return Renderer<Json>(data.is_object() ? data : empty, partials).run(program);
}

} // namespace

std::string renderMustache(const MustacheProgram& program, const nlohmann::json& data,
                           const MustachePartials& partials) {
  return render(program, data, partials);
}
std::string renderMustache(const MustacheProgram& program, const OrderedJson& data,
                           const MustachePartials& partials) {
  return render(program, data, partials);
}

} // namespace locus
