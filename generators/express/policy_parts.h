// An entity's access policy (IR `access`, docs/ir.md) as the pieces of a SQL condition, written
// as a TypeScript literal for server/src/policies.ts. The running server joins the pieces into
// `WHERE (...)` text, turning the signed-in user's values into parameters, so every policy is
// evaluated by the database: lists are filtered in SQL, and reads, writes and includes all use
// one evaluator with SQL's null semantics (a missing user makes every comparison with it fail).
#pragma once

#include "compiler/base/ordered_json.h"

#include <string>

namespace locus::express {

// The policy expression `expr` of `entity` (IR entity) as a TS array of pieces:
//   "sql text" | {c: "column"} (a column of the row) | {u: "field", t: "pgtype"} (a field of
//   the current user, cast to its type) | {s: true|false} (TRUE when the signed-in state is s).
// `user` is the IR entity named by the auth block. A null `expr` (no policy: denied) is ["FALSE"].
std::string policyPiecesTs(const OrderedJson& expr, const OrderedJson& entity,
                           const OrderedJson& user);

// The PostgreSQL type a value of this IR primitive type is cast to in a policy.
std::string policyPgType(const std::string& primitive);

} // namespace locus::express
