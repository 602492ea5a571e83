#include "hooks/discovery/grant_edit.h"

#include "hooks/discovery/plugin_config.h"
#include "compiler/base/suggest.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace locus::hooks {

namespace {

std::string quotedList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    std::string escaped;
    for (char c : item)
      escaped += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    out += (out.size() > 1 ? ", \"" : "\"") + escaped + "\"";
  }
  return out + "]";
}

std::string allowLine(const PermissionPolicy& p) {
  std::vector<std::string> parts;
  if (p.allowNetwork) parts.push_back("network = true");
  if (!p.allowEnv.empty()) parts.push_back("env = " + quotedList(p.allowEnv));
  if (!p.allowFsRead.empty()) parts.push_back("fs.read = " + quotedList(p.allowFsRead));
  if (!p.allowSecrets.empty()) parts.push_back("secrets = " + quotedList(p.allowSecrets));
  std::string line = "allow = {";
  for (std::size_t i = 0; i < parts.size(); ++i) line += (i ? ", " : " ") + parts[i];
  return line + (parts.empty() ? "}" : " }");
}

void change(std::vector<std::string>& list, const std::vector<std::string>& values, bool grant) {
  if (!grant && values.empty()) return list.clear();
  for (const std::string& v : values) {
    auto at = std::find(list.begin(), list.end(), v);
    if (grant && at == list.end()) list.push_back(v);
    if (!grant && at != list.end()) list.erase(at);
  }
}

bool isTableHeader(const std::string& line) {
  std::size_t start = line.find_first_not_of(" \t");
  return start != std::string::npos && line[start] == '[';
}

} // namespace

std::string applyGrantEdit(const std::string& text, const GrantEdit& edit, std::string& error) {
  PluginConfig config = parsePluginConfig(text, "Locus.toml");
  for (const LoadProblem& p : config.problems)
    if (p.severity == LoadProblem::Severity::Error) return error = p.message, "";
  PermissionPolicy policy = config.settings.count(edit.plugin)
                                ? config.settings.at(edit.plugin).policy
                                : PermissionPolicy{};
  if (edit.permission == "network")
    policy.allowNetwork = edit.grant;
  else if (edit.permission == "env")
    change(policy.allowEnv, edit.values, edit.grant);
  else if (edit.permission == "fs.read")
    change(policy.allowFsRead, edit.values, edit.grant);
  else if (edit.permission == "secrets")
    change(policy.allowSecrets, edit.values, edit.grant);
  else
    return error = "unknown permission '" + edit.permission + "'" +
                   didYouMeanSuffix(edit.permission, {"network", "env", "fs.read", "secrets"}) +
                   " (one of network, env, fs.read, secrets)",
           "";

  // Find the plugin's table and its allow line; other lines are kept byte for byte.
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // Plugin names are [a-z][a-z0-9-]*: nothing in them is special in a regular expression.
  const std::regex header("^\\s*\\[\\s*plugins\\s*\\.\\s*\"?" + edit.plugin +
                          "\"?\\s*\\]\\s*(#.*)?$");
  const std::regex allow("^\\s*allow\\s*=.*$");
  const std::regex shorthand("^\\s*\"?" + edit.plugin + "\"?\\s*=\\s*\".*$");
  std::ptrdiff_t table = -1, allowAt = -1;
  bool inPlugins = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (isTableHeader(lines[i])) {
      if (table >= 0) break; // the plugin's table ends here
      inPlugins = std::regex_search(lines[i], std::regex("^\\s*\\[\\s*plugins\\s*\\]"));
      if (std::regex_match(lines[i], header)) table = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    if (inPlugins && std::regex_match(lines[i], shorthand))
      return error = "plugin '" + edit.plugin + "' is given as `" + edit.plugin +
                     " = \"path\"` under [plugins]; make it a [plugins." + edit.plugin +
                     "] table with `path = …` to give it grants",
             "";
    if (table >= 0 && std::regex_match(lines[i], allow)) allowAt = static_cast<std::ptrdiff_t>(i);
  }
  std::string line = allowLine(policy);
  if (allowAt >= 0)
    lines[static_cast<std::size_t>(allowAt)] = line;
  else if (table >= 0)
    lines.insert(lines.begin() + table + 1, line);
  else {
    if (!lines.empty() && !lines.back().empty()) lines.push_back("");
    lines.push_back("[plugins." + edit.plugin + "]");
    lines.push_back(line);
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  PluginConfig check = parsePluginConfig(out, "Locus.toml");
  for (const LoadProblem& p : check.problems)
    if (p.severity == LoadProblem::Severity::Error)
      return error = "the edit would break Locus.toml (" + p.message + "); edit it by hand", "";
  return out;
}

} // namespace locus::hooks
