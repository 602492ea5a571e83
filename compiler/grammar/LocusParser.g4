// Locus parser. The whole language: the peer's surface syntax plus ours (docs/language/reference.md).
// Rule names are the AST builder's contract (compiler/parse/ast_builder.cpp).
parser grammar LocusParser;

options { tokenVocab = LocusLexer; }

// Speed: the ANTLR 4.9 runtime's enterRule / exitRule / enterOuterAlt cast each context's parent
// with dynamic_cast (with GCC a strcmp of mangled type names; 3 casts per rule invocation, 7 % of
// `locusc check`). Every parent in this parser's trees is a ParserRuleContext, so a static_cast is
// exact. Same logic as the runtime otherwise (4.10+ made the same change). exitRule is not
// virtual in 4.9: this one hides it for the generated rule functions, which call it unqualified.
@parser::members {
  void addContextToParseTree() override {
    if (_ctx->parent) static_cast<antlr4::ParserRuleContext*>(_ctx->parent)->addChild(_ctx);
  }
  void exitRule() {
    // After EOF was matched the parser cannot move past it, so LT(1) is the last token.
    _ctx->stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
    if (!_parseListeners.empty()) triggerExitRuleEvent();
    setState(_ctx->invokingState);
    _ctx = static_cast<antlr4::ParserRuleContext*>(_ctx->parent);
  }
  void enterOuterAlt(antlr4::ParserRuleContext* localctx, size_t altNum) override {
    localctx->setAltNumber(altNum);
    // A new context replaces the current one as its parent's last child.
    if (_buildParseTrees && _ctx != localctx && _ctx->parent) {
      auto* parent = static_cast<antlr4::ParserRuleContext*>(_ctx->parent);
      parent->removeLastChild();
      parent->addChild(localctx);
    }
    _ctx = localctx;
  }
}

file: topLevel* EOF;

topLevel
  : importDecl
  | typeAlias
  | enumDecl
  | database
  | entity
  | designSystem
  | page
  | component
  | store
  | workflow
  | upload
  | action
  | authBlock
  | testBlock
  ;

importDecl: IMPORT STRING SEMI?;
typeAlias: TYPE ident ASSIGN typeRef SEMI?;
// `enum Status { todo doing done }`: a String restricted to the listed values.
enumDecl: ENUM ident LBRACE (ident sep?)* RBRACE;

// ------------------------------------------------------------------------------- names
// Keywords are contextual: any of them can name a field, variable, token, …
ident
  : IDENT
  | IMPORT | TYPE | ENUM | DATABASE | ENTITY | DESIGN_SYSTEM | PAGE | COMPONENT | STORE | WORKFLOW
  | UPLOAD | ACTION | AUTH | ACCESS | HAS_MANY | BELONGS_TO | HAS_ONE | ON_DELETE | INVERSE | LIST | OF
  | NULLABLE | STATE | PARAM | ON | LOAD | ON_LOAD_LEGACY | UI | STYLE_OVERRIDE | TRIGGER | INPUT
  | STEPS | RETRY | CONCURRENCY | ON_ERROR | ON_FAILURE | RUN | BRANCH | CONDITION | IF | ELSE
  | FOREACH | IN | FOR | WHILE | PARALLEL | DB_TX | TRY | CATCH | FINALLY | DELAY | SCHEDULE
  | HTTP_REQUEST | SEND_EMAIL | QUEUE_PUBLISH | WAIT_FOR | BREAK | CONTINUE | RETURN | THROW
  | CONST | LET | AND | OR | FIELD | TEST | STUB | EXPECT | GIVEN | RETURNS | THROWS
  ;

// ------------------------------------------------------------------------------- types
typeRef: (LIST OF)? ident typeSuffix*;
typeSuffix
  : QUESTION        # optionalSuffix
  | LBRACK RBRACK   # listSuffix
  | PIPE ident      # unionSuffix
  | NULLABLE        # nullableSuffix
  ;

// ------------------------------------------------------------------------------- database
database: DATABASE LBRACE (entity | enumDecl)* RBRACE;
entity: ENTITY ident LBRACE ((field | accessBlock) sep?)* RBRACE;
// Who may read, create, update, delete rows: `access { read: true, update: currentUser.id == ownerId }`.
accessBlock: ACCESS propsBlock;
field: ident (COLON | OPTIONAL_COLON) fieldType;   // `name?: T` is the same as `name: T?`
fieldType
  : relationKind ident (attribute | relationOption)*  # relationField
  | typeRef attribute*                                # scalarField
  ;
relationKind: HAS_MANY | BELONGS_TO | HAS_ONE;
relationOption
  : ON_DELETE COLON ident   # onDeleteOption
  | INVERSE COLON ident     # inverseOption
  ;
attribute
  : AT ident (LPAREN argList? RPAREN)?                   # atAttribute
  | LPAREN legacyAttr (COMMA legacyAttr)* RPAREN          # legacyAttribute
  ;
