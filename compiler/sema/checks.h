// The individual semantic checks; each reports into the sink and never stops early.
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/check_program.h"
#include "compiler/sema/symbols.h"

namespace locus {

// Entities, fields, types, attributes, defaults, relations, inverses, foreign keys, aliases.
void checkDatabase(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);
// Token names and formats (colors, sizes, font weights), known sections.
void checkDesignSystem(const ast::File& program, DiagnosticSink& sink);
// Upload policies: fields, sizes, mime lists, store settings.
void checkUploads(const ast::File& program, DiagnosticSink& sink);
// Pages/components/stores: UI identifiers, directives, if/elseif/else chains, component cycles,
// unknown components/events, bind targets, duplicate members.
void checkUi(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);
// Workflows: triggers, input/state, bindings (use before declaration, shadowing, duplicates),
// run targets, step kinds (built-in and plugin, schema-checked params), retry, concurrency,
// durations, break/continue placement, send_email/http_request rules.
void checkWorkflows(const ast::File& program, const Symbols& symbols, const CheckOptions& options,
                    DiagnosticSink& sink);
// Statement and expression bodies (actions, on load, server actions): scopes, types, data
// functions (find/findOne/create/update/delete), assignments, calls.
void checkCode(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);
// Type names outside entity fields (state, params, actions, typed const/let, workflow input and
// state) must name a primitive, an entity or an alias (E0104).
void checkTypeNames(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);
// One written type; `what` names its owner in the message ("param 'x'").
void checkTypeName(const ast::TypeRef* ref, const std::string& what, const Symbols& symbols,
                   DiagnosticSink& sink);
// The `auth { }` block (user entity and its fields) and every entity's `access { }` policies.
void checkAuth(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);
// `page X(guard: roles)` with `auth { }`: the roles are names and auth has a role field.
void checkGuards(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);

// `test "…" { }` blocks: target, arguments, stubs, `given` and `expect` bodies.
void checkTests(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);

} // namespace locus
