// `locusc lsp` driven by a real LSP client: open a two-file project, type an error and get the
// diagnostic at the right range with its quick fix, fix it, go to a definition in another file,
// complete a field in `where`, hover, rename an entity across files, format, list symbols.
// Usage: node lsp_e2e_test.mjs LOCUSC. Exit 0 when every check holds. Cost: ~1 s.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, uriOf, protocol } from './lsp_client.mjs';

const locusc = process.argv[2];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-lsp-'));
const dbFile = path.join(dir, 'database.locus');
const logicFile = path.join(dir, 'logic.locus');
const db = `database {
  // A customer's account.
  entity Account {
    owner: String
    balanceCents: Integer
  }
}
`;
const logic = `action balance(id: Integer): Integer {
  const a = findOne(Account, where: { id: id })
  return a.balanceCents
}
`;
fs.writeFileSync(dbFile, db);
fs.writeFileSync(logicFile, logic);
const dbUri = uriOf(dbFile);
const logicUri = uriOf(logicFile);

const server = await startServer(locusc, dir, { debounceMs: 10 });
const c = server.connection;
let version = 1;
const open = (uri, text) => c.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: 'locus', version, text } });
const change = (uri, text) => c.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
const pos = (line, character) => ({ line, character });

try {
  assert.ok(server.capabilities.renameProvider && server.capabilities.completionProvider);
  open(dbUri, db);
  open(logicUri, logic);

  // Type an error: `Integr` for `Integer` (line 4, columns 18..24).
  const broken = db.replace('balanceCents: Integer', 'balanceCents: Integr');
  change(dbUri, broken);
  const diags = await server.waitForDiagnostics(dbUri, (d) => d.length > 0);
  assert.equal(diags.length, 1, JSON.stringify(diags));
  assert.deepEqual(diags[0].range, { start: pos(4, 18), end: pos(4, 24) });
  assert.equal(diags[0].severity, 1);
  assert.match(diags[0].message, /Integr/);
  const fixes = await c.sendRequest(protocol.CodeActionRequest.type, {
    textDocument: { uri: dbUri }, range: diags[0].range, context: { diagnostics: diags } });
  assert.equal(fixes[0].title, "Replace with 'Integer'");
  assert.equal(fixes[0].edit.changes[dbUri][0].newText, 'Integer');

  // Fix it: the diagnostics are cleared.
  change(dbUri, db);
  await server.waitForDiagnostics(dbUri, (d) => d.length === 0);

  // Go to the definition of Account from logic.locus (line 1, inside `Account`).
  const defs = await c.sendRequest(protocol.DefinitionRequest.type, {
    textDocument: { uri: logicUri }, position: pos(1, 22) });
  assert.equal(defs.length, 1);
  assert.equal(defs[0].uri, dbUri);
  assert.deepEqual(defs[0].range, { start: pos(2, 9), end: pos(2, 16) });

  // Complete a field in `where: { … }` (right after `{ `).
  const completion = await c.sendRequest(protocol.CompletionRequest.type, {
    textDocument: { uri: logicUri }, position: pos(1, 38) });
  const labels = completion.items.map((i) => i.label);
  assert.ok(labels.includes('owner') && labels.includes('balanceCents'), labels.join(','));
  assert.ok(!labels.includes('const'), 'keywords offered where only fields fit');

  // Hover: the kind, the fields and the doc comment.
  const hover = await c.sendRequest(protocol.HoverRequest.type, {
    textDocument: { uri: logicUri }, position: pos(1, 22) });
  assert.match(hover.contents.value, /entity Account/);
  assert.match(hover.contents.value, /balanceCents: Integer/);
  assert.match(hover.contents.value, /A customer's account/);

  // References of a field, from its use.
  const refs = await c.sendRequest(protocol.ReferencesRequest.type, {
    textDocument: { uri: logicUri }, position: pos(2, 12), context: { includeDeclaration: true } });
  assert.deepEqual(refs.map((r) => r.uri).sort(), [dbUri, logicUri].sort());

  // Rename the entity across both files.
  const edit = await c.sendRequest(protocol.RenameRequest.type, {
    textDocument: { uri: dbUri }, position: pos(2, 10), newName: 'Wallet' });
  assert.equal(edit.changes[dbUri].length, 1);
  assert.equal(edit.changes[logicUri].length, 1);
  assert.deepEqual(edit.changes[logicUri][0].range, { start: pos(1, 20), end: pos(1, 27) });
  await assert.rejects(c.sendRequest(protocol.RenameRequest.type, {
    textDocument: { uri: dbUri }, position: pos(2, 10), newName: '9lives' }));

  // Format a badly laid out document.
  change(logicUri, 'action   balance(id:Integer):Integer{\nreturn id}\n');
  const formatted = await c.sendRequest(protocol.DocumentFormattingRequest.type, {
    textDocument: { uri: logicUri }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(formatted[0].newText, 'action balance(id: Integer): Integer {\n  return id\n}\n');

  // Symbols.
  const symbols = await c.sendRequest(protocol.DocumentSymbolRequest.type, { textDocument: { uri: dbUri } });
  assert.equal(symbols[0].name, 'Account');
  assert.deepEqual(symbols[0].children.map((s) => s.name), ['owner', 'balanceCents']);
  const found = await c.sendRequest(protocol.WorkspaceSymbolRequest.type, { query: 'acc' });
  assert.ok(found.some((s) => s.name === 'Account'));

  // Malformed messages are survived: a notification without its params, a request with a bad
  // position gets an error reply, and the server still answers.
  c.sendNotification('textDocument/didChange', {});
  await assert.rejects(c.sendRequest('textDocument/hover', { textDocument: { uri: dbUri }, position: 'x' }));
  await assert.rejects(c.sendRequest('locus/unknownMethod', {}));
  assert.ok((await c.sendRequest(protocol.WorkspaceSymbolRequest.type, { query: '' })).length > 0);

  assert.equal(await server.stop(), 0);
  console.log('lsp e2e: all checks passed');
} catch (e) {
  server.kill();
  console.error(e);
  process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
