// The pinned Node toolchain the generated app runs on: the `node` binary and the node_modules
// folder that scripts/setup.sh installs from scripts/node (every package the generated API and
// web app import, at the versions their package.json files pin). `locus dev` links the app's
// node_modules to it, so nothing is downloaded (works offline).
#pragma once

#include <string>

namespace locus::dev {

struct NodeToolchain {
  std::string node;        // the node binary
  std::string nodeModules; // the pinned node_modules folder
};

// $LOCUS_NODE (else `node` on PATH) and $LOCUS_NODE_MODULES (else scripts/node/node_modules of
// the source tree this binary was built from, else <prefix>/share/locus/node/node_modules beside
// an installed binary). False with `error` saying what to install or set.
bool findNodeToolchain(NodeToolchain& out, std::string& error);

// Makes `<appDir>/node_modules` a link to the toolchain's folder unless the app already has its
// own node_modules (a user's `npm install` is left alone).
bool linkNodeModules(const NodeToolchain& toolchain, const std::string& appDir, std::string& error);

} // namespace locus::dev
