// The order in which plugins subscribed to one hook are called (docs/design/DESIGN.md §5): by
// `order` bucket (pre, normal, post), then by `before`/`after` constraints, solved as a DAG with
// Boost.Graph. Ties keep the given (discovery) order, so the result is deterministic. A cycle —
// including a constraint that contradicts the buckets — is an error naming the plugins on it.
#pragma once

#include "hooks/manifest/manifest.h"

#include <string>
#include <vector>

namespace locus::hooks {

struct OrderEntry {
  std::string plugin;
  OrderBucket order = OrderBucket::Normal;
  std::vector<std::string> before; // names not among the entries are ignored
  std::vector<std::string> after;
};

struct OrderCycle {
  std::vector<std::string> plugins; // on the cycle, in cycle order, each once
  std::string message;              // "ordering cycle on onPreGenerate: a → b → a (…)"
};

struct HookOrder {
  std::vector<std::string> plugins; // call order; empty when there is a cycle
  std::optional<OrderCycle> cycle;
};

HookOrder orderSubscribers(std::string_view hook, const std::vector<OrderEntry>& entries);

std::string_view bucketName(OrderBucket b);

} // namespace locus::hooks
