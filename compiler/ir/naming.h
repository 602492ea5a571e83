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

} // namespace locus::ir
