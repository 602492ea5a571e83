#include "compiler/format/format_source.h"

#include "LocusLexer.h"
#include "compiler/format/source_pieces.h"
#include "compiler/lex/locus_scanner.h"
#include "compiler/parse/parse_file.h"

#include <algorithm>

namespace locus::format {

namespace {

using L = locus_grammar::LocusLexer;
using Kind = Piece::Kind;

bool isOpener(const Piece& p) {
  return p.kind == Kind::Token &&
         (p.type == L::LBRACE || p.type == L::LPAREN || p.type == L::LBRACK);
}
bool isCloser(const Piece& p) {
  return p.kind == Kind::Token && (p.type == L::RBRACE || p.type == L::RPAREN ||
                                   p.type == L::RBRACK || p.type == L::UI_RBRACE);
}

bool isSpacedOperator(size_t type) {
  switch (type) {
  case L::ASSIGN:
  case L::PLUS_ASSIGN:
  case L::MINUS_ASSIGN:
  case L::STAR_ASSIGN:
  case L::SLASH_ASSIGN:
  case L::EQ:
  case L::NE:
  case L::LE:
  case L::GE:
  case L::LT:
  case L::GT:
  case L::AND_AND:
  case L::OR_OR:
  case L::PERCENT:
    return true;
  default:
    return false;
  }
}

// Whether `a` and `b` written with nothing between them still lex as the two tokens they are.
bool lexApart(const Piece& a, const Piece& b) {
  std::string joined(a.text);
  joined += b.text;
  LocusScanner scanner(joined);
  RawToken first = scanner.next();
  return first.start == 0 && first.stop + 1 == a.text.size();
}

// One space or none between two pieces on the same line (`before` precedes `a`, or is null).
bool spaceBetween(const Piece* before, const Piece& a, const Piece& b) {
  if (a.kind != Kind::Token || b.kind == Kind::LineComment || b.kind == Kind::BlockComment)
    return true;
  bool tight;
  size_t at = a.type;
  size_t bt = b.kind == Kind::Token ? b.type : 0;
  bool triggerColon = before && before->kind == Kind::Token && before->type == L::ON;
  if ((at == L::ON && bt == L::COLON) || (at == L::COLON && triggerColon))
    tight = true; // `on:create(Order)`, written like markup's `on:click`
  else if (at == L::LPAREN || at == L::LBRACK || at == L::DOT || at == L::QDOT || at == L::AT ||
           at == L::BANG)
    tight = true;
  else if (bt == L::RPAREN || bt == L::RBRACK || bt == L::COMMA || bt == L::SEMI || bt == L::DOT ||
           bt == L::QDOT || bt == L::OPTIONAL_COLON)
    tight = true;
  else if (at == L::LBRACE)
    tight = bt == L::RBRACE;
  else if (bt == L::RBRACE || bt == L::LBRACE || b.kind == Kind::Verbatim)
    tight = b.kind == Kind::Verbatim && b.type != L::LBRACE ? !b.spaced : false;
  else if (at == L::COMMA || at == L::SEMI || at == L::COLON || at == L::OPTIONAL_COLON)
    tight = false;
  else if (isSpacedOperator(at) || isSpacedOperator(bt))
    tight = false;
  else
    tight = !b.spaced; // either is fine (`-x`, `a - b`): keep the source's choice
  if (tight && b.spaced && b.kind == Kind::Token && !lexApart(a, b)) tight = false;
  return !tight;
}

constexpr int kMaxIndent = 40;

class Layout {
public:
  std::string run(const std::vector<Piece>& pieces) {
    for (size_t i = 0; i < pieces.size(); ++i)
      place(pieces[i], i == 0 ? nullptr : &pieces[i - 1], i < 2 ? nullptr : &pieces[i - 2]);
    if (!out_.empty()) out_ += '\n';
    return std::move(out_);
  }

private:
  struct Open {
    int lineIndent;      // indentation of the line the bracket was opened on
    bool broken = false; // a line break inside: the closer gets a line of its own
  };

  void place(const Piece& p, const Piece* prev, const Piece* beforePrev) {
    unsigned breaks = prev ? std::min(p.newlines, 2u) : 0;
    if (prev && prev->kind == Kind::LineComment) breaks = std::max(breaks, 1u);
    if (breaks > 0 && !open_.empty()) open_.back().broken = true;
    if (isCloser(p) && !open_.empty() && open_.back().broken) breaks = std::max(breaks, 1u);
    if (breaks > 0) {
      bool blank = breaks == 2 && !afterOpener_ && !isCloser(p);
      out_ += blank ? "\n\n" : "\n";
      lineIndent_ = isCloser(p) ? closerIndent() : contentIndent();
      // Past kMaxIndent levels (hostile nesting) lines stop moving right, so the output stays
      // linear in the input.
      out_.append(static_cast<size_t>(2 * std::min(lineIndent_, kMaxIndent)), ' ');
    } else if (prev && spaceBetween(beforePrev, *prev, p)) {
      out_ += ' ';
    }
    out_ += p.text;
    bool comment = p.kind == Kind::LineComment || p.kind == Kind::BlockComment;
    afterOpener_ = isOpener(p) || (afterOpener_ && comment && breaks == 0);
    if (isOpener(p)) open_.push_back({lineIndent_});
    if ((isCloser(p) || p.closesBlock) && !open_.empty()) open_.pop_back();
  }

  int contentIndent() const { return open_.empty() ? 0 : open_.back().lineIndent + 1; }
  int closerIndent() const { return open_.empty() ? 0 : open_.back().lineIndent; }

  std::string out_;
  std::vector<Open> open_;
  int lineIndent_ = 0;
  bool afterOpener_ = false; // nothing but comments since an opener on its line: no blank line
};

} // namespace

FormatResult layoutSource(std::string_view text) {
  PieceList source = splitPieces(text);
  if (!source.error.empty()) return {};
  FormatResult result;
  result.text = Layout().run(source.pieces);
  PieceList again = splitPieces(result.text);
  result.ok = again.error.empty() && samePieces(source.pieces, again.pieces);
  if (!result.ok) {
    result.text.clear();
    result.unsafe = true;
  }
  return result;
}

FormatResult formatSource(FileId file, std::string_view text, DiagnosticSink& sink) {
  FormatResult result = layoutSource(text);
  if (result.ok || result.unsafe) return result;
  // Lexical errors: the parser reports them (and any syntax errors) with their locations.
  parseFile(file, text, sink);
  return result;
}

} // namespace locus::format
