// Server actions as TypeScript functions of the API (server/src/actions.ts): the IR body of each
// action that pages call, and of the actions those call, translated statement by statement.
// Data functions go through data.ts, which applies the caller's access policies in SQL, in the
// one transaction the action runs in. Values are typed `any` in the output: the checker typed
// the Locus code, and the route validates the arguments before the body runs.
#pragma once

#include "generators/generator.h"

#include "compiler/base/ordered_json.h"

#include <string>
#include <vector>

namespace locus::express {

// `async function run_<name>(cx: ActionContext, args: Args): Promise<unknown> { … }`;
// `callable` are the server actions actions.ts defines (calls between them stay on the server).
// What the server cannot do (a browser-only built-in such as navigate) is reported as W0809
// into `messages` and throws when reached.
std::string serverActionFunction(const locus::OrderedJson& action,
                                 const std::vector<const locus::OrderedJson*>& callable,
                                 bool hasAuth, std::vector<GeneratorMessage>& messages);

} // namespace locus::express
