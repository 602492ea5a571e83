// The HTTP API that the generated Express server exposes, read from the IR once: the entities
// with their field specs, the webhook endpoints of webhook-triggered workflows, the upload
// policies, and the list of routes. The express, openapi and uploads generators all render from
// this one model, so the OpenAPI document describes exactly the routes the server serves.
#pragma once

#include "generators/generator.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace locus::api {

// The header that carries a webhook's shared secret.
inline constexpr const char* kWebhookSecretHeader = "X-Webhook-Secret";

// One JSON key of a request or response body (an entity field or a workflow input).
struct ApiField {
  std::string name;
  std::string column;
  std::string type; // an IR primitive; workflow inputs of entity or untyped type become "Json"
  bool list = false;
  bool optional = false;
  bool nullable = false;
  bool hasDefault = false;
  bool primaryKey = false;
  bool generated = false; // assigned by the database (autoincrement key)
  bool unique = false;
  bool email = false;
  std::optional<double> min, max;
  std::optional<std::int64_t> minLength, maxLength;
  std::optional<std::string> pattern;
  nlohmann::json defaultLiteral;       // a literal @default, or null
  std::vector<std::string> enumValues; // an enum-typed field: the values it may hold
};

// A relation, as `include` follows it and many-to-many link routes serve it.
struct ApiRelation {
  std::string name;
  std::string kind;       // belongs_to, has_many, has_one
  std::string target;     // the target entity's name
  std::string foreignKey; // belongs_to: this entity's field; else the target's ("" = none)
  bool manyToMany = false;
  std::string joinTable, ownColumn, targetColumn; // many-to-many only
};

struct ApiEntity {
  std::string name;
  std::string table;
  std::size_t primaryKeyIndex = 0;    // into fields
  std::vector<ApiField> fields;       // the key first when it is implicit
  std::vector<ApiRelation> relations; // those the API can follow (see buildApiModel)
  // create, update, delete: the changes some workflow's on:create/update/delete trigger listens
  // to; the API records each in the runtime's outbox in the change's own transaction.
  std::vector<std::string> events;
  locus::OrderedJson span;
};

struct ApiWebhook {
  std::string workflow;
  std::string secretEnv;
  std::vector<ApiField> input;
};

// A server action pages call: POST /api/actions/<name> with its parameters by name.
struct ApiServerAction {
  std::string name;
  std::vector<ApiField> params;
  const locus::OrderedJson* node = nullptr; // the IR action (body, return type, span)
};

struct ApiUploadField {
  std::string name;
  std::optional<std::int64_t> maxSizeBytes;
  std::int64_t maxCount = 1;
  std::vector<std::string> mime;
  bool required = false;
};

struct ApiUpload {
  std::string name;
  std::vector<ApiUploadField> fields;
  std::string strategy; // local or s3
  std::string path;
  std::string naming; // uuid, hash or original
  locus::OrderedJson span;
};

// The sign-up, login and mail routes of `auth { }` (/auth/*), read from the IR's auth section.
struct ApiAuth {
  std::string userEntity;
  std::string identityField;
  bool verifyRequired = false;
};

struct ListLimits {
  int defaultLimit = 50;
  int maxLimit = 100;
};

struct ApiModel {
  std::vector<ApiEntity> entities;
  std::vector<ApiWebhook> webhooks;
  std::vector<ApiServerAction> serverActions; // called by pages, components or stores
  std::vector<ApiUpload> uploads;
  std::optional<ApiAuth> auth;
  ListLimits limits;
  std::vector<GeneratorMessage> messages; // problems found while reading the IR
};

// `options` may set defaultPageSize and maxPageSize (docs/generators/express.md).
ApiModel buildApiModel(const locus::OrderedJson& ir, const nlohmann::json& options);

// Fields a list request can filter and sort on (scalars other than Json).
bool isFilterable(const ApiField& field);
bool isTextType(const std::string& type);
std::string routePath(const ApiEntity& entity);       // /api/<table>
std::string routePath(const ApiServerAction& action); // /api/actions/<name>

// The join tables of the model's many-to-many relations, each once.
std::vector<std::string> joinTables(const ApiModel& model);

// One route of the server, in Express syntax (`/api/orders/:id`).
struct ApiRoute {
  std::string method; // get, post, put, patch, delete
  std::string path;
};

// The routes of auth.ts under /auth, with their methods (all POST but `me`).
const std::vector<ApiRoute>& authRoutes();

// Every route the generated server answers, in a stable order.
std::vector<ApiRoute> apiRoutes(const ApiModel& model);

} // namespace locus::api
