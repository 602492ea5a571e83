// Reading one table of Locus.toml with located errors (E0806): the span of a TOML node, unknown
// keys with a did-you-mean, typed values. Shared by the readers of its sections.
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

namespace locus {

struct ConfigReader {
  const SourceSet& sources;
  FileId file;
  DiagnosticSink& sink;

  Span spanAt(const toml::source_region& region) const;
  void error(const toml::node& at, std::string message) const;
  // Reports keys of `table` that are not in `known`, with a did-you-mean.
  void checkKeys(const toml::table& table, const std::string& where,
                 const std::vector<std::string>& known) const;
  std::optional<std::string> string(const toml::table& table, const char* key,
                                    const std::string& where) const;
  // An integer in [min, max]; out of range or of another type is an error.
  std::optional<int64_t> integer(const toml::table& table, const char* key,
                                 const std::string& where, int64_t min, int64_t max) const;

  static std::string joinNames(const std::vector<std::string>& names);
};

} // namespace locus
