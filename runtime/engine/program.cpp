#include "runtime/engine/program.h"

#include "runtime/engine/auth_mail.h"

#include <cstdio>
#include <stdexcept>

namespace locus::rt {

namespace {

EntityMeta entityMeta(const Json& e) {
  EntityMeta m;
  m.name = e.at("name").get<std::string>();
  m.table = e.at("table").get<std::string>();
  const Json& pk = e.at("primaryKey");
  m.primaryKeyField = pk.at("field").get<std::string>();
  m.primaryKeyColumn = pk.at("column").get<std::string>();
  bool pkListed = false;
  for (const Json& f : e.at("fields")) {
    FieldMeta fm{f.at("name").get<std::string>(), f.at("column").get<std::string>(),
                 f.at("type").get<std::string>(), f.value("list", false)};
    pkListed = pkListed || fm.name == m.primaryKeyField;
    m.fields.push_back(std::move(fm));
  }
  if (!pkListed)
    m.fields.insert(m.fields.begin(), FieldMeta{m.primaryKeyField, m.primaryKeyColumn,
                                                pk.value("type", "Integer"), false});
  return m;
}

} // namespace

std::string irHash(const std::string& irText) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : irText) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::unique_ptr<Program> programFromIr(Json ir) {
  if (!ir.is_object() || !ir.contains("irVersion"))
    throw std::runtime_error("not a Locus IR document (no irVersion); build it with `locusc ir`");
  if (ir["irVersion"] != 1)
    throw std::runtime_error("IR version " + ir["irVersion"].dump() +
                             " is not supported by this runtime (it reads irVersion 1)");
  auto p = std::make_unique<Program>();
  p->hash = irHash(ir.dump());
  p->ir = std::move(ir);
  if (p->ir.contains("auth") && p->ir["auth"].is_object())
    p->builtinWorkflows.push_back(authMailWorkflow());
  for (const Json& w : p->ir["workflows"]) p->workflows[w.at("name").get<std::string>()] = &w;
  for (const Json& w : p->builtinWorkflows) p->workflows[w.at("name").get<std::string>()] = &w;
  for (const Json& a : p->ir["actions"]) p->actions[a.at("name").get<std::string>()] = &a;
  for (const Json& e : p->ir["entities"]) {
    EntityMeta m = entityMeta(e);
    p->entities[m.name] = std::move(m);
  }
  return p;
}

std::unique_ptr<Program> programFromIrText(const std::string& text) {
  Json ir = Json::parse(text, nullptr, false);
  if (ir.is_discarded()) throw std::runtime_error("the IR bundle is not valid JSON");
  return programFromIr(std::move(ir));
}

} // namespace locus::rt
