// `locusc plugin grant|revoke`: edits one plugin's `allow = { … }` line in Locus.toml and leaves
// every other byte of the file as it was (comments, order, other tables).
#pragma once

#include <string>
#include <vector>

namespace locus::hooks {

struct GrantEdit {
  std::string plugin;
  std::string permission;          // network, env, fs.read, secrets
  std::vector<std::string> values; // names or patterns (none for network)
  bool grant = true;               // false: revoke (no values: all of that permission)
};

// The new text of Locus.toml, or "" with `error` set (unknown permission, a shape it cannot edit).
std::string applyGrantEdit(const std::string& tomlText, const GrantEdit& edit, std::string& error);

} // namespace locus::hooks
