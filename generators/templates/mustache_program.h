// A parsed mustache template: the node tree the fast renderer walks (mustache_render.h).
// The grammar and every quirk follow kainjow mustache, the reference engine (kainjow_render.h):
// tags `{{name}}`, `{{{name}}}`, `{{&name}}`, sections `{{#s}}…{{/s}}`, inverted `{{^s}}…{{/s}}`,
// comments, partials `{{> p}}`, set-delimiter tags `{{=<% %>=}}`, and its error messages.
// Parsing once and rendering many times is what makes generation fast: kainjow re-parses a
// template on every render and a partial on every use.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace locus {

enum class MustacheNodeKind { Text, Newline, Variable, Section, Inverted, Partial };

struct MustacheNode {
  MustacheNodeKind kind = MustacheNodeKind::Text;
  std::string text;                 // Text/Newline: the characters; tags: the (trimmed) name
  std::vector<std::string> path;    // a dotted name split at '.', as kainjow splits it
  std::vector<MustacheNode> children; // a section's body
  size_t position = 0;              // offset of the tag in the template (for error messages)
  std::string closingName;          // a section's `{{/name}}` (checked after parsing)
  bool closed = false;
};

struct MustacheProgram {
  std::vector<MustacheNode> nodes;
  std::string error; // kainjow's message ("Unclosed tag at 12", …); empty when valid
};

MustacheProgram parseMustache(std::string_view text);

} // namespace locus
