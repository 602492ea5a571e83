#include "compiler/lsp/lsp_server.h"

#include "compiler/format/format_source.h"
#include "compiler/lsp/completion.h"
#include "compiler/lsp/lsp_transport.h"
#include "compiler/lsp/navigation.h"
#include "compiler/lsp/workspace.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>

namespace locus::lsp {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

bool isIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// A request whose params do not have the protocol's shape (replied to with -32602).
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Server {
public:
  Server(int in, int out, ServerOptions options) : io_(in, out), options_(std::move(options)) {
    if (options_.lateCheckFor) late_ = std::make_unique<LateChecks>();
  }

  int run() {
    for (;;) {
      int timeout = -1;
      if (diagnosticsDue_) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(*diagnosticsDue_ - Clock::now());
        timeout = static_cast<int>(std::max<long>(0, left.count()));
      } else if (workspace_ && idleWork_) {
        timeout = 0;
      }
      if (!io_.waitReadable(timeout, late_ ? late_->wakeFd() : -1)) {
        if (late_)
          if (std::optional<LateResult> r = late_->take()) publishLate(*r);
        if (diagnosticsDue_ && Clock::now() >= *diagnosticsDue_)
          publishDiagnostics();
        else if (!diagnosticsDue_ && workspace_ && idleWork_)
          idleWork_ = workspace_->parseOneMissing();
        continue;
      }
      std::optional<json> message = io_.read();
      if (!message) return 1;
      if (!message->is_object() || message->contains("invalid") ||
          (message->contains("method") && !(*message)["method"].is_string())) {
        io_.write({{"jsonrpc", "2.0"},
                   {"id", nullptr},
                   {"error", {{"code", -32700}, {"message", "parse error"}}}});
        continue;
      }
      if (handle(*message)) return shutdown_ ? 0 : 1;
    }
  }

private:
  // Returns true on `exit`.
  bool handle(const json& m) {
    std::string method = m.value("method", "");
    bool request = m.contains("id");
    if (method == "exit") return true;
    if (!request) {
      try {
        notification(method, m.value("params", json::object()));
      } catch (const std::exception&) {
        // A malformed notification has no reply to carry an error: it is ignored.
      }
      return false;
    }
    json id = m["id"];
    if (!method.empty() && !initialized_ && method != "initialize") {
      reply(id, json(), -32002, "server not initialized");
      return false;
    }
    try {
      json params = m.value("params", json::object());
      if (method == "initialize")
        reply(id, initialize(params));
      else if (method == "shutdown") {
        shutdown_ = true;
        reply(id, nullptr);
      } else if (method == "textDocument/definition")
        reply(id, definition(params));
      else if (method == "textDocument/references")
        reply(id, references(params));
      else if (method == "textDocument/hover")
        reply(id, hover(params));
      else if (method == "textDocument/completion")
        reply(id, completion(params));
      else if (method == "textDocument/prepareRename")
        reply(id, prepareRename(params));
      else if (method == "textDocument/rename")
        renameReply(id, params);
      else if (method == "textDocument/documentSymbol")
        reply(id, documentSymbol(params));
      else if (method == "workspace/symbol")
        reply(id, workspaceSymbols(*workspace_, params.value("query", "")));
      else if (method == "textDocument/formatting")
        reply(id, formatting(params));
      else if (method == "textDocument/codeAction")
        reply(id, codeActions(params));
      else
        reply(id, json(), -32601, "method not found: " + method);
    } catch (const BadParams& e) {
      reply(id, json(), -32602, e.what());
    } catch (const json::exception& e) {
      reply(id, json(), -32602, std::string("invalid params: ") + e.what());
    } catch (const std::exception& e) {
      reply(id, json(), -32603, std::string("internal error: ") + e.what());
    }
    return false;
  }

  void reply(const json& id, json result, int errorCode = 0, const std::string& error = "") {
    json r = {{"jsonrpc", "2.0"}, {"id", id}};
    if (errorCode)
      r["error"] = {{"code", errorCode}, {"message", error}};
    else
      r["result"] = std::move(result);
    io_.write(r);
  }

