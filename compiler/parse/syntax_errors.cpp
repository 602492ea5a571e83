#include "compiler/parse/syntax_errors.h"

#include "LocusParser.h"
#include "compiler/base/suggest.h"
#include "compiler/lex/token_source.h"

#include <string>
#include <vector>

namespace locus {

namespace {

using P = locus_grammar::LocusParser;

bool isKeyword(size_t type) {
  return type >= P::IMPORT && type <= P::NULL_KW;
}

// How a token type reads in a message: 'entity', '{', a name, a string, end of file.
std::string describeType(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  switch (type) {
  case antlr4::Token::EOF:
    return "end of file";
  case P::IDENT:
    return "a name";
  case P::STRING:
    return "a string";
  case P::NUMBER:
    return "a number";
  case P::SIZE:
    return "a size (5MB)";
  case P::DURATION:
    return "a duration (5s)";
  case P::COLOR:
    return "a color";
  case P::UI_TEXT:
    return "text";
  case P::TAG_NAME:
    return "a tag or attribute name";
  case P::TAG_STRING:
    return "a string";
  case P::TAG_OPEN:
  case P::LT:
    return "'<'";
  case P::TAG_END_OPEN:
    return "'</'";
  case P::RBRACE:
  case P::UI_RBRACE:
  case P::CSS_RBRACE:
    return "'}'";
  case P::LBRACE:
    return "'{'";
  case P::TAG_CLOSE:
    return "'>'";
  case P::TAG_SLASH_CLOSE:
    return "'/>'";
  case P::TAG_EQ:
    return "'='";
  case P::OPTIONAL_COLON:
    return "'?:'";
  case P::UI_LBRACE:
  case P::TAG_LBRACE:
  case P::CSS_LBRACE:
    return "'{'";
  case P::CSS_TEXT:
    return "CSS";
  default:
    break;
  }
  std::string literal = vocab.getLiteralName(type);
  return literal.empty() ? vocab.getSymbolicName(type) : literal;
}

std::string describeToken(std::string_view text, const antlr4::Token* token) {
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  if (start >= text.size() || stop < start) return "input";
  std::string s(text.substr(start, std::min<size_t>(stop - start + 1, 24)));
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (stop - start + 1 > 24) s += "…";
  return "'" + s + "'";
}

// The expected set, readable: when a name is expected, keywords (which are names too) are
// folded into "a name". Returns "" when the set is too large to be helpful.
std::string describeExpected(const antlr4::dfa::Vocabulary& vocab,
                             const antlr4::misc::IntervalSet& expected) {
  std::vector<size_t> types;
  bool name = expected.contains(static_cast<size_t>(P::IDENT));
  for (ssize_t t : expected.toList())
    if (!(name && isKeyword(static_cast<size_t>(t)))) types.push_back(static_cast<size_t>(t));
  if (types.empty() || types.size() > 7) return "";
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += i + 1 == types.size() ? " or " : ", ";
    out += describeType(vocab, types[i]);
  }
  return out;
}

std::vector<std::string> expectedKeywords(const antlr4::dfa::Vocabulary& vocab,
                                          const antlr4::misc::IntervalSet& expected) {
  std::vector<std::string> words;
  for (ssize_t t : expected.toList()) {
    if (!isKeyword(static_cast<size_t>(t))) continue;
    std::string lit = vocab.getLiteralName(static_cast<size_t>(t));
    if (lit.size() > 2) words.push_back(lit.substr(1, lit.size() - 2));
  }
  return words;
}

// Words other languages (Prisma, TypeScript, Wasp) start a declaration with, at the start of a
// line where Locus expects one: how Locus says it, and the keyword to write instead (if any).
struct Habit {
  std::string hint, keyword;
};

Habit habitHint(std::string_view word) {
  if (word == "model") return {"Prisma's `model X { … }` is `entity X { … }` in Locus", "entity"};
  if (word == "interface" || word == "class" || word == "struct" || word == "table")
    return {"Locus declares data as `entity X { name: String }`", "entity"};
  if (word == "enumeration") return {"Locus declares one as `enum X { a b c }`", "enum"};
  if (word == "route")
    return {"Wasp's `route` is not needed: a page's URL comes from its name and params "
            "(`page Contact(id: Integer)` is /contact/[id])",
            ""};
  if (word == "query")
    return {"Wasp's `query` is not needed: a page loads its data in `on load { items = "
            "find(Item) }`, and a server `action` returns what it computes",
            ""};
  if (word == "app")
    return {"a Locus project needs no `app` block: the folder is the project (plugins and their "
            "settings go in Locus.toml)",
            ""};
  return {};
}

} // namespace

// After an unterminated string or comment (reported at its opening) the file has ended for the
// parser; its complaint about the end of the file would only repeat that. A string missing its
// quote that ran on to the next line's quote (the E0002 with a note) leaves that line's text
// outside any string: what the parser says about it repeats the E0002 too.
bool SyntaxErrorListener::explainedByUnterminatedToken(const antlr4::Token& offending) const {
  for (const Diagnostic& d : sink_.all()) {
    if (d.span.file != file_ ||
        (d.kind != DiagKind::UnterminatedString && d.kind != DiagKind::UnterminatedComment))
      continue;
    if (offending.getType() == antlr4::Token::EOF) return true;
    size_t at = offending.getStartIndex();
    for (const DiagnosticNote& n : d.notes)
      if (n.span.file == file_ && d.span.offset < at && at < n.span.offset) return true;
  }
  return false;
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t, size_t, const std::string& msg, std::exception_ptr) {
  if (offending && explainedByUnterminatedToken(*offending)) return;
  ++count_;
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  Span span = offending ? tokenSpan(file_, offending) : Span{};
  if (offending && offending->getType() == antlr4::Token::EOF) {
    span.length = 1;
    if (span.offset > 0 && span.offset >= text_.size()) {
      // Point at the last character rather than past the end of the file.
      span.offset = static_cast<uint32_t>(text_.size() - 1);
      --span.col;
      if (span.col == 0) span.col = 1;
    }
  }
  if (!parser || !offending) {
    sink_.emit(DiagKind::SyntaxError, span, msg);
    return;
  }
  const antlr4::dfa::Vocabulary& vocab = parser->getVocabulary();
  antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
  std::string found = describeToken(text_, offending);
  std::string want = describeExpected(vocab, expected);
  std::string message;
  if (msg.rfind("missing ", 0) == 0 && !want.empty())
    message = "expected " + want + " before " + found;
  else
    message = "unexpected " + found + (want.empty() ? "" : "; expected " + want);

  size_t type = offending->getType();
  std::string word;
  if (type == P::IDENT || isKeyword(type))
    word = text_.substr(offending->getStartIndex(),
                        offending->getStopIndex() - offending->getStartIndex() + 1);
  Habit habit = span.col == 1 ? habitHint(word) : Habit{};
  if (!habit.hint.empty()) message += "; " + habit.hint;
  Diagnostic& d = sink_.emit(DiagKind::SyntaxError, span, message);
  if (!habit.hint.empty()) {
    d.suggestion = habit.keyword;
  } else if (!word.empty()) {
    std::string best = closestMatch(word, expectedKeywords(vocab, expected));
    if (!best.empty()) d.suggestion = best;
  }
}

} // namespace locus
