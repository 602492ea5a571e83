#include "generators/templates/mustache_program.h"

#include <cctype>

namespace locus {

namespace {

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && isSpace(s[b])) ++b;
  while (e > b && isSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// kainjow splits with std::getline: empty pieces are kept, except a trailing one.
std::vector<std::string> splitDotted(const std::string& name) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    parts.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

struct Delimiters {
  std::string begin = "{{", end = "}}";
  bool isDefault() const { return begin == "{{" && end == "}}"; }
};

bool validDelimiter(const std::string& d) {
  for (char c : d)
    if (c == '=' || isSpace(c)) return false;
  return true;
}

// `=<% %>=` (already trimmed, starting with '=').
bool parseSetDelimiter(const std::string& contents, Delimiters& delims) {
  if (contents.size() < 5 || contents.back() != '=') return false;
  std::string inner = trim(std::string_view(contents).substr(1, contents.size() - 2));
  size_t space = inner.find(' ');
  if (space == std::string::npos) return false;
  size_t next = inner.find_first_not_of(' ', space + 1);
  if (next == std::string::npos) return false;
  std::string begin = inner.substr(0, space), end = inner.substr(next);
  if (!validDelimiter(begin) || !validDelimiter(end)) return false;
  delims.begin = begin;
  delims.end = end;
  return true;
}

enum class TagKind { Variable, SectionBegin, InvertedBegin, SectionEnd, Partial, Comment };

TagKind classify(bool unescaped, const std::string& contents, std::string& name) {
  if (unescaped || contents.empty()) {
    name = contents;
    return TagKind::Variable;
  }
  TagKind kind = TagKind::Variable;
  switch (contents[0]) {
  case '#': kind = TagKind::SectionBegin; break;
  case '^': kind = TagKind::InvertedBegin; break;
  case '/': kind = TagKind::SectionEnd; break;
  case '>': kind = TagKind::Partial; break;
  case '&': kind = TagKind::Variable; break;
  case '!': kind = TagKind::Comment; break;
  default: name = contents; return TagKind::Variable;
  }
  name = trim(std::string_view(contents).substr(1));
  return kind;
}

MustacheNode tagNode(MustacheNodeKind kind, std::string name, size_t position) {
  MustacheNode node;
  node.kind = kind;
  if (name.find('.') != std::string::npos && name != ".") node.path = splitDotted(name);
  node.text = std::move(name);
  node.position = position;
  return node;
}

class Parser {
public:
  explicit Parser(std::string_view input) : in_(input) { open_.push_back(&program_.nodes); }

  MustacheProgram run() {
    while (pos_ < in_.size() && program_.error.empty()) step();
    if (program_.error.empty()) {
      flushText();
      checkClosed(program_.nodes);
    }
    if (!program_.error.empty()) program_.nodes.clear();
    return std::move(program_);
  }

private:
  void step() {
    if (in_.compare(pos_, delims_.begin.size(), delims_.begin) == 0) {
      flushText();
      parseTag();
      return;
    }
    size_t newline = in_.compare(pos_, 2, "\r\n") == 0 ? 2
                     : (in_[pos_] == '\n' || in_[pos_] == '\r') ? 1
                                                                 : 0;
    if (newline) {
      flushText();
      MustacheNode node;
      node.kind = MustacheNodeKind::Newline;
      node.text = std::string(in_.substr(pos_, newline));
      open_.back()->push_back(std::move(node));
      pos_ += newline;
      return;
    }
    text_ += in_[pos_++];
  }

  void flushText() {
    if (text_.empty()) return;
    MustacheNode node;
    node.text = std::move(text_);
    open_.back()->push_back(std::move(node));
    text_.clear();
  }

  void fail(const std::string& message) { program_.error = message; }

  void parseTag() {
    const size_t start = pos_;
    size_t contents = start + delims_.begin.size();
    const bool unescaped =
        braces_ && start != in_.size() - 2 && contents < in_.size() && in_[contents] == '{';
    const std::string_view close = unescaped ? std::string_view("}}}") : delims_.end;
    if (unescaped) ++contents;
    const size_t end = in_.find(close, contents);
    if (end == std::string_view::npos) return fail("Unclosed tag at " + std::to_string(start));
    const std::string body = trim(in_.substr(contents, end - contents));
    pos_ = end + close.size();
    if (!body.empty() && body[0] == '=') {
      if (!parseSetDelimiter(body, delims_))
        return fail("Invalid set delimiter tag at " + std::to_string(start));
      braces_ = delims_.isDefault();
      return;
    }
    std::string name;
    const TagKind kind = classify(unescaped, body, name);
    switch (kind) {
    case TagKind::Variable:
      open_.back()->push_back(tagNode(MustacheNodeKind::Variable, std::move(name), start));
      break;
    case TagKind::Partial:
      open_.back()->push_back(tagNode(MustacheNodeKind::Partial, std::move(name), start));
      break;
    case TagKind::SectionBegin:
    case TagKind::InvertedBegin: {
      const MustacheNodeKind node = kind == TagKind::InvertedBegin ? MustacheNodeKind::Inverted
                                                                   : MustacheNodeKind::Section;
      open_.back()->push_back(tagNode(node, std::move(name), start));
      sections_.push_back(&open_.back()->back());
      open_.push_back(&open_.back()->back().children);
      break;
    }
    case TagKind::SectionEnd:
      if (sections_.empty())
        return fail("Unopened section \"" + name + "\" at " + std::to_string(start));
      sections_.back()->closingName = name;
      sections_.back()->closed = true;
      sections_.pop_back();
      open_.pop_back();
      break;
    case TagKind::Comment: break;
    }
  }

  // kainjow checks sections in pre-order after parsing: the first unclosed or mismatched one.
  void checkClosed(const std::vector<MustacheNode>& nodes) {
    for (const MustacheNode& node : nodes) {
      if (!program_.error.empty()) return;
      bool section =
          node.kind == MustacheNodeKind::Section || node.kind == MustacheNodeKind::Inverted;
      if (!section) continue;
      if (!node.closed || node.closingName != node.text)
        return fail("Unclosed section \"" + node.text + "\" at " + std::to_string(node.position));
      checkClosed(node.children);
    }
  }

  std::string_view in_;
  size_t pos_ = 0;
  Delimiters delims_;
  bool braces_ = true;
  std::string text_;
  MustacheProgram program_;
  std::vector<std::vector<MustacheNode>*> open_;
  std::vector<MustacheNode*> sections_;
};

} // namespace

MustacheProgram parseMustache(std::string_view text) { return Parser(text).run(); }

} // namespace locus
