// `locusc plugin new NAME --lang cpp|python|node`: writes a working plugin folder NAME/.
#include "compiler/driver/commands.h"

#include "compiler/driver/plugin_scaffold.h"

#include <llvm/Support/raw_ostream.h>

#include <filesystem>
#include <fstream>
#include <regex>

namespace locus {

int runPluginNew(const std::string& name, const std::string& lang) {
  namespace fs = std::filesystem;
  if (!std::regex_match(name, std::regex("[a-z][a-z0-9-]*"))) {
    llvm::errs() << "locusc: plugin name '" << name
                 << "' must be lowercase letters, digits and '-', starting with a letter\n";
    return 2;
  }
  if (lang != "cpp" && lang != "python" && lang != "node") {
    llvm::errs() << "locusc: unknown --lang '" << lang << "' (cpp, python, node)\n";
    return 2;
  }
  fs::path dir = name;
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    llvm::errs() << "locusc: '" << dir.string() << "' already exists; choose another name\n";
    return 2;
  }
  for (const auto& [path, content] : pluginScaffold(name, lang)) {
    fs::create_directories((dir / path).parent_path(), ec);
    std::ofstream out(dir / path, std::ios::binary);
    out << content;
    if (!out) {
      llvm::errs() << "locusc: cannot write " << (dir / path).string() << "\n";
      return 2;
    }
  }
  llvm::outs() << "created plugin " << name << " (" << lang << ") in " << dir.string() << "/\n"
               << "try it: locusc plugin test " << dir.string() << "\n";
  return 0;
}

} // namespace locus
