// A plugin that does nothing at onPostValidate (answers {} without reading its params): with it,
// bench/plugin_payload_bench.sh measures what a full-program hook costs the host.
#include "locus_plugin.hpp"

int main() {
  locus_plugin::Plugin plugin("noop", "1.0.0");
  plugin.hook("onPostValidate",
              [](const locus_plugin::json&) { return locus_plugin::json::object(); });
  return plugin.run();
}
