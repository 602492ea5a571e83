#include "compiler/lex/token_source.h"

#include "compiler/lex/locus_token.h"

#include <typeinfo>

namespace locus {

using L = locus_grammar::LocusLexer;

ByteInputStream::ByteInputStream(std::string_view bytes) {
  _data.resize(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) _data[i] = static_cast<unsigned char>(bytes[i]);
  p = 0;
}

LocusTokenSource::LocusTokenSource(antlr4::CharStream* input, std::string_view text, FileId file,
                                   DiagnosticSink& sink, uint32_t maxNesting)
    : LocusLexer(input), filter_(text, file, sink, maxNesting) {
  removeErrorListeners(); // the lexer never fails: unknown input becomes error tokens
}

Span tokenSpan(FileId file, const antlr4::Token* token) {
  Span span;
  span.file = file;
  span.offset = static_cast<uint32_t>(token->getStartIndex());
  span.line = static_cast<uint32_t>(token->getLine());
  span.col = static_cast<uint32_t>(token->getCharPositionInLine()) + 1;
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  span.length = stop >= start && stop != SIZE_MAX ? static_cast<uint32_t>(stop - start + 1) : 1;
  return span;
}

void StreamingTokenStream::discardBefore(size_t index) {
  for (size_t i = discarded_; i < index && i < _tokens.size(); ++i) _tokens[i].reset();
  discarded_ = std::max(discarded_, index);
}

size_t StreamingTokenStream::fetch(size_t n) {
  if (_fetchedEOF) return 0;
  size_t i = 0;
  while (i < n) {
    std::unique_ptr<antlr4::Token> t = _tokenSource->nextToken();
    const std::type_info& type = typeid(*t);
    if (&type == &typeid(LocusToken))
      static_cast<LocusToken*>(t.get())->setTokenIndex(_tokens.size());
    else if (type == typeid(antlr4::CommonToken))
      static_cast<antlr4::CommonToken*>(t.get())->setTokenIndex(_tokens.size());
    else if (auto* w = dynamic_cast<antlr4::WritableToken*>(t.get()))
      w->setTokenIndex(_tokens.size());
    if (t->getChannel() != channel) allOnChannel_ = false;
    _tokens.push_back(std::move(t));
    ++i;
    if (_tokens.back()->getType() == antlr4::Token::EOF) {
      _fetchedEOF = true;
      break;
    }
  }
  return i;
}

antlr4::Token* StreamingTokenStream::LT(ssize_t k) {
  if (!allOnChannel_) return CommonTokenStream::LT(k);
  lazyInit();
  if (k == 0) return nullptr;
  if (k < 0) { // LB(-k)
    size_t back = static_cast<size_t>(-k);
    return back > _p ? nullptr : _tokens[_p - back].get();
  }
  size_t i = _p + static_cast<size_t>(k) - 1;
  if (i >= _tokens.size()) {
    sync(i);
    if (i >= _tokens.size()) i = _tokens.size() - 1; // past the end: EOF
  }
  return _tokens[i].get();
}

ssize_t StreamingTokenStream::adjustSeekIndex(size_t i) {
  if (!allOnChannel_) return CommonTokenStream::adjustSeekIndex(i);
  sync(i);
  return static_cast<ssize_t>(std::min(i, _tokens.size() - 1));
}

// A zero-width '}' at the start of `at` (the keyword of the declaration that closes the blocks).
std::unique_ptr<antlr4::Token> LocusTokenSource::closer(const antlr4::Token& at) const {
  auto t = std::make_unique<antlr4::CommonToken>(L::RBRACE);
  t->setStartIndex(at.getStartIndex());
  t->setStopIndex(at.getStartIndex() - 1);
  t->setLine(at.getLine());
  t->setCharPositionInLine(at.getCharPositionInLine());
  return t;
}

std::unique_ptr<antlr4::Token> LocusTokenSource::nextToken() {
  if (held_) {
    if (closers_ > 0) {
      --closers_;
      return closer(*held_);
    }
    return std::move(held_);
  }
  for (;;) {
    std::unique_ptr<antlr4::Token> token = LocusLexer::nextToken();
    size_t type = token->getType();
    if (LexicalFilter::isErrorToken(type)) {
      filter_.reportLexicalError(type, tokenSpan(filter_.file(), token.get()));
      continue;
    }
    // `ui` / `style_override` arm the next `{`; any other visible token disarms it.
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL && type != L::UI &&
        type != L::STYLE_OVERRIDE)
      pending = Pending::None;
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      if (size_t open = filter_.blocksToCloseBefore(type, tokenSpan(filter_.file(), token.get()))) {
        modeStack.clear();
        setMode(DEFAULT_MODE);
        pending = Pending::None;
        lastVisibleType = type;
        held_ = std::move(token);
        closers_ = open - 1;
        return closer(*held_);
      }
      lastVisibleType = type;
    }
    if (filter_.exceedsNesting(type, tokenSpan(filter_.file(), token.get())))
      _input->seek(_input->size());
    return token;
  }
}

} // namespace locus
