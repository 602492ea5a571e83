// A real LSP client (vscode-jsonrpc + vscode-languageserver-protocol from scripts/node) talking to
// `locusc lsp` over stdio. Shared by the end-to-end test and the benchmark.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(path.join(here, '../../../scripts/node/package.json'));
const rpc = require('vscode-jsonrpc/node');
const protocol = require('vscode-languageserver-protocol');

export { protocol };

export const uriOf = (file) => pathToFileURL(file).href;

export async function startServer(locusc, root, { debounceMs } = {}) {
  const child = spawn(locusc, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const diagnostics = new Map(); // uri → latest list
  const waiters = [];
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
    diagnostics.set(params.uri, params.diagnostics);
    for (const w of [...waiters]) {
      if (w.uri === params.uri && w.test(params.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params.diagnostics);
      }
    }
  });
  connection.listen();
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const init = await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(root),
    capabilities: {},
    initializationOptions: debounceMs === undefined ? {} : { debounceMs },
  });
  connection.sendNotification(protocol.InitializedNotification.type, {});

  return {
    connection,
    capabilities: init.capabilities,
    diagnostics,
    // Resolves with the next diagnostics of `uri` that satisfy `test` (or the current ones).
    waitForDiagnostics(uri, test, timeoutMs = 10000) {
      const current = diagnostics.get(uri);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}`)), timeoutMs);
        waiters.push({ uri, test, resolve: (d) => { clearTimeout(timer); resolve(d); } });
        void current;
      });
    },
    async stop() {
      await connection.sendRequest(protocol.ShutdownRequest.type);
      connection.sendNotification(protocol.ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
    kill() { child.kill('SIGKILL'); },
  };
}
