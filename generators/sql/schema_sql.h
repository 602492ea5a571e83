// db/<dialect>/schema.sql: the full current schema, tables in dependency order.
#pragma once

#include "generators/sql/dialect.h"
#include "generators/templates/template_set.h"
#include "generators/templates/view_object.h"

namespace locus::sql {

// A block of templates/block.mustache: an optional comment, an optional CREATE TABLE view,
// then statements.
OrderedJson sqlBlock(const std::string& comment, OrderedJson table,
                     std::vector<std::string> statements = {});

// The display name of a dialect ("SQLite", "PostgreSQL").
const char* dialectTitle(Dialect d);

std::string renderSchemaSql(Dialect d, const Schema& schema, const TemplateSet& templates);

} // namespace locus::sql
