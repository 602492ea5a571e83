// Test support for the runtime's end-to-end tests: a copy of a fixture project in a temporary
// directory, `locus` invocations in it, and direct reads of its state store.
#pragma once

#include "tests/e2e/run_process.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace locus::test {

struct RuntimeProject {
  explicit RuntimeProject(const std::string& fixture = "bank");
  ~RuntimeProject();
  RuntimeProject(const RuntimeProject&) = delete;

  ProcessResult locus(const std::string& args) const;
  void write(const std::string& relative, const std::string& text) const;
  // One column of the first row of a query on .locus/state.db ("" when no row).
  std::string sql(const std::string& query) const;
  std::vector<nlohmann::json> trace(const std::string& run) const;

  std::string dir;
  std::string db() const { return dir + "/.locus/state.db"; }
};

} // namespace locus::test
