#include "compiler/parse/parse_file.h"

#include "LocusParser.h"
#include "compiler/base/large_stack.h"
#include "compiler/base/line_index.h"
#include "compiler/base/utf8.h"
#include "compiler/lex/hand_token_source.h"
#include "compiler/lex/token_source.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/declaration_sync.h"
#include "compiler/parse/syntax_errors.h"

#include <cstdlib>
#include <cstring>
#include <functional>

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

// The fast path's `database { entity… }`: entity by entity, each parse tree freed once it is AST,
// so a database of hundreds of entities never exists as one parse tree. Anything unexpected (a
// missing brace) throws like a syntax error, and the slow path parses the block again; what the
// AST builder reported about the entities before that is held back until the block is complete,
// or the slow path would report it a second time.
void parseDatabase(P& parser, StreamingTokenStream& tokens, std::string_view text, FileId file,
                   DiagnosticSink& sink, ast::File& out) {
  antlr4::Token* first = tokens.LT(1);
  tokens.consume(); // DATABASE
  tokens.consume(); // LBRACE
  ast::Database db;
  DiagnosticSink held;
  db.entities = buildEntities(
      [&]() -> P::EntityContext* {
        parser.getTreeTracker().reset(); // the previous entity is AST by now
        return tokens.LA(1) == P::ENTITY ? parser.entity() : nullptr;
      },
      text, file, held);
  if (tokens.LA(1) != P::RBRACE) throw antlr4::ParseCancellationException();
  antlr4::Token* last = tokens.LT(1);
  tokens.consume();
  db.span = tokenSpan(file, first);
  db.span.length = static_cast<uint32_t>(last->getStopIndex() - db.span.offset + 1);
  out.databases.push_back(std::move(db));
  for (const Diagnostic& d : held.all()) sink.report(d);
}

// Streaming two-stage parse. Fast path: one top-level declaration at a time with SLL prediction
// and no recovery; its parse tree is turned into AST and freed right away, so memory stays small
// (fresh pages are expensive on this kind of VM). On the first syntax error the rest of the file
// is re-parsed from that declaration with full LL prediction and error recovery, which gives
// precise messages and reports every later error too.
void parseTokens(P& parser, StreamingTokenStream& tokens, const std::function<bool()>& lexerAborted,
                 SyntaxErrorListener& listener, std::string_view text, FileId file,
                 DiagnosticSink& sink, ast::File& out) {
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  size_t start = 0, keepFrom = 0;
  try {
    while (tokens.LA(1) != antlr4::Token::EOF) {
      start = tokens.index();
      if (tokens.LA(1) == P::DATABASE && tokens.LA(2) == P::LBRACE) {
        parseDatabase(parser, tokens, text, file, sink, out);
      } else {
        buildTopLevel(parser.topLevel(), text, file, sink, out);
        parser.getTreeTracker().reset();
      }
      tokens.discardBefore(keepFrom); // keep one declaration of look-behind
      keepFrom = start;
    }
    return;
  } catch (const antlr4::ParseCancellationException&) {
  }
  parser.getTreeTracker().reset();
  if (lexerAborted()) return; // E0006 already said why; the cut-off rest would only add noise
  tokens.seek(start);
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<DeclarationSyncStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  parseEveryDeclaration(
      parser, [&](P::TopLevelContext* decl) { buildTopLevel(decl, text, file, sink, out); });
}

LexerKind chosenLexer(const ParseOptions& options) {
  const char* env = std::getenv("LOCUS_LEXER");
  if (env && std::strcmp(env, "antlr") == 0) return LexerKind::Antlr;
  return options.lexer;
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
  ast::File out = emptyFile(file);
  SyntaxErrorListener listener(text, file, sink);
  auto parseFrom = [&](antlr4::TokenSource& source, const std::function<bool()>& aborted) {
    StreamingTokenStream tokens(&source);
    P parser(&tokens);
    parseTokens(parser, tokens, aborted, listener, text, file, sink, out);
  };
  if (chosenLexer(options) == LexerKind::Antlr) {
    ByteInputStream input(lexed);
    LocusTokenSource lexer(&input, text, file, sink, options.maxNesting);
    parseFrom(lexer, [&] { return lexer.aborted(); });
  } else {
    HandTokenSource lexer(lexed, text, file, sink, options.maxNesting);
    parseFrom(lexer, [&] { return lexer.aborted(); });
  }
  return out;
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
