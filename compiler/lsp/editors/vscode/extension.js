// The Locus extension: starts `locusc lsp` for .locus files (vscode-languageclient over stdio).
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('locus');
  const command = config.get('server.path', 'locusc');
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'locus',
    'Locus language server',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'locus' }],
      initializationOptions: { debounceMs: config.get('server.debounceMs', 10) },
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.locus') },
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
