// Plugin state rows in the SQLite store (locus_plugin_state): read by a step's plugin call and
// written with the step's checkpoint (store.h, StoreTx::writePluginState).
#include "hooks/state/state_store.h"
#include "runtime/store/sqlite_store_impl.h"

namespace locus::rt {

PluginStateRows readPluginState(SqliteDb& db, const std::string& plugin) {
  SqliteStatement& st =
      db.prepared("SELECT key, value, checksum FROM locus_plugin_state WHERE plugin = ?");
  st.bindText(1, plugin);
  PluginStateRows rows;
  while (st.step()) rows[st.text(0)] = {st.text(1), st.text(2)};
  return rows;
}

void writePluginState(SqliteDb& db, const std::string& plugin, const PluginStateWrites& writes) {
  for (const auto& [key, value] : writes) {
    if (!value) {
      db.prepared("DELETE FROM locus_plugin_state WHERE plugin = ? AND key = ?")
          .bindText(1, plugin)
          .bindText(2, key)
          .step();
      continue;
    }
    std::string text = value->dump();
    db.prepared("INSERT INTO locus_plugin_state VALUES (?, ?, ?, ?) ON CONFLICT (plugin, key) "
                "DO UPDATE SET value = excluded.value, checksum = excluded.checksum")
        .bindText(1, plugin)
        .bindText(2, key)
        .bindText(3, text)
        .bindText(4, hooks::stateChecksum(text))
        .step();
  }
}

PluginStateRows SqliteTx::pluginState(const std::string& plugin) {
  return readPluginState(*db_, plugin);
}

void SqliteTx::writePluginState(const std::string& plugin, const PluginStateWrites& writes) {
  rt::writePluginState(*db_, plugin, writes);
}

} // namespace locus::rt
