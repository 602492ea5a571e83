// Generator messages → located compiler diagnostics (IR spans name files by path).
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "generators/run_generators.h"

namespace locus {

// Adds one diagnostic per message, prefixed with the generator's name; an IR span becomes a
// source location when its file is part of `sources`.
// `pathBase` is the folder the IR's span paths are relative to (LowerOptions::pathBase).
void reportGeneratorMessages(const std::vector<NamedMessage>& messages, const SourceSet& sources,
                             const std::string& pathBase, DiagnosticSink& sink);

// The source location of an IR span ({"file","line","col","length"}), or an invalid span.
Span spanFromIr(const locus::OrderedJson& span, const SourceSet& sources,
                const std::string& pathBase);

} // namespace locus
