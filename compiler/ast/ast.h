// The abstract syntax tree of one .locus file (and, after merging, of a whole program).
// Plain data: every node carries its Span; child nodes are owned by value or unique_ptr.
// The JSON form (ast_json.h) is stable and documented in docs/language/ast.md.
#pragma once

#include "compiler/base/source_span.h"

#include <memory>
#include <string>
#include <vector>

namespace locus::ast {

struct Ident {
  std::string name;
  Span span;
};

// ---------------------------------------------------------------------------------- types

struct TypeRef {
  Ident name;            // String, Integer, an entity, an alias …
  bool list = false;     // T[] or `list of T`
  bool listOf = false;   // written in the legacy `list of T` form
  bool optional = false; // T?
  bool nullable = false; // T | Null, or `T nullable`
  Span span;
};

// ----------------------------------------------------------------------------- expressions

enum class ExprKind {
  Number, // text holds the literal as written (42, 3.5)
  String, // text holds the unescaped value
  Bool,   // text "true" / "false"
  Null,
  Size,        // 5MB: text as written
  Duration,    // 250ms, 5s: text as written
  Color,       // #fff: text as written
  Name,        // text is the identifier
  Member,      // lhs.text
  Index,       // lhs[rhs]
  Call,        // lhs(args)
  Unary,       // op lhs
  Binary,      // lhs op rhs
  Array,       // [elements]
  Object,      // {key: value, …} as args (named)
  Conditional, // lhs ? rhs : alt
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Arg {
  Ident name; // empty for positional arguments and array elements
  ExprPtr value;
};

struct Expr {
  ExprKind kind = ExprKind::Null;
  std::string text; // literal text, identifier, member name, or operator
  ExprPtr lhs, rhs;
  ExprPtr alt;                // Conditional: the else value
  std::vector<Arg> args;      // call arguments, array elements, object entries
  bool optionalChain = false; // Member written `a?.b`
  Span span;
};

// ------------------------------------------------------------------------------ statements

enum class StmtKind { Let, Const, Assign, If, For, While, Break, Continue, Return, Throw, Expr };

struct Stmt;
using Block = std::vector<Stmt>;

struct Stmt {
  StmtKind kind = StmtKind::Expr;
  Ident name;                    // Let/Const: variable; For: loop variable
  std::unique_ptr<TypeRef> type; // Let/Const: optional declared type
  std::string op;                // Assign: "=", "+=", "-=", "*=", "/="
  ExprPtr target;                // Assign: the lvalue
  ExprPtr value;                 // initializer, assigned value, condition, iterable, returned value
  Block body;                    // If: then-branch; For/While: loop body
  Block elseBody;                // If: else-branch (an `else if` is a single nested If)
  bool hasElse = false;
  Span span;
};

// ------------------------------------------------------------------------------ attributes

struct Attribute {
  Ident name;            // without '@': unique, default, map, min, …
  std::vector<Arg> args; // positional or named
  bool legacy = false;   // written in the deprecated `(unique)` / `(default: x)` form
  Span span;
};

// -------------------------------------------------------------------------------- database

enum class RelationKind { None, HasMany, BelongsTo, HasOne };

struct Field {
  Ident name;
  TypeRef type; // for relations: the target entity
  RelationKind relation = RelationKind::None;
  std::vector<Attribute> attributes;
  Ident onDelete; // relations: cascade | restrict | set_null
  Ident inverse;  // relations: the back-pointing field of the target
  Span span;
};

struct Entity {
  Ident name;
  std::vector<Field> fields;
  std::vector<Arg> access; // `access { read: expr, … }`: operation → boolean policy
  bool hasAccess = false;
  Span accessSpan;
  Span span;
};

struct Database {
  std::vector<Entity> entities;
  Span span;
};

// ---------------------------------------------------------------------------- design system

// A design token value or a nested group: colors { light { primary: "#fff" } }.
struct TokenEntry {
  Ident key;
  ExprPtr value;                 // leaf: a literal
  std::vector<TokenEntry> group; // group: nested entries
  bool isGroup = false;
  Span span;
};

struct DesignSystem {
  std::vector<TokenEntry> sections; // colors, typography, spacing, radii, shadows, …
  Span span;
};

// ------------------------------------------------------------------------ UI markup

enum class UiNodeKind { Element, Text, Expr };

enum class UiAttrKind {
  Plain,   // name="str" | name={expr} | name=bare | name (boolean)
  On,      // on:event={handler}
  Bind,    // bind:prop={target}
  ForEach, // for:each={item in list}
};

struct UiAttr {
  UiAttrKind kind = UiAttrKind::Plain;
  Ident name;     // attribute name; for directives the part after ':'
  ExprPtr value;  // null for a bare boolean attribute
  Ident loopVar;  // ForEach: item
  Ident indexVar; // ForEach: optional `item, i in list`
  Span span;
};

struct UiNode {
  UiNodeKind kind = UiNodeKind::Element;
  Ident tag;                 // Element
  std::vector<UiAttr> attrs; // Element
  std::vector<UiNode> children;
  bool selfClosing = false;
  std::string text; // Text: the text with whitespace runs collapsed
  ExprPtr expr;     // Expr: {expr}
  Span span;
};

// ---------------------------------------------------------------- pages, components, stores

struct Param {
  Ident name;
  std::unique_ptr<TypeRef> type; // absent in untyped forms (`action use(x)`, `input { userId }`)
  ExprPtr defaultValue;
  Span span;
};

struct StateVar {
  Ident name;
  std::unique_ptr<TypeRef> type;
  ExprPtr init;
  Span span;
};

struct Action {
  Ident name;
  std::vector<Param> params;
  std::unique_ptr<TypeRef> returnType;
  Block body;
  bool server = false; // a top-level `action` (runs on the server, callable by `run`)
  Span span;
};

struct StyleOverride {
  std::string css; // raw CSS as written between the braces
  Span span;
};

enum class UiContainerKind { Page, Component, Store };

// Page, component and store share one shape; unused parts stay empty.
struct UiContainer {
  UiContainerKind kind = UiContainerKind::Page;
  Ident name;
  std::vector<Arg> headerArgs; // page Home(guard: admin)
  std::vector<Param> params;   // component `param x: T = v`
  std::vector<StateVar> state;
  std::vector<Block> onLoad; // `on load { … }` (several are allowed and run in order)
  std::vector<Action> actions;
  std::vector<UiNode> ui; // top-level nodes of `ui { … }`
  bool hasUi = false;
  Span uiSpan;
  std::unique_ptr<StyleOverride> styleOverride;
  Span span;
};

// -------------------------------------------------------------------------------- workflows

enum class StepKind {
  Run,          // [const x =] run action(args)
  Branch,       // peer form: branch { condition: c steps { … } else { … } }
  If,           // if c { … } else { … }
  ForEach,      // forEach x in xs { … }
  While,        // while c { … }
  Parallel,     // parallel [ { max: 4 } ] { branch { … } … | step … }
  DbTx,         // db_tx { … }
  Try,          // try { … } catch e { … } finally { … }
  Delay,        // delay 5s | delay { for: "1s" }
  Schedule,     // schedule { at: expr } / schedule 5m — durable timer
  HttpRequest,  // http_request [name] { url: …, method: … }
  SendEmail,    // send_email { to: …, subject: … }
  QueuePublish, // queue_publish { topic: …, payload: … }
  WaitFor,      // wait_for [name] { signal: "x" | approval: "y", timeout: 1h }
  Break,
  Continue,
  Return,  // return expr  (the workflow's output)
  Generic, // any other `kind [name] { key: expr … }`, resolved against plugin step kinds
};

struct Step;
using StepList = std::vector<Step>;

struct Step {
  StepKind kind = StepKind::Run;
  Ident keyword;         // the kind as written (run, forEach, slack_post, …)
  Ident binding;         // `const x = …`
  Ident name;            // explicit step name (http_request fetchUser { … })
  Ident target;          // Run: the action
  std::vector<Arg> args; // Run: arguments; others: `key: expr` properties
  ExprPtr condition;     // If/Branch/While; Delay: duration; Return: value
  Ident loopVar;         // ForEach
  ExprPtr iterable;      // ForEach
  StepList body;         // then / loop body / db_tx / try / parallel (single steps)
  StepList elseBody;     // If/Branch else
  bool hasElse = false;
  std::vector<StepList> branches; // Parallel: one list per branch (a bare step is a branch of one)
  Ident catchVar;                 // Try
  StepList catchBody;
  bool hasCatch = false;
  StepList finallyBody;
  bool hasFinally = false;
  Span span;
};

enum class TriggerKind { Webhook, Create, Update, Delete, Schedule, Queue, Manual, Unrecognized };

struct Trigger {
  TriggerKind kind = TriggerKind::Unrecognized;
  Ident word;            // as written: webhook, create, …, or the bare word
  std::vector<Arg> args; // webhook(secret: X), create(Entity), schedule("cron"), queue(topic)
  bool hasParens = false;
  bool bare = false; // written without `on` (peer compatibility: `trigger { t }`)
  Span span;
};

// A flow-control option of a workflow: `throttle { … }`, `rateLimit { … }`, `debounce { … }`,
// `priority { … }` or `priority: expr`. Parsed under any name; sema checks the name.
struct FlowOption {
  Ident name;
  std::vector<Arg> props; // the block form
  ExprPtr value;          // the `name: expr` form (null for a block)
  Span span;
};

struct Workflow {
  Ident name;
  std::vector<Trigger> triggers;
  bool hasTrigger = false;
  std::vector<Param> input;
  std::vector<StateVar> state;
  StepList steps;
  bool hasSteps = false;
  std::vector<Arg> retry; // key: expr
  bool hasRetry = false;
  Span retrySpan;
  std::vector<Arg> concurrency; // group, limit
  bool hasConcurrency = false;
  Span concurrencySpan;
  std::vector<FlowOption> flow; // in source order
  std::vector<Ident> onError;   // peer form: bare action names
  StepList onErrorSteps;        // our form: steps
  std::vector<Ident> onFailure;
  StepList onFailureSteps;
  Span span;
};

// ---------------------------------------------------------------------------------- uploads

struct UploadField {
  Ident name;
  std::vector<Arg> props;        // maxSize, maxCount, mime
  std::vector<std::string> mime; // normalised mime list (image/png, …)
  Span mimeSpan;
  bool required = false;
  Span span;
};

struct Upload {
  Ident name;
  std::vector<UploadField> fields;
  std::vector<Arg> store; // strategy, path, naming
  bool hasStore = false;
  Span storeSpan;
  Span span;
};

// -------------------------------------------------------------------------------- top level

struct TypeAlias {
  Ident name;
  TypeRef type;
  Span span;
};

// `auth { user: User, identity: email, password: passwordHash, role: role }`: settings by key.
struct Auth {
  std::vector<Arg> settings;
  Span span;
};

// `enum Status { todo doing done }`: a type whose values are the listed strings.
struct EnumDecl {
  Ident name;
  std::vector<Ident> values;
  Span span;
};

struct Import {
  std::string path;
  Span span;
};

// ------------------------------------------------------------------------------------ tests

// `stub http_request charge returns { status: 200 }`: what a step answers in a test instead of
// running. Without a name it answers for every step of that kind.
struct TestStub {
  Ident kind;          // http_request, send_email, wait_for, a plugin kind, …
  Ident name;          // the step's label (binding or explicit name); empty: every step of the kind
  bool throws = false; // `throws { message: … }`: the step fails with that error
  ExprPtr value;
  Span span;
};

// `test "name" { given { … } stub … run Target(args) expect … }` (locusc test).
struct Test {
  std::string name;
  Span nameSpan;
  Block given; // statements run before the target: rows created in the throwaway store
  std::vector<TestStub> stubs;
  Ident target;          // the workflow or server action that is run
  std::vector<Arg> args; // workflow input (named) or action arguments
  bool hasRun = false;
  Span runSpan;
  std::vector<ExprPtr> expects; // assertions, in order
  Span span;
};

// One parsed file. After merging, one File holds the whole program (each node keeps the Span
// of the file it came from).
struct File {
  FileId id = kNoFile;
  std::vector<Import> imports;
  std::vector<TypeAlias> typeAliases;
  std::vector<EnumDecl> enums;
  std::vector<Database> databases;
  std::vector<DesignSystem> designSystems;
  std::vector<UiContainer> pages;
  std::vector<UiContainer> components;
  std::vector<UiContainer> stores;
  std::vector<Workflow> workflows;
  std::vector<Upload> uploads;
  std::vector<Action> actions; // top-level server actions
  std::vector<Auth> auths;     // at most one per program (sema reports the others)
  std::vector<Test> tests;     // `test "…" { }` blocks (locusc test; not part of the IR)
};

const char* exprKindName(ExprKind k);
const char* stmtKindName(StmtKind k);
const char* stepKindName(StepKind k);
const char* triggerKindName(TriggerKind k);
const char* relationKindName(RelationKind k);
const char* uiDirectiveName(UiAttrKind k);          // "on", "bind", "for"; "" for plain attributes
const char* uiContainerKindName(UiContainerKind k); // "page", "component", "store"

} // namespace locus::ast