legacyAttr: ident (COLON expr)?;

sep: COMMA | SEMI;

// ------------------------------------------------------------------------------- auth
// Which entity is the user and which of its fields hold the identity, password hash and role.
authBlock: AUTH propsBlock;

// ------------------------------------------------------------------------------- design system
designSystem: DESIGN_SYSTEM LBRACE tokenEntry* RBRACE;
tokenEntry
  : tokenKey LBRACE tokenEntry* RBRACE sep?    # tokenGroup
  | tokenKey COLON expr sep?                   # tokenValue
  ;
tokenKey: ident | STRING;

// ------------------------------------------------------------------------------- UI containers
page: PAGE ident (LPAREN argList? RPAREN)? uiBody;
component: COMPONENT ident (LPAREN paramList? RPAREN)? uiBody;
store: STORE ident uiBody;
// Markup written directly in the body (peer form) is an implicit `ui { }` that runs to the end.
uiBody: LBRACE uiMember* (RBRACE | implicitUi);
implicitUi: uiNode+ UI_RBRACE;

uiMember
  : STATE LBRACE (stateVar sep?)* RBRACE   # stateBlock
  | PARAM param sep?                       # paramMember
  | ON LOAD block                          # onLoadMember
  | legacyOnLoad                           # legacyOnLoadMember
  | action                                 # actionMember
  | UI LBRACE uiNode* UI_RBRACE            # uiBlock
  | STYLE_OVERRIDE LBRACE css* CSS_RBRACE  # styleOverride
  | stateVar sep?                          # bareStateVar
  ;
legacyOnLoad: ON_LOAD_LEGACY block;

stateVar: ident COLON (typeRef (ASSIGN expr)? | literal);

css: CSS_TEXT | CSS_LBRACE css* CSS_RBRACE;

// Client actions (inside page/component/store) and server actions (top level).
action: ACTION ident (LPAREN paramList? RPAREN)? (COLON typeRef)? block;
paramList: param (COMMA param)* COMMA?;
param: ident QUESTION? (COLON typeRef)? (ASSIGN expr)?;

// ------------------------------------------------------------------------------- UI markup
uiNode
  : element                     # elementNode
  | UI_TEXT                     # textNode
  | UI_LBRACE expr RBRACE       # exprNode
  ;
element
  : TAG_OPEN TAG_NAME (TAG_EQ uiAttrValue)? uiAttr* (TAG_SLASH_CLOSE | TAG_CLOSE uiNode* TAG_END_OPEN TAG_NAME? TAG_CLOSE)
  ;
uiAttr: TAG_NAME (TAG_EQ uiAttrValue)?;
uiAttrValue
  : TAG_STRING                                       # stringAttr
  | TAG_LBRACE ident (COMMA ident)? IN expr RBRACE   # forEachAttr
  | TAG_LBRACE expr RBRACE                           # exprAttr
  | (TAG_NAME | TAG_BARE)                            # bareAttr
  ;

// ------------------------------------------------------------------------------- statements
block: LBRACE stmt* RBRACE;
stmt
  : (CONST | LET) ident (COLON typeRef)? ASSIGN expr SEMI?   # declStmt
  | ifStmt                                                   # ifStatement
  | FOR ident IN expr block                                  # forStmt
  | WHILE expr block                                         # whileStmt
  | BREAK SEMI?                                              # breakStmt
  | CONTINUE SEMI?                                           # continueStmt
  | RETURN expr? SEMI?                                       # returnStmt
  | THROW expr SEMI?                                         # throwStmt
  | AWAIT? postfixExpr (assignOp expr)? SEMI?                # exprStmt
  | SEMI                                                     # emptyStmt
  ;
ifStmt: IF expr block (ELSE (block | ifStmt))?;
// A statement-level expression is a name, call, member or index chain (an assignment target or a
// call). Statements need no separators, so letting them start with `-`, `!` or `not` would make
// `n = 1 - 1 - 1 …` ambiguous at every operator (quadratic prediction on long chains).
postfixExpr: primary postfixSuffix*;
postfixSuffix
  : (DOT | QDOT) ident            # memberSuffix
  | LBRACK expr RBRACK            # indexSuffix
  | LPAREN argList? RPAREN        # callSuffix
  ;
assignOp: ASSIGN | PLUS_ASSIGN | MINUS_ASSIGN | STAR_ASSIGN | SLASH_ASSIGN;

// ------------------------------------------------------------------------------- expressions
expr
  : primary                                             # primaryExpr
  | expr (DOT | QDOT) ident                             # memberExpr
  | expr LBRACK expr RBRACK                             # indexExpr
  | expr LPAREN argList? RPAREN                         # callExpr
  | (BANG | MINUS | PLUS | NOT) expr                    # unaryExpr
  | AWAIT expr                                          # awaitExpr
  | expr (STAR | SLASH | PERCENT) expr                  # binaryExpr
  | expr (PLUS | MINUS) expr                            # binaryExpr
  | expr (LT | LE | GT | GE) expr                       # binaryExpr
  | expr (EQ | NE) expr                                 # binaryExpr
  | expr (AND_AND | AND) expr                           # binaryExpr
  | expr (OR_OR | OR) expr                              # binaryExpr
  | <assoc = right> expr QUESTION expr COLON expr       # conditionalExpr
  ;
