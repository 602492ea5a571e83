// The program a run executes: the IR (compiled by the `locus` tool, runtime/cli/compile_project.h,
// or read from a bundle file) with its workflows, server actions and entities indexed by name.
// Runs keep the hash of the IR they started with, and the store keeps the IR text, so a resume
// executes the same steps even after the project changed.
#pragma once

#include "runtime/store/entity_meta.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>

namespace locus::rt {

using Json = nlohmann::json;

struct Program {
  Json ir;
  std::string hash; // of the IR text (FNV-1a 64, hex)
  // The runtime's own workflows the IR asks for (auth_mail.h); kept out of `ir`, which is stored
  // and hashed as the program's identity.
  Json builtinWorkflows = Json::array();
  std::map<std::string, const Json*> workflows; // the IR's and the built-in ones
  std::map<std::string, const Json*> actions;   // server actions
  std::map<std::string, EntityMeta> entities;

  const Json* workflow(const std::string& name) const {
    auto it = workflows.find(name);
    return it == workflows.end() ? nullptr : it->second;
  }
};

// Indexes an IR document. Throws std::runtime_error when it is not IR this runtime reads.
std::unique_ptr<Program> programFromIr(Json ir);
std::unique_ptr<Program> programFromIrText(const std::string& text);

std::string irHash(const std::string& irText);

} // namespace locus::rt
