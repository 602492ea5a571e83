// Which plugin code a run executes with: per plugin, a SHA-256 over its files (docs/runtime.md,
// "Plugins and hooks"). A run records the set it first executed with, so a resume or a worker
// never continues it on different plugin code unless told to (`--allow-plugin-change`).
#pragma once

#include "hooks/discovery/discover.h"

#include <nlohmann/json.hpp>

namespace locus::rt::plugins {

// {"NAME": "VERSION sha256:HEX", …}: the digest covers every file under the plugin's folder
// (sorted by path) except dependency and cache folders (node_modules, .git, __pycache__,
// .venv, target), which the installed package or its lock pins.
nlohmann::json pluginDigests(const hooks::PluginSet& set);

} // namespace locus::rt::plugins
