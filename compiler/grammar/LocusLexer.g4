// Locus lexer. Three sub-languages share it, switched by lexer modes:
//   DEFAULT_MODE  declarations, statements and expressions
//   UI_MODE       markup between `ui {` and its `}` (text, elements, `{expr}` children)
//   TAG_MODE      inside `<tag …>` / `</tag>`
//   CSS_MODE      raw CSS between `style_override {` and its `}`
// Every `{` in DEFAULT_MODE pushes a mode and every `}` pops one, so braces inside expressions
// embedded in markup (`{ {a: 1} }`) stay balanced. `ui` / `style_override` arm the next `{` to
// enter UI / CSS mode; any other token disarms it (LocusTokenSource::nextToken).
// The lexer never fails: anything unknown becomes an error token that LocusTokenSource reports
// and drops. Whitespace and comments are skipped (no hidden-channel tokens are kept).
// compiler/lex/locus_scanner.cpp implements this grammar by hand and is what `locusc` runs
// (this ANTLR lexer is the reference, LOCUS_LEXER=antlr). Change both together:
// tests/unit/lexer_differential_test.cpp fails until they agree token for token.
lexer grammar LocusLexer;

@lexer::members {
  enum class Pending { None, Ui, Css };
  Pending pending = Pending::None;

  void openBrace() {
    switch (pending) {
    case Pending::Ui: pushMode(UI_MODE); break;
    case Pending::Css: pushMode(CSS_MODE); break;
    case Pending::None: pushMode(DEFAULT_MODE); break;
    }
    pending = Pending::None;
  }
  void closeBrace() {
    if (!modeStack.empty()) popMode();
  }
  void safePopMode() {
    if (!modeStack.empty()) popMode();
  }

  // Peer compatibility: markup written directly in a component/page body (`component X {
  // <Text/> }`) opens an implicit ui block. Only right after `{` or `}` and before a letter,
  // where `<` cannot be a comparison.
  size_t lastVisibleType = 0;
  bool implicitUiAllowed() {
    size_t next = _input->LA(1);
    bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
    return letter && (lastVisibleType == LBRACE || lastVisibleType == RBRACE) && !modeStack.empty();
  }
  void openImplicitUi() {
    setMode(UI_MODE);
    pushMode(TAG_MODE);
    setType(TAG_OPEN);
  }
}

// ------------------------------------------------------------------------ trivia
BLOCK_COMMENT: '/*' .*? '*/' -> skip;
UNTERMINATED_COMMENT: '/*' ( ~'*' | '*'+ ~[*/] )* '*'*;
LINE_COMMENT: '//' ~[\r\n]* -> skip;
WS: [ \t\r\n\f]+ -> skip;

// ------------------------------------------------------------------------ keywords
// All are contextual: the parser's `ident` rule accepts every keyword except true/false/null.
IMPORT: 'import';
TYPE: 'type';
ENUM: 'enum';
DATABASE: 'database';
ENTITY: 'entity';
DESIGN_SYSTEM: 'design_system';
PAGE: 'page';
COMPONENT: 'component';
STORE: 'store';
WORKFLOW: 'workflow';
UPLOAD: 'upload';
ACTION: 'action';
AUTH: 'auth';
ACCESS: 'access';
HAS_MANY: 'has_many';
BELONGS_TO: 'belongs_to';
HAS_ONE: 'has_one';
ON_DELETE: 'on_delete';
INVERSE: 'inverse';
LIST: 'list';
OF: 'of';
NULLABLE: 'nullable';
STATE: 'state';
PARAM: 'param';
ON: 'on';
LOAD: 'load';
ON_LOAD_LEGACY: 'on_load';
UI: 'ui' { pending = Pending::Ui; };
STYLE_OVERRIDE: 'style_override' { pending = Pending::Css; };
TRIGGER: 'trigger';
INPUT: 'input';
STEPS: 'steps';
RETRY: 'retry';
CONCURRENCY: 'concurrency';
ON_ERROR: 'on_error';
ON_FAILURE: 'on_failure';
RUN: 'run';
BRANCH: 'branch';
CONDITION: 'condition';
IF: 'if';
ELSE: 'else';
FOREACH: 'forEach';
IN: 'in';
FOR: 'for';
WHILE: 'while';
PARALLEL: 'parallel';
DB_TX: 'db_tx';
TRY: 'try';
CATCH: 'catch';
FINALLY: 'finally';
DELAY: 'delay';
SCHEDULE: 'schedule';
HTTP_REQUEST: 'http_request';
SEND_EMAIL: 'send_email';
QUEUE_PUBLISH: 'queue_publish';
WAIT_FOR: 'wait_for';
BREAK: 'break';
CONTINUE: 'continue';
RETURN: 'return';
THROW: 'throw';
CONST: 'const';
LET: 'let';
NOT: 'not';
AND: 'and';
OR: 'or';
AWAIT: 'await';
FIELD: 'field';
TEST: 'test';
STUB: 'stub';
EXPECT: 'expect';
GIVEN: 'given';
RETURNS: 'returns';
THROWS: 'throws';
TRUE_KW: 'true';
FALSE_KW: 'false';
NULL_KW: 'null';

