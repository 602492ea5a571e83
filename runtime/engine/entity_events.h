// Entity events: a change of an entity row that some workflow's `on:create(E)`, `on:update(E)`
// or `on:delete(E)` trigger listens to. The change's transaction also writes a message to the
// store's queue (the outbox) on the topic "<event>:<Entity>" — the generated API does it in SQL
// (generators/express/templates/outbox.ts), the engine's create/update/delete here — and the
// worker delivers it like any queue message: one transaction marks it delivered and creates the
// runs, whose IDs come from the message, so each listening workflow starts exactly once.
#pragma once

#include "runtime/engine/program.h"

#include <string>
#include <vector>

namespace locus::rt {

// "create:Contact" (never a queue trigger's topic: those are names without a colon).
std::string entityEventTopic(const std::string& event, const std::string& entity);
// True when some workflow of `program` listens to `event` of `entity`.
bool listensTo(const Program& program, const std::string& event, const std::string& entity);
// The message's payload: the row's fields, plus event, entity, id, record and previous (the row
// before an update, else null).
Json entityEventPayload(const std::string& event, const std::string& entity, const Json& id,
                        const Json& record, const Json& previous);
// A fresh outbox key for an event the engine records (the message's transaction makes it once).
std::string newEntityEventKey();
// The workflows a message on `topic` starts: queue triggers of that topic, entity triggers of
// that event.
std::vector<std::string> subscribersOf(const Program& program, const std::string& topic);
// The input of `workflow` from a message's payload. An entity event's payload is cut down to the
// workflow's declared inputs (a workflow takes `input { id: Integer }` or `input { email: Email,
// record: Contact }` as it likes); a queue message's object payload is the input as it is.
Json inputFromMessage(const Json& workflow, const std::string& topic, const Json& payload);

} // namespace locus::rt
