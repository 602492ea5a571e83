// The payloads of plugin hooks that carry the program, as JSON text written once with the fast
// writers (astJsonText, compiler/base/json_text.h) and shared by every plugin at the hook: the
// request frame splices the text in, so nothing is parsed back or converted to another JSON type.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/ordered_json.h"
#include "compiler/base/source_set.h"
#include "hooks/dispatch/hook_params.h"
#include "hooks/manifest/manifest.h"

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace locus {

// {"k1":t1,"k2":t2,…} from members already written as JSON text, in the given order.
std::shared_ptr<const std::string>
objectText(std::initializer_list<std::pair<const char*, std::string_view>> members);

// A value or the AST as compact JSON text; text that is not UTF-8 (possible only after an E0005
// was reported) is replaced, as the protocol writes strings.
std::string valueText(const OrderedJson& value);
std::string astText(const ast::File& file, const SourceSet& sources,
                    const std::function<bool(FileId)>& keep = {});

// onPostValidate's {files, ast} of the merged program. A subscriber whose manifest filter lists
// `files` globs gets only those files and the top-level declarations written in them.
class ProgramPayload {
public:
  ProgramPayload(const ast::File& program, const SourceSet& sources,
                 const std::filesystem::path& root);

  hooks::HookParams forFilter(const hooks::HookFilter& filter);

private:
  const ast::File& program_;
  const SourceSet& sources_;
  std::vector<std::string> files_; // project-relative, by FileId
  std::map<std::vector<std::string>, std::shared_ptr<const std::string>> texts_; // by file globs
};

} // namespace locus