// ------------------------------------------------------------------------ literals
// Units in either case (`10mb` is a size, not the duration `10m` and a name `b`).
SIZE: DIGITS ('.' DIGITS)? ([bB] | [kKmMgG] [bB]);
DURATION: DIGITS ('ms' | 's' | 'm' | 'h' | 'd');
NUMBER: DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)?;
// Strings may span lines (the peer accepts that); an unterminated one runs to the end of file.
STRING: '"' ( ~["\\] | '\\' . )* '"' | '\'' ( ~['\\\r\n] | '\\' ~[\r\n] )* '\'';
UNTERMINATED_STRING: '"' ( ~["\\] | '\\' . )* | '\'' ( ~['\\\r\n] | '\\' ~[\r\n] )*;
COLOR: '#' [0-9A-Za-z]+;
IDENT: [A-Za-z_] [A-Za-z0-9_]*;

fragment DIGITS: [0-9]+;

// ------------------------------------------------------------------------ punctuation
LBRACE: '{' { openBrace(); };
RBRACE: '}' { closeBrace(); };
LPAREN: '(';
RPAREN: ')';
LBRACK: '[';
RBRACK: ']';
COMMA: ',';
SEMI: ';';
COLON: ':';
QDOT: '?.';
OPTIONAL_COLON: '?:'; // `name?: T`
DOT: '.';
AT: '@';
QUESTION: '?';
PLUS_ASSIGN: '+=';
MINUS_ASSIGN: '-=';
STAR_ASSIGN: '*=';
SLASH_ASSIGN: '/=';
EQ: '==';
NE: '!=';
LE: '<=';
GE: '>=';
AND_AND: '&&';
OR_OR: '||';
ASSIGN: '=';
IMPLICIT_TAG_OPEN: '<' {implicitUiAllowed()}? { openImplicitUi(); };
LT: '<';
GT: '>';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
BANG: '!';
PIPE: '|';
ERROR_CHAR: .;

// ------------------------------------------------------------------------ UI markup
mode UI_MODE;
UI_COMMENT: '<!--' .*? '-->' -> skip;
TAG_END_OPEN: '</' -> pushMode(TAG_MODE);
TAG_OPEN: '<' -> pushMode(TAG_MODE);
UI_LBRACE: '{' -> pushMode(DEFAULT_MODE);
UI_RBRACE: '}' { safePopMode(); };
UI_TEXT: ~[<{}\u0000]+;
UI_ERROR: .;

mode TAG_MODE;
TAG_WS: [ \t\r\n\f]+ -> skip;
TAG_SLASH_CLOSE: '/>' { safePopMode(); };
TAG_CLOSE: '>' { safePopMode(); };
TAG_EQ: '=';
TAG_STRING: '"' ~["]* '"' | '\'' ~[']* '\'';
TAG_LBRACE: '{' -> pushMode(DEFAULT_MODE);
TAG_NAME: [A-Za-z_] [A-Za-z0-9_.:-]*;
TAG_BARE: ~[ \t\r\n\f"'=<>{}/\u0000]+;
TAG_ERROR: .;

// ------------------------------------------------------------------------ raw CSS
mode CSS_MODE;
CSS_LBRACE: '{' -> pushMode(CSS_MODE);
CSS_RBRACE: '}' { safePopMode(); };
CSS_TEXT: ~[{}]+;
