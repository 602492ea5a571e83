// Human-readable diagnostics in the clang style, with source snippets from llvm::SourceMgr:
//
//   app.locus:3:8: error[E0101]: duplicate definition of entity 'User'
//   entity User {
//          ^~~~
//   app.locus:1:8: note: 'User' was first defined here
//
// The location prefix and the `error[CODE]:` label are written here (LLVM's own label has no
// room for a code); the message line, source line, caret, underline and fix-it line are printed
// by llvm::SMDiagnostic.
#include "compiler/diagnostics/render.h"

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/WithColor.h>

#include <algorithm>
#include <map>

namespace locus::detail {

void renderPretty(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                  const RenderOptions& options, llvm::raw_ostream& out);

namespace {

constexpr size_t kMaxSnippetWidth = 160; // longer source lines (minified input) are windowed
constexpr size_t kWindowLead = 60;       // bytes of context kept before the caret in a window
constexpr unsigned kTabStop = 8;         // as in SMDiagnostic::print

bool isLocated(const Span& span, const SourceSet& sources) {
  return span.valid() && span.file < sources.size();
}

bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool hasNonAscii(llvm::StringRef s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool isPrintableAscii(llvm::StringRef s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

llvm::SourceMgr::DiagKind llvmKind(Severity s) {
  switch (s) {
  case Severity::Error:
    return llvm::SourceMgr::DK_Error;
  case Severity::Warning:
    return llvm::SourceMgr::DK_Warning;
  case Severity::Note:
    return llvm::SourceMgr::DK_Note;
  }
  return llvm::SourceMgr::DK_Error;
}

llvm::HighlightColor labelColor(Severity s) {
  switch (s) {
  case Severity::Error:
    return llvm::HighlightColor::Error;
  case Severity::Warning:
    return llvm::HighlightColor::Warning;
  case Severity::Note:
    return llvm::HighlightColor::Note;
  }
  return llvm::HighlightColor::Error;
}

// One source line prepared for printing: possibly cut to a window around the caret.
struct SnippetLine {
  std::string text;
  unsigned column = 0; // 0-based byte index of the caret in `text`
  std::vector<std::pair<unsigned, unsigned>> ranges;
};

// Cuts a very long line to kMaxSnippetWidth bytes around the caret, marking cuts with "...",
// so one diagnostic in minified input does not print megabytes.
SnippetLine windowed(const llvm::SMDiagnostic& d) {
  SnippetLine s{d.getLineContents().str(), static_cast<unsigned>(d.getColumnNo()),
                d.getRanges().vec()};
  s.column = std::min<unsigned>(s.column, s.text.size());
  if (s.text.size() <= kMaxSnippetWidth) return s;
  size_t begin = s.column > kWindowLead + 3 ? s.column - kWindowLead : 0;
  while (begin > 0 && isContinuationByte(s.text[begin])) --begin;
  size_t end = std::min(s.text.size(), begin + kMaxSnippetWidth);
  while (end < s.text.size() && isContinuationByte(s.text[end])) ++end;
  std::string prefix = begin > 0 ? "..." : "";
  auto shift = [&](unsigned c) {
    return static_cast<unsigned>(std::clamp<size_t>(c, begin, end) - begin + prefix.size());
  };
  s.column = shift(s.column);
  for (auto& [from, to] : s.ranges) {
    from = shift(from);
    to = shift(to);
  }
  s.text = prefix + s.text.substr(begin, end - begin) + (end < s.text.size() ? "..." : "");
  return s;
}

// Screen columns taken by `text`: tabs advance to the next tab stop, a UTF-8 sequence is one.
size_t displayWidth(llvm::StringRef text, size_t startColumn = 0) {
  size_t col = startColumn;
  for (char c : text) {
    if (c == '\t')
      col += kTabStop - col % kTabStop;
    else if (!isContinuationByte(c))
      ++col;
  }
  return col - startColumn;
}

std::string expandTabs(llvm::StringRef text) {
  std::string result;
  for (char c : text) {
    if (c == '\t')
      result.append(kTabStop - displayWidth(result) % kTabStop, ' ');
    else
      result += c;
  }
  return result;
}

// SMDiagnostic::print shows no caret under a line with non-ASCII bytes (its columns are bytes);
// we count code points instead so string literals with accents still get an underline.
void printUnicodeSnippet(llvm::raw_ostream& out, const SnippetLine& s, llvm::ColorMode mode) {
  out << expandTabs(s.text) << '\n';
  llvm::StringRef text = s.text;
  size_t caret = displayWidth(text.take_front(s.column));
  size_t underline = 0; // columns after the caret
  for (auto [from, to] : s.ranges)
    if (from <= s.column && to > s.column + 1)
      underline = displayWidth(text.slice(s.column, to), caret) - 1;
  llvm::WithColor(out, llvm::raw_ostream::GREEN, true, false, mode)
      << std::string(caret, ' ') << '^' << std::string(underline, '~');
  out << '\n';
}

// The files diagnostics point into, loaded into one llvm::SourceMgr on first use.
class SnippetPrinter {
public:
  SnippetPrinter(const SourceSet& sources, bool color) : sources_(sources), color_(color) {}

  // Prints `message` and, when `span` lies inside its file, the source line with a caret and an
  // underline of the span (plus `replacement` as a fix-it line under it when given).
  void print(llvm::raw_ostream& out, const Span& span, Severity severity, llvm::StringRef message,
             llvm::StringRef replacement);

private:
  unsigned bufferFor(FileId file);
  llvm::ColorMode mode() const {
    return color_ ? llvm::ColorMode::Enable : llvm::ColorMode::Disable;
  }

  const SourceSet& sources_;
  bool color_;
  llvm::SourceMgr mgr_;
  std::map<FileId, unsigned> buffers_;
};

unsigned SnippetPrinter::bufferFor(FileId file) {
  auto it = buffers_.find(file);
  if (it != buffers_.end()) return it->second;
  const SourceFile& source = sources_.file(file);
  unsigned id = mgr_.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source.text, source.path), llvm::SMLoc());
  buffers_.emplace(file, id);
  return id;
}

void SnippetPrinter::print(llvm::raw_ostream& out, const Span& span, Severity severity,
                           llvm::StringRef message, llvm::StringRef replacement) {
  llvm::SMLoc loc;
  unsigned buffer = 0;
  if (isLocated(span, sources_)) {
    buffer = bufferFor(span.file);
    loc = mgr_.FindLocForLineAndColumn(buffer, span.line, span.col);
  }
  if (!loc.isValid()) { // no location, or one past the end of the file
    llvm::WithColor(out, llvm::raw_ostream::SAVEDCOLOR, true, false, mode()) << message;
    out << '\n';
    return;
  }
  const llvm::MemoryBuffer* mem = mgr_.getMemoryBuffer(buffer);
  size_t available = mem->getBufferEnd() - loc.getPointer();
  llvm::SMRange range(loc, llvm::SMLoc::getFromPointer(loc.getPointer() +
                                                       std::min<size_t>(span.length, available)));
  llvm::SMDiagnostic located = mgr_.GetMessage(loc, llvmKind(severity), message, range);
  SnippetLine line = windowed(located);
  if (hasNonAscii(line.text)) {
    llvm::WithColor(out, llvm::raw_ostream::SAVEDCOLOR, true, false, mode()) << message;
    out << '\n';
    printUnicodeSnippet(out, line, mode());
    return;
  }
  std::vector<llvm::SMFixIt> fixIts;
  if (!replacement.empty() && isPrintableAscii(replacement))
    fixIts.emplace_back(range, replacement);
  // No file name: the "path:line:col: label" prefix is already written by the caller.
  llvm::SMDiagnostic shown(mgr_, loc, "", located.getLineNo(), static_cast<int>(line.column),
                           located.getKind(), message, line.text, line.ranges, fixIts);
  shown.print(nullptr, out, color_, /*ShowKindLabel=*/false);
}

// "app.locus:3:8: " or, without a location, "locusc: ".
void printLocation(llvm::raw_ostream& out, const Span& span, const SourceSet& sources,
                   bool unlocatedPrefix, llvm::ColorMode mode) {
  llvm::WithColor bold(out, llvm::raw_ostream::SAVEDCOLOR, true, false, mode);
  if (isLocated(span, sources))
    bold << sources.file(span.file).path << ':' << span.line << ':' << span.col << ": ";
  else if (unlocatedPrefix)
    bold << "locusc: ";
}

void printLabel(llvm::raw_ostream& out, Severity severity, llvm::StringRef code,
                llvm::ColorMode mode) {
  llvm::WithColor label(out, labelColor(severity), mode);
  label << severityName(severity);
  if (!code.empty()) label << '[' << code << ']';
  label << ": ";
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "2 errors and 1 warning generated." (empty when there is nothing to count).
std::string summaryLine(const std::vector<Diagnostic>& diags) {
  auto count = [&](Severity s) {
    return std::count_if(diags.begin(), diags.end(),
                         [s](const Diagnostic& d) { return d.severity == s; });
  };
  size_t errors = count(Severity::Error), warnings = count(Severity::Warning);
  if (errors == 0 && warnings == 0) return "";
  std::string text;
  if (errors) text = plural(errors, "error");
  if (errors && warnings) text += " and ";
  if (warnings) text += plural(warnings, "warning");
  return text + " generated.";
}

void printDiagnostic(llvm::raw_ostream& out, const Diagnostic& d, const SourceSet& sources,
                     SnippetPrinter& snippets, llvm::ColorMode mode) {
  printLocation(out, d.span, sources, /*unlocatedPrefix=*/true, mode);
  printLabel(out, d.severity, diagKindInfo(d.kind).code, mode);
  snippets.print(out, d.span, d.severity, d.message, d.suggestion);
  // Phases often write "did you mean 'X'?" into the message already; say it only once.
  if (!d.suggestion.empty() && d.message.find("'" + d.suggestion + "'") == std::string::npos) {
    llvm::WithColor(out, llvm::raw_ostream::CYAN, true, false, mode) << "help: ";
    out << "did you mean '" << d.suggestion << "'?\n";
  }
  for (const DiagnosticNote& note : d.notes) {
    printLocation(out, note.span, sources, /*unlocatedPrefix=*/false, mode);
    printLabel(out, Severity::Note, "", mode);
    snippets.print(out, note.span, Severity::Note, note.message, "");
  }
}

} // namespace

void renderPretty(const std::vector<Diagnostic>& diags, const SourceSet& sources,
                  const RenderOptions& options, llvm::raw_ostream& out) {
  // Non-terminal streams start with colors disabled; --color forces them on.
  bool hadColors = out.colors_enabled();
  if (options.color) out.enable_colors(true);
  llvm::ColorMode mode = options.color ? llvm::ColorMode::Enable : llvm::ColorMode::Disable;
  SnippetPrinter snippets(sources, options.color);
  for (const Diagnostic& d : diags) printDiagnostic(out, d, sources, snippets, mode);
  std::string summary = summaryLine(diags);
  if (!summary.empty()) out << summary << '\n';
  out.enable_colors(hadColors);
}

} // namespace locus::detail
