// Plugin state rows in the PostgreSQL store (locus_plugin_state): read by a step's plugin call
// and written with the step's checkpoint (store.h, StoreTx::writePluginState).
#include "hooks/state/state_store.h"
#include "runtime/store/pg_store_impl.h"

namespace locus::rt {

PluginStateRows readPluginState(PgConnection& c, const std::string& plugin) {
  PgResult r =
      c.exec("SELECT key, value, checksum FROM locus_plugin_state WHERE plugin = $1", {plugin});
  PluginStateRows rows;
  for (int i = 0; i < r.rows(); ++i) rows[r.text(i, 0)] = {r.text(i, 1), r.text(i, 2)};
  return rows;
}

PluginStateRows PgTx::pluginState(const std::string& plugin) {
  return readPluginState(*c_, plugin);
}

void PgTx::writePluginState(const std::string& plugin, const PluginStateWrites& writes) {
  for (const auto& [key, value] : writes) {
    if (!value) {
      c_->exec("DELETE FROM locus_plugin_state WHERE plugin = $1 AND key = $2", {plugin, key});
      continue;
    }
    std::string text = value->dump();
    c_->exec("INSERT INTO locus_plugin_state VALUES ($1, $2, $3, $4) ON CONFLICT (plugin, key) "
             "DO UPDATE SET value = excluded.value, checksum = excluded.checksum",
             {plugin, key, text, hooks::stateChecksum(text)});
  }
}

} // namespace locus::rt
