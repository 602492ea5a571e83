// Diagnostics for machines: our JSON document, SARIF 2.1.0 (code scanning), GitHub Actions
// workflow commands (annotations). Each format is one complete document for the whole run.
//
// Positions are 1-based; columns count bytes. An end position is exclusive: endColumn is the
// column just after the last character of the span (as in SARIF regions).
#include "compiler/diagnostics/render.h"

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace locus {

namespace detail {
// In render_pretty.cpp.
void renderPretty(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                  const RenderOptions& options, llvm::raw_ostream& out);
} // namespace detail

namespace {

using Json = locus::OrderedJson;

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

bool isLocated(const Span& span, const SourceSet& sources) {
  return span.valid() && span.file < sources.size();
}

// Where a located span ends (exclusive). Computed from line/col rather than the byte offset,
// which hand-made spans (notes, synthesized diagnostics) may leave unset.
struct EndPosition {
  uint32_t line;
  uint32_t column;
};

size_t lineStart(std::string_view text, uint32_t line) {
  size_t pos = 0;
  for (uint32_t l = 1; l < line && pos != std::string_view::npos; ++l) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  return pos == std::string_view::npos ? text.size() : pos;
}

EndPosition endOf(const Span& span, const SourceSet& sources) {
  std::string_view text = sources.file(span.file).text;
  EndPosition end{span.line, span.col};
  size_t from = std::min(lineStart(text, span.line) + span.col - 1, text.size());
  size_t to = std::min<size_t>(from + span.length, text.size());
  end.column += span.length - (to - from); // the part past the end of the text
  for (size_t i = from; i < to; ++i) {
    if (text[i] == '\n')
      end = {end.line + 1, 1};
    else
      ++end.column;
  }
  return end;
}

size_t countSeverity(const std::vector<Diagnostic>& diags, Severity s) {
  return std::count_if(diags.begin(), diags.end(),
                       [s](const Diagnostic& d) { return d.severity == s; });
}

// ------------------------------------------------------------------------------------- json

// Location keys of a diagnostic or note; null values when it has no location, so every object
// has the same shape.
void addJsonLocation(Json& obj, const Span& span, const SourceSet& sources, bool withEnd) {
  if (!isLocated(span, sources)) {
    for (const char* key : {"file", "line", "column", "length"}) obj[key] = nullptr;
    if (withEnd) obj["endLine"] = obj["endColumn"] = nullptr;
    return;
  }
  obj["file"] = sources.file(span.file).path;
  obj["line"] = span.line;
  obj["column"] = span.col;
  obj["length"] = span.length;
  if (!withEnd) return;
  EndPosition end = endOf(span, sources);
  obj["endLine"] = end.line;
  obj["endColumn"] = end.column;
}

Json jsonNote(const DiagnosticNote& note, const SourceSet& sources) {
  Json obj = {{"message", note.message}};
  addJsonLocation(obj, note.span, sources, /*withEnd=*/false);
  return obj;
}

Json jsonDiagnostic(const Diagnostic& d, const SourceSet& sources) {
  Json obj;
  obj["severity"] = severityName(d.severity);
  obj["code"] = diagKindInfo(d.kind).code;
  obj["message"] = d.message;
  addJsonLocation(obj, d.span, sources, /*withEnd=*/true);
  obj["notes"] = Json::array();
  for (const DiagnosticNote& note : d.notes) obj["notes"].push_back(jsonNote(note, sources));
  obj["suggestion"] = d.suggestion.empty() ? Json(nullptr) : Json(d.suggestion);
  return obj;
}

void renderJson(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                llvm::raw_ostream& out) {
  Json doc;
  doc["version"] = 1;
  doc["diagnostics"] = Json::array();
  for (const Diagnostic& d : diags) doc["diagnostics"].push_back(jsonDiagnostic(d, sources));
  doc["summary"] = {{"errors", countSeverity(diags, Severity::Error)},
                    {"warnings", countSeverity(diags, Severity::Warning)}};
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

// ------------------------------------------------------------------------------------ sarif

// SARIF levels are spelled like our severities.
const char* sarifLevel(Severity s) {
  return severityName(s);
}

// Percent-encodes what may not appear in a URI reference; keeps paths readable otherwise.
std::string toUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri;
  for (char raw : path) {
    auto c = static_cast<unsigned char>(raw == '\\' ? '/' : raw);
    if (std::isalnum(c) || std::string_view("-._~/:@!$&'()*+,;=").find(c) != std::string::npos) {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

// SARIF has no byte columns; we declare columnKind "unicodeCodePoints" and convert.
uint32_t codePointColumn(const Span& span, uint32_t line, uint32_t byteColumn,
                         const SourceSet& sources) {
  std::string_view text = sources.lineText(span.file, line);
  size_t bytes = byteColumn - 1;
  size_t inLine = std::min(bytes, text.size());
  auto isStart = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  return 1 + std::count_if(text.begin(), text.begin() + inLine, isStart) + (bytes - inLine);
}

Json sarifRegion(const Span& span, const SourceSet& sources) {
  EndPosition end = endOf(span, sources);
  Json region = {{"startLine", span.line},
                 {"startColumn", codePointColumn(span, span.line, span.col, sources)}};
  if (end.line != span.line) region["endLine"] = end.line;
  region["endColumn"] = codePointColumn(span, end.line, end.column, sources);
  return region;
}

Json sarifPhysicalLocation(const Span& span, const SourceSet& sources) {
  return {{"artifactLocation", {{"uri", toUri(sources.file(span.file).path)}}},
          {"region", sarifRegion(span, sources)}};
}

Json sarifRule(DiagKind kind) {
  const DiagKindInfo& info = diagKindInfo(kind);
  return {{"id", info.code},
          {"name", info.name},
          {"shortDescription", {{"text", info.summary}}},
          {"fullDescription", {{"text", info.explanation}}},
          {"defaultConfiguration", {{"level", sarifLevel(info.severity)}}}};
}

// Notes become related locations; a note without a location keeps only its message.
Json sarifRelated(const std::vector<DiagnosticNote>& notes, const SourceSet& sources) {
  Json related = Json::array();
  for (const DiagnosticNote& note : notes) {
    Json loc = {{"id", related.size()}};
    if (isLocated(note.span, sources))
      loc["physicalLocation"] = sarifPhysicalLocation(note.span, sources);
    loc["message"] = {{"text", note.message}};
    related.push_back(std::move(loc));
  }
  return related;
}

// The suggestion as a SARIF fix: replace the spanned text with it.
Json sarifFix(const Diagnostic& d, const SourceSet& sources) {
  Json replacement = {{"deletedRegion", sarifRegion(d.span, sources)},
                      {"insertedContent", {{"text", d.suggestion}}}};
  Json change = {{"artifactLocation", {{"uri", toUri(sources.file(d.span.file).path)}}},
                 {"replacements", Json::array({replacement})}};
  return {{"description", {{"text", "did you mean '" + d.suggestion + "'?"}}},
          {"artifactChanges", Json::array({change})}};
}

Json sarifResult(const Diagnostic& d, size_t ruleIndex, const SourceSet& sources) {
  bool located = isLocated(d.span, sources);
  Json result = {{"ruleId", diagKindInfo(d.kind).code},
                 {"ruleIndex", ruleIndex},
                 {"level", sarifLevel(d.severity)},
                 {"message", {{"text", d.message}}}};
  if (located) {
    Json location = {{"physicalLocation", sarifPhysicalLocation(d.span, sources)}};
    result["locations"] = Json::array({location});
  }
  if (!d.notes.empty()) result["relatedLocations"] = sarifRelated(d.notes, sources);
  if (located && !d.suggestion.empty()) result["fixes"] = Json::array({sarifFix(d, sources)});
  return result;
}

void renderSarif(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                 const RenderOptions& options, llvm::raw_ostream& out) {
  Json rules = Json::array();
  Json results = Json::array();
  std::map<DiagKind, size_t> ruleIndex; // rules in order of first use
  for (const Diagnostic& d : diags) {
    auto [it, added] = ruleIndex.emplace(d.kind, rules.size());
    if (added) rules.push_back(sarifRule(d.kind));
    results.push_back(sarifResult(d, it->second, sources));
  }
  Json driver = {{"name", "locusc"}, {"version", options.toolVersion}, {"rules", std::move(rules)}};
  Json run = {{"tool", {{"driver", std::move(driver)}}},
              {"columnKind", "unicodeCodePoints"},
              {"results", std::move(results)}};
  Json log = {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

// ----------------------------------------------------------------------------------- github

// Workflow command escaping, as in @actions/core: data escapes % CR LF, property values also
// ':' and ','.
std::string escapeGithub(std::string_view text, bool property) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
    case '%':
      escaped += "%25";
      break;
    case '\r':
      escaped += "%0D";
      break;
    case '\n':
      escaped += "%0A";
      break;
    case ':':
      escaped += property ? "%3A" : ":";
      break;
    case ',':
      escaped += property ? "%2C" : ",";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

const char* githubCommand(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "notice";
  }
  return "error";
}

// Annotations are one line each: notes and the suggestion go into the (multi-line) message.
std::string githubMessage(const Diagnostic& d, const SourceSet& sources) {
  std::string text = d.message;
  if (!d.suggestion.empty() && d.message.find("'" + d.suggestion + "'") == std::string::npos)
    text += "\nhelp: did you mean '" + d.suggestion + "'?";
  for (const DiagnosticNote& note : d.notes) {
    text += "\nnote: ";
    if (isLocated(note.span, sources))
      text += sources.file(note.span.file).path + ":" + std::to_string(note.span.line) + ":" +
              std::to_string(note.span.col) + ": ";
    text += note.message;
  }
  return text;
}

std::string githubProperties(const Diagnostic& d, const SourceSet& sources) {
  std::string props;
  auto add = [&](std::string_view key, std::string_view value) {
    props += props.empty() ? "" : ",";
    props += std::string(key) + "=" + escapeGithub(value, /*property=*/true);
  };
  if (isLocated(d.span, sources)) {
    EndPosition end = endOf(d.span, sources);
    add("file", sources.file(d.span.file).path);
    add("line", std::to_string(d.span.line));
    add("col", std::to_string(d.span.col));
    // GitHub's end column is the last annotated column; columns only apply within one line.
    if (end.line == d.span.line)
      add("endColumn", std::to_string(std::max(d.span.col, end.column - 1)));
    else
      add("endLine", std::to_string(end.line));
  }
  add("title", diagKindInfo(d.kind).code);
  return props;
}

void renderGithub(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                  llvm::raw_ostream& out) {
  for (const Diagnostic& d : diags)
    out << "::" << githubCommand(d.severity) << ' ' << githubProperties(d, sources)
        << "::" << escapeGithub(githubMessage(d, sources), /*property=*/false) << '\n';
}

} // namespace

std::optional<DiagnosticFormat> parseDiagnosticFormat(std::string_view name) {
  if (name == "pretty") return DiagnosticFormat::Pretty;
  if (name == "json") return DiagnosticFormat::Json;
  if (name == "sarif") return DiagnosticFormat::Sarif;
  if (name == "github") return DiagnosticFormat::Github;
  return std::nullopt;
}

void renderDiagnostics(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                       const RenderOptions& options, llvm::raw_ostream& out) {
  switch (options.format) {
  case DiagnosticFormat::Pretty:
    detail::renderPretty(diags, sources, options, out);
    return;
  case DiagnosticFormat::Json:
    renderJson(diags, sources, out);
    return;
  case DiagnosticFormat::Sarif:
    renderSarif(diags, sources, options, out);
    return;
  case DiagnosticFormat::Github:
    renderGithub(diags, sources, out);
    return;
  }
}

} // namespace locus
