// Names the IR derives for generators: SQL tables and columns. One rule each, documented in
// docs/ir.md, so every generator names the same thing the same way.
#pragma once

#include <string>

namespace locus::ir {

// OrderItem → order_item, createdAt → created_at, HTTPServer → http_server.
std::string snakeCase(const std::string& name);
// English plural of a snake_case word: item → items, category → categories, box → boxes.
std::string pluralize(const std::string& word);
// The table of an entity: the snake_case plural of its name (Customer → customers).
std::string tableName(const std::string& entity);
// The join-table column holding one end's key of a many-to-many relation: the end's entity in
// snake_case plus its key column (contact_id); for a self relation the relation's name instead
// (followers_id), so the two columns differ.
std::string joinColumnName(const std::string& entity, const std::string& relation,
                           const std::string& keyColumn, bool selfRelation);

} // namespace locus::ir
