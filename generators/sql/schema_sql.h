// db/<dialect>/schema.sql: the full current schema, tables in dependency order.
#pragma once

#include "generators/sql/dialect.h"
#include "generators/templates/template_set.h"

namespace locus::sql {

// A block of templates/block.mustache: an optional comment, an optional CREATE TABLE view,
// then statements.
nlohmann::json sqlBlock(const std::string& comment, nlohmann::json table,
                        const std::vector<std::string>& statements = {});

// The display name of a dialect ("SQLite", "PostgreSQL").
const char* dialectTitle(Dialect d);

std::string renderSchemaSql(Dialect d, const Schema& schema, const TemplateSet& templates);

} // namespace locus::sql