primary
  : literal                                             # literalPrimary
  | ident                                               # namePrimary
  | LPAREN expr RPAREN                                  # parenPrimary
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK          # arrayPrimary
  | LBRACE (objectEntry (COMMA? objectEntry)* COMMA?)? RBRACE  # objectPrimary
  ;
literal: NUMBER | STRING | TRUE_KW | FALSE_KW | NULL_KW | SIZE | DURATION | COLOR;
objectEntry: (ident | STRING) COLON expr;
argList: arg (COMMA arg)* COMMA?;
arg: (ident COLON)? expr;

// ------------------------------------------------------------------------------- workflows
workflow: WORKFLOW ident LBRACE workflowMember* RBRACE;
workflowMember
  : TRIGGER LBRACE trigger* RBRACE                      # triggerBlock
  | INPUT LBRACE (param sep?)* RBRACE                   # inputBlock
  | STATE LBRACE (stateVar sep?)* RBRACE                # workflowState
  | STEPS stepBlock                                     # stepsBlock
  | RETRY propsBlock                                    # retryBlock
  | CONCURRENCY propsBlock                              # concurrencyBlock
  | IDENT propsBlock                                    # flowBlock
  | IDENT COLON expr sep?                               # flowProp
  | ON_ERROR handlerBlock                               # onErrorBlock
  | ON_FAILURE handlerBlock                             # onFailureBlock
  ;
trigger
  : ON COLON? ident (LPAREN argList? RPAREN)? sep?      # onTrigger
  | ident sep?                                          # bareTrigger
  ;
handlerBlock
  : stepBlock                                           # handlerSteps
  | LBRACE (ident sep?)* RBRACE                         # handlerNames
  ;
propsBlock: LBRACE (prop sep?)* RBRACE;
prop: ident COLON expr;

stepBlock: LBRACE step* RBRACE;
step: (CONST ident ASSIGN)? stepBody sep?;
stepBody
  : RUN ident (LPAREN argList? RPAREN)?                                   # runStep
  | BRANCH LBRACE (CONDITION COLON branchCondition sep?)? STEPS stepBlock (ELSE stepBlock)? sep? RBRACE  # branchStep
  | ifStep                                                                # ifStepBody
  | FOREACH ident IN expr stepBlock                                       # forEachStep
  | WHILE expr stepBlock                                                  # whileStep
  | PARALLEL (LPAREN argList? RPAREN)? LBRACE parallelItem* RBRACE        # parallelStep
  | DB_TX stepBlock                                                       # dbTxStep
  | TRY stepBlock (CATCH ident? stepBlock)? (FINALLY stepBlock)?          # tryStep
  | (DELAY | SCHEDULE) ident? propsBlock                                  # timerPropsStep
  | (DELAY | SCHEDULE) expr                                               # timerExprStep
  | BREAK                                                                 # breakStep
  | CONTINUE                                                              # continueStep
  | RETURN expr?                                                          # returnStep
  | ident ident? propsBlock                                               # propsStep
  ;
branchCondition: LBRACE expr RBRACE | expr;
ifStep: IF expr stepBlock (ELSE (stepBlock | ifStep))?;
parallelItem
  : BRANCH stepBlock sep?     # parallelBranch
  | step                      # parallelSingle
  ;

// ------------------------------------------------------------------------------- tests
// `locusc test`: set rows up, stub external steps, run a workflow or an action, assert.
testBlock: TEST STRING LBRACE testMember* RBRACE;
testMember
  : GIVEN block                                            # givenMember
  | STUB ident ident? (RETURNS | THROWS) expr sep?         # stubMember
  | RUN ident (LPAREN argList? RPAREN)? sep?               # runMember
  | EXPECT expr sep?                                       # expectMember
  ;

// ------------------------------------------------------------------------------- uploads
upload: UPLOAD ident LBRACE uploadMember* RBRACE;
uploadMember
  : FIELD ident uploadProp*                 # uploadField
  | FIELD IDENT COLON STRING uploadProp*    # namedUploadField
  | STORE (COLON ident)? uploadProp*        # uploadStore
  ;
uploadProp
  : IDENT COLON mimeList sep?  # mimeProp
  | IDENT COLON expr sep?      # valueProp
  | IDENT sep?                 # flagProp
  ;
mimeList: LBRACK (mimeType (COMMA mimeType)*)? COMMA? RBRACK;
mimeType: (IDENT | STAR) SLASH (IDENT | STAR | DOT | MINUS | PLUS | NUMBER)+;
