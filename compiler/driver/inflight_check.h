// `locusc build --inflight-db URL`: the runtime's upgrade check (runtime/engine/upgrade_check.h)
// as part of a build, so CI refuses a program that some run in flight could not continue on
// before it is deployed. The rules are in docs/runtime.md, "Upgrading in-flight runs".
#pragma once

#include "compiler/base/ordered_json.h"
#include "compiler/diagnostics/diagnostic.h"

#include <string>

namespace locus {

// Opens the existing state database `db` (a SQLite file or a postgres:// URL) and reports each run
// in flight that could not continue on the program `ir` as an error E0810 (a store that cannot be
// opened: E0811). True when no error was reported.
bool checkInflightRuns(const std::string& db, const OrderedJson& ir, DiagnosticSink& sink);

} // namespace locus
