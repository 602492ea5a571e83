#include "compiler/parse/parse_file.h"

#include "LocusParser.h"
#include "compiler/base/large_stack.h"
#include "compiler/base/line_index.h"
#include "compiler/base/utf8.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/syntax_errors.h"
#include "compiler/parse/token_source.h"

namespace locus {

namespace {

using P = locus_grammar::LocusParser;

ast::File emptyFile(FileId id) {
  ast::File f;
  f.id = id;
  return f;
}

void checkUtf8(FileId file, std::string_view text, DiagnosticSink& sink) {
  size_t bad = firstInvalidUtf8(text);
  if (bad == std::string_view::npos) return;
  LineIndex lines(text);
  LineIndex::Position pos = lines.position(static_cast<uint32_t>(bad));
  Span span{file, static_cast<uint32_t>(bad), pos.line, pos.col, 1};
  sink.emit(DiagKind::InvalidUtf8, span, "invalid UTF-8 byte sequence; save the file as UTF-8");
}

int depthDelta(size_t type) {
  switch (type) {
  case P::LBRACE: case P::LPAREN: case P::LBRACK: case P::UI_LBRACE: case P::TAG_LBRACE:
  case P::CSS_LBRACE: case P::TAG_OPEN:
    return 1;
  case P::RBRACE: case P::RPAREN: case P::RBRACK: case P::UI_RBRACE: case P::CSS_RBRACE:
  case P::TAG_SLASH_CLOSE: case P::TAG_END_OPEN:
    return -1;
  default: return 0;
  }
}

// Rejects input nested deeper than the limit before the recursive parser sees it.
bool checkNesting(FileId file, antlr4::CommonTokenStream& tokens, uint32_t limit,
                  DiagnosticSink& sink) {
  int depth = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    depth += depthDelta(t->getType());
    if (depth > static_cast<int>(limit)) {
      sink.emit(DiagKind::NestingTooDeep, tokenSpan(file, t),
                "nesting deeper than " + std::to_string(limit) +
                    " levels of brackets, braces or elements; this file is not parsed further");
      return false;
    }
  }
  return true;
}

// Two-stage parse: fast SLL prediction first; only on a syntax error re-parse with full LL
// and error recovery (so valid files never pay for LL, and errors get the precise messages).
P::FileContext* parseTokens(P& parser, antlr4::CommonTokenStream& tokens,
                            SyntaxErrorListener& listener) {
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    return parser.file();
  } catch (const antlr4::ParseCancellationException&) {
  }
  tokens.seek(0);
  parser.reset();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  return parser.file();
}

ast::File parseOnThisThread(FileId file, std::string_view text, DiagnosticSink& sink,
                            const ParseOptions& options) {
  checkUtf8(file, text, sink);
  std::string bomless;
  std::string_view lexed = text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") { // a BOM lexes as whitespace
    bomless = std::string(text);
    bomless.replace(0, 3, "   ");
    lexed = bomless;
  }
  ByteInputStream input(lexed);
  LocusTokenSource lexer(&input, text, file, sink);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (!checkNesting(file, tokens, options.maxNesting, sink)) return emptyFile(file);
  P parser(&tokens);
  SyntaxErrorListener listener(text, file, sink);
  P::FileContext* tree = parseTokens(parser, tokens, listener);
  return buildAst(tree, text, file, sink);
}

} // namespace

ast::File parseFile(FileId file, std::string_view text, DiagnosticSink& sink,
                    const ParseOptions& options) {
  ast::File result = emptyFile(file);
  runWithLargeStack([&] {
    try {
      result = parseOnThisThread(file, text, sink, options);
    } catch (const std::exception& e) {
      // Defensive: ANTLR's runtime should not throw here, but no input may crash the compiler.
      sink.emit(DiagKind::SyntaxError, Span{file, 0, 1, 1, 1},
                std::string("internal parser error: ") + e.what());
    }
  });
  return result;
}

} // namespace locus
