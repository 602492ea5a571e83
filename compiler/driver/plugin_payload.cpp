#include "compiler/driver/plugin_payload.h"

#include "compiler/ast/ast_json.h"
#include "compiler/base/json_text.h"
#include "compiler/driver/plugin_build.h"
#include "hooks/ordering/glob.h"

#include <cstring>
#include <set>

namespace locus {

namespace {

bool anyGlobMatches(const std::vector<std::string>& globs, const std::string& path) {
  for (const std::string& glob : globs)
    if (hooks::globMatch(glob, path)) return true;
  return false;
}

} // namespace

std::shared_ptr<const std::string>
objectText(std::initializer_list<std::pair<const char*, std::string_view>> members) {
  auto text = std::make_shared<std::string>();
  std::size_t size = 2;
  for (const auto& [key, value] : members) size += value.size() + 8 + std::strlen(key);
  text->reserve(size);
  char separator = '{';
  for (const auto& [key, value] : members) {
    *text += separator;
    appendJsonString(*text, key);
    *text += ':';
    *text += value;
    separator = ',';
  }
  *text += members.size() ? "}" : "{}";
  return text;
}

std::string valueText(const OrderedJson& value) {
  try {
    return jsonText(value);
  } catch (const nlohmann::json::type_error&) {
    return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  }
}

std::string astText(const ast::File& file, const SourceSet& sources,
                    const std::function<bool(FileId)>& keep) {
  try {
    return astJsonText(file, sources, keep);
  } catch (const nlohmann::json::type_error&) {
    OrderedJson tree = astToJson(file, sources);
    if (keep) { // the same declarations, recognised by their span's path
      std::set<std::string> kept;
      for (size_t id = 0; id < sources.size(); ++id)
        if (keep(static_cast<FileId>(id))) kept.insert(sources.file(static_cast<FileId>(id)).path);
      for (auto& [key, value] : tree.items())
        if (value.is_array())
          for (std::size_t i = value.size(); i-- > 0;) {
            const OrderedJson& path = value[i]["span"]["file"];
            if (!path.is_string() || !kept.count(path.get<std::string>())) value.erase(i);
          }
    }
    return tree.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  }
}

ProgramPayload::ProgramPayload(const ast::File& program, const SourceSet& sources,
                               const std::filesystem::path& root)
    : program_(program), sources_(sources) {
  for (size_t id = 0; id < sources.size(); ++id)
    files_.push_back(projectRelative(sources.file(static_cast<FileId>(id)).path, root));
}

hooks::HookParams ProgramPayload::forFilter(const hooks::HookFilter& filter) {
  std::shared_ptr<const std::string>& text = texts_[filter.files];
  if (!text) {
    // The whole program, or only the files the filter names and the declarations in them.
    auto kept = [&](FileId id) {
      return filter.files.empty() ||
             (id < files_.size() && anyGlobMatches(filter.files, files_[id]));
    };
    OrderedJson files = OrderedJson::array();
    for (FileId id = 0; id < files_.size(); ++id)
      if (kept(id)) files.push_back(files_[id]);
    std::string ast =
        filter.files.empty() ? astText(program_, sources_) : astText(program_, sources_, kept);
    text = objectText({{"files", valueText(files)}, {"ast", ast}});
  }
  return hooks::HookParams::ofText(text);
}

} // namespace locus
