// `locusc registry serve DIR [--port N]`: serves a directory registry over HTTP on 127.0.0.1
// until interrupted. The first line printed names the URL (port 0 picks a free port).
#include "compiler/driver/commands.h"

#include "hooks/packages/registry_server.h"

#include <llvm/Support/raw_ostream.h>

namespace locus {

int runRegistryServe(const std::string& dir, int port) {
  if (port < 0 || port > 65535) {
    llvm::errs() << "locusc: registry serve: --port must be 0..65535\n";
    return 2;
  }
  packages::ServeOptions options{dir, port, [](int bound) {
                                   llvm::outs() << "serving http://127.0.0.1:" << bound << "\n";
                                   llvm::outs().flush();
                                 }};
  if (std::string error = packages::serveRegistry(options); !error.empty()) {
    llvm::errs() << "locusc: registry serve: " << error << "\n";
    return 2;
  }
  return 0;
}

} // namespace locus