  json initialize(const json& params) {
    std::string root;
    if (params.contains("rootUri") && params.at("rootUri").is_string())
      root = pathFromUri(params.at("rootUri").get<std::string>());
    else if (params.contains("rootPath") && params.at("rootPath").is_string())
      root = params.at("rootPath");
    if (params.contains("initializationOptions") && params.at("initializationOptions").is_object())
      options_.debounceMs =
          params.at("initializationOptions").value("debounceMs", options_.debounceMs);
    CheckOptions check = options_.checkOptionsFor ? options_.checkOptionsFor(root) : CheckOptions{};
    workspace_ = std::make_unique<Workspace>(root, std::move(check));
    initialized_ = true;
    scheduleDiagnostics(0);
    return {{"capabilities",
             {{"positionEncoding", "utf-16"},
              {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", true}}},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"hoverProvider", true},
              {"completionProvider", {{"triggerCharacters", {"<", ":", " ", "{"}}}},
              {"renameProvider", {{"prepareProvider", true}}},
              {"documentSymbolProvider", true},
              {"workspaceSymbolProvider", true},
              {"documentFormattingProvider", true},
              {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
            {"serverInfo", {{"name", "locusc lsp"}}}};
  }

  void notification(const std::string& method, const json& params) {
    if (!workspace_) return;
    if (method == "textDocument/didOpen") {
      const json& doc = params.at("textDocument");
      workspace_->setText(pathOf(doc), doc.value("text", ""), true);
    } else if (method == "textDocument/didChange") {
      const json& changes = params.at("contentChanges");
      if (!changes.is_array() || changes.empty()) return;
      // Full sync: the last change holds the whole text.
      workspace_->setText(pathOf(params.at("textDocument")), changes.back().value("text", ""),
                          true);
    } else if (method == "textDocument/didClose") {
      workspace_->close(pathOf(params.at("textDocument")));
    } else if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles") {
      if (params.contains("changes"))
        for (const json& c : params.at("changes")) workspace_->reloadFromDisk(pathOf(c));
    } else {
      return;
    }
    scheduleDiagnostics(options_.debounceMs);
  }

  static std::string pathOf(const json& doc) {
    return std::filesystem::absolute(pathFromUri(doc.value("uri", ""))).lexically_normal().string();
  }

  // Every change starts a new generation: late results of an older one no longer match the text.
  void scheduleDiagnostics(int delayMs) {
    ++generation_;
    diagnosticsDue_ = Clock::now() + std::chrono::milliseconds(delayMs);
  }

  void publishDiagnostics() {
    diagnosticsDue_.reset();
    std::map<std::string, std::vector<Diagnostic>> all = workspace_->analyze(lateChecksHook());
    frontEnd_.clear();
    for (auto& [path, diags] : all) {
      ProjectFile* f = workspace_->file(path);
      if (!f) continue;
      json& list = frontEnd_[path] = json::array();
      for (const Diagnostic& d : diags) list.push_back(diagnosticJson(*f, d));
    }
    publish(frontEnd_);
    idleWork_ = true;
  }

  ValidProgramHook lateChecksHook() {
    if (!late_) return {};
    return [this](const ast::File& program, std::shared_ptr<const SourceSet> sources) {
      if (LateCheck check = options_.lateCheckFor(program, sources))
        late_->start(generation_, std::move(sources), std::move(check));
    };
  }

  // The front end's diagnostics of the same generation plus the late ones; a late diagnostic
  // without a place in the project (a plugin that failed to load) is shown once as a message.
  void publishLate(const LateResult& r) {
    if (r.generation != generation_) return;
    std::map<std::string, json> lists = frontEnd_;
    for (const Diagnostic& d : r.diagnostics) {
      ProjectFile* f = d.span.valid() && d.span.file < r.sources->size()
                           ? workspace_->file(r.sources->file(d.span.file).path)
                           : nullptr;
      if (f)
        lists[f->path].push_back(diagnosticJson(*f, d));
      else
        showMessageOnce(d);
    }
    publish(lists);
  }

  void publish(const std::map<std::string, json>& lists) {
    std::set<std::string> now;
    for (const auto& [path, list] : lists) {
      if (list.empty() && !published_.count(path)) continue;
      if (!list.empty()) now.insert(path);
      io_.write({{"jsonrpc", "2.0"},
                 {"method", "textDocument/publishDiagnostics"},
                 {"params", {{"uri", uriFromPath(path)}, {"diagnostics", list}}}});
    }
    published_ = std::move(now);
  }

  void showMessageOnce(const Diagnostic& d) {
    std::string text = std::string(diagKindInfo(d.kind).code) + ": " + d.message;
    if (!shownMessages_.insert(text).second) return;
    io_.write({{"jsonrpc", "2.0"},
               {"method", "window/showMessage"},
               {"params", {{"type", d.severity == Severity::Error ? 1 : 2}, {"message", text}}}});
  }

  json diagnosticJson(ProjectFile& f, const Diagnostic& d) {
    const DiagKindInfo& info = diagKindInfo(d.kind);
    json j = {{"range", f.lines->rangeOf(d.span.offset, std::max<uint32_t>(d.span.length, 1))},
              {"severity", d.severity == Severity::Error     ? 1
                           : d.severity == Severity::Warning ? 2
                                                             : 3},
              {"code", std::string(info.code)},
              {"source", "locus"},
              {"message", d.message}};
    if (!d.suggestion.empty()) j["data"] = {{"suggestion", d.suggestion}};
    json related = json::array();
    for (const DiagnosticNote& n : d.notes) {
      if (!n.span.valid()) continue;
      ProjectFile* nf = nullptr;
      std::vector<ProjectFile*> files = workspace_->files();
      if (n.span.file < files.size()) nf = files[n.span.file];
      if (nf)
        related.push_back({{"location", locationJson({nf, n.span.offset, n.span.length})},
                           {"message", n.message}});
    }
    if (!related.empty()) j["relatedInformation"] = std::move(related);
    return j;
  }

  // The document and byte offset of a TextDocumentPositionParams. Navigation re-parses changed
  // files first; completion reads the text itself and may use names one keystroke old.
  std::pair<ProjectFile*, size_t> at(const json& params, bool fresh = true) {
    ProjectFile* f = workspace_->file(pathOf(params.at("textDocument")));
    if (!f) return {nullptr, 0};
    if (fresh) ensureIndexed();
    const json& pos = params.at("position");
    if (!pos.is_object()) throw BadParams("position must be {\"line\", \"character\"}");
    return {f, f->lines->offsetOf(pos.value("line", 0u), pos.value("character", 0u))};
  }

  // Navigation needs every file's index to match its text (exact offsets).
  void ensureIndexed() { workspace_->ensureParsed(); }

  json definition(const json& params) {
    auto [f, offset] = at(params);
    if (!f) return nullptr;
    json out = json::array();
    for (const SymbolRef& r : resolveAt(*workspace_, *f, offset))
      out.push_back(locationJson({r.file, r.symbol().nameOffset, r.symbol().nameLength}));
    return out;
  }

  json references(const json& params) {
    auto [f, offset] = at(params);
    if (!f) return nullptr;
    std::vector<SymbolRef> targets = resolveAt(*workspace_, *f, offset);
    json out = json::array();
    if (targets.empty()) return out;
    bool withDecl = params.value("/context/includeDeclaration"_json_pointer, true);
    const Symbol& decl = targets.front().symbol();
    for (const Location& loc : referencesOf(*workspace_, targets.front())) {
      if (!withDecl && loc.file == targets.front().file && loc.offset == decl.nameOffset) continue;
      out.push_back(locationJson(loc));
    }
    return out;
  }

  json hover(const json& params) {
    auto [f, offset] = at(params);
    if (!f) return nullptr;
    std::vector<SymbolRef> targets = resolveAt(*workspace_, *f, offset);
    if (targets.empty()) return nullptr;
    std::string md;
    for (const SymbolRef& r : targets) md += (md.empty() ? "" : "\n\n---\n\n") + hoverText(r);
    const Occurrence* occ = occurrenceAt(f->index, offset);
    json h = {{"contents", {{"kind", "markdown"}, {"value", md}}}};
    if (occ) h["range"] = f->lines->rangeOf(occ->offset, occ->length);
    return h;
  }

  json completion(const json& params) {
    auto [f, offset] = at(params, false);
    if (!f) return nullptr;
    return completeAt(*workspace_, *f, offset);
  }

  json prepareRename(const json& params) {
    auto [f, offset] = at(params);
    if (!f) return nullptr;
    std::vector<SymbolRef> targets = resolveAt(*workspace_, *f, offset);
    const Occurrence* occ = occurrenceAt(f->index, offset);
    if (targets.size() != 1 || !occ) return nullptr;
    return {{"range", f->lines->rangeOf(occ->offset, occ->length)},
            {"placeholder", targets[0].symbol().name}};
  }

  void renameReply(const json& id, const json& params) {
    std::string newName = params.value("newName", "");
    if (!isIdentifier(newName)) {
      reply(id, json(), -32602,
            "'" + newName +
                "' is not a valid name (letters, digits and _, not starting with a digit)");
      return;
    }
    auto [f, offset] = at(params);
    std::vector<SymbolRef> targets =
        f ? resolveAt(*workspace_, *f, offset) : std::vector<SymbolRef>{};
    if (targets.size() != 1) {
      reply(id, json(), -32602,
            targets.empty() ? "nothing to rename here" : "the name is ambiguous here");
      return;
    }
    json changes = json::object();
    for (const Location& loc : referencesOf(*workspace_, targets[0]))
      changes[uriFromPath(loc.file->path)].push_back(
          {{"range", loc.file->lines->rangeOf(loc.offset, loc.length)}, {"newText", newName}});
    reply(id, {{"changes", changes}});
  }

  json documentSymbol(const json& params) {
    ProjectFile* f = workspace_->file(pathOf(params.at("textDocument")));
    if (!f) return nullptr;
    ensureIndexed();
    return documentSymbols(*f);
  }

  json formatting(const json& params) {
    ProjectFile* f = workspace_->file(pathOf(params.at("textDocument")));
    if (!f) return nullptr;
    DiagnosticSink sink;
    format::FormatResult r = format::formatSource(0, f->text, sink);
    if (!r.ok || r.text == f->text) return json::array();
    return json::array({{{"range", f->lines->rangeOf(0, f->text.size())}, {"newText", r.text}}});
  }

  // Quick fixes: a diagnostic with a did-you-mean suggestion replaces its range.
  json codeActions(const json& params) {
    json out = json::array();
    std::string uri = params.at("textDocument").value("uri", "");
    for (const json& d : params.value("/context/diagnostics"_json_pointer, json::array())) {
      if (!d.contains("data") || !d["data"].contains("suggestion")) continue;
      std::string s = d["data"]["suggestion"];
      out.push_back(
          {{"title", "Replace with '" + s + "'"},
           {"kind", "quickfix"},
           {"diagnostics", json::array({d})},
           {"isPreferred", true},
           {"edit",
            {{"changes",
              {{uri, json::array({{{"range", d.value("range", json())}, {"newText", s}}})}}}}}});
    }
    return out;
  }

  Transport io_;
  ServerOptions options_;
  std::unique_ptr<Workspace> workspace_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool idleWork_ = false;
  std::optional<Clock::time_point> diagnosticsDue_;
  std::set<std::string> published_;
  uint64_t generation_ = 0;
  std::map<std::string, json> frontEnd_; // the front end's diagnostics of `generation_`, by path
  std::set<std::string> shownMessages_;
  std::unique_ptr<LateChecks> late_; // last member: its thread stops before the rest goes
};

} // namespace

int runServer(int in, int out, const ServerOptions& options) {
  return Server(in, out, options).run();
}

} // namespace locus::lsp
