#include "runtime/engine/entity_events.h"

#include <cstdio>
#include <random>

namespace locus::rt {

namespace {

bool isEntityEvent(const std::string& kind) {
  return kind == "create" || kind == "update" || kind == "delete";
}

} // namespace

std::string entityEventTopic(const std::string& event, const std::string& entity) {
  return event + ":" + entity;
}

bool listensTo(const Program& program, const std::string& event, const std::string& entity) {
  for (const auto& [name, wf] : program.workflows)
    for (const Json& t : (*wf)["triggers"])
      if (t.value("kind", "") == event && t.value("entity", "") == entity) return true;
  return false;
}

Json entityEventPayload(const std::string& event, const std::string& entity, const Json& id,
                        const Json& record, const Json& previous) {
  Json payload = record.is_object() ? record : Json::object();
  payload["event"] = event;
  payload["entity"] = entity;
  payload["id"] = id;
  payload["record"] = record;
  payload["previous"] = previous;
  return payload;
}

std::string newEntityEventKey() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char buf[40];
  std::snprintf(buf, sizeof buf, "rt:%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return buf;
}

std::vector<std::string> subscribersOf(const Program& program, const std::string& topic) {
  std::vector<std::string> out;
  for (const auto& [name, wf] : program.workflows)
    for (const Json& t : (*wf)["triggers"]) {
      std::string kind = t.value("kind", "");
      bool match = kind == "queue"       ? t.value("topic", "") == topic
                   : isEntityEvent(kind) ? entityEventTopic(kind, t.value("entity", "")) == topic
                                         : false;
      if (match) {
        out.push_back(name);
        break;
      }
    }
  return out;
}

Json inputFromMessage(const Json& workflow, const std::string& topic, const Json& payload) {
  bool entityEvent = topic.find(':') != std::string::npos;
  if (!entityEvent) return payload.is_object() ? payload : Json{{"payload", payload}};
  Json input = Json::object();
  if (!payload.is_object()) return input;
  for (const Json& p : workflow["input"]) {
    std::string name = p["name"].get<std::string>();
    if (payload.contains(name)) input[name] = payload[name];
  }
  return input;
}

} // namespace locus::rt
