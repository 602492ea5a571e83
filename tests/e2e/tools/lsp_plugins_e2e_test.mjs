// `locusc lsp` with a project plugin: the front end's diagnostics arrive first, the plugin's
// onPostValidate diagnostics (examples/plugins/naming-lint, in its bubblewrap sandbox) join them
// at the right range, and every later edit reuses the same warm worker. A plugin that fails to
// load is shown once as a message.
// Usage: node lsp_plugins_e2e_test.mjs LOCUSC SOURCE_DIR. Exit 0 when every check holds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, uriOf, protocol } from './lsp_client.mjs';

const [locusc, sourceDir] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-lsp-plugins-'));
const plugin = path.join(sourceDir, 'examples/plugins/naming-lint');
fs.writeFileSync(path.join(dir, 'Locus.toml'), `[plugins]\npaths = ["${plugin}"]\n`);
const file = path.join(dir, 'app.locus');
const good = 'database {\n  entity Account {\n    owner: String\n  }\n}\n';
fs.writeFileSync(file, good);
const uri = uriOf(file);

const server = await startServer(locusc, dir, { debounceMs: 10 });
const c = server.connection;
let version = 1;
const change = (text) => c.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
const pluginDiags = (d) => d.filter((x) => /\[plugin naming-lint/.test(x.message));
const workerStarts = () => {
  const log = path.join(dir, '.locus/audit.log');
  if (!fs.existsSync(log)) return 0;
  return fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('"plugin.start"')).length;
};

try {
  c.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'locus', version, text: good } });

  // A snake_case entity: an error of the plugin, at the entity's declaration (line 1).
  change(good.replace('Account', 'bank_account'));
  const first = await server.waitForDiagnostics(uri, (d) => pluginDiags(d).length > 0, 30000);
  const [lint] = pluginDiags(first);
  assert.equal(lint.severity, 1, JSON.stringify(lint));
  assert.equal(lint.code, 'E0903');
  assert.match(lint.message, /NAMING001: entity 'bank_account' is not PascalCase; rename it 'BankAccount'/);
  assert.equal(lint.range.start.line, 1, JSON.stringify(lint.range));

  // A field in snake_case too: the plugin's warning joins, at the field.
  change(good.replace('Account', 'bank_account').replace('owner: String', 'owner_name: String'));
  const both = await server.waitForDiagnostics(uri, (d) => pluginDiags(d).length === 2);
  assert.deepEqual(pluginDiags(both).map((d) => d.severity).sort(), [1, 2]);
  assert.equal(pluginDiags(both).find((d) => d.severity === 2).range.start.line, 2);

  // The front end's own error: published, and the plugin is not asked about a broken program.
  change(good.replace('owner: String', 'owner: Strin'));
  const frontEnd = await server.waitForDiagnostics(uri, (d) => d.some((x) => /Strin/.test(x.message)));
  assert.equal(pluginDiags(frontEnd).length, 0, 'no plugin run on a program with errors');

  // Fixed: everything clears, and the plugin was started once for all these analyses.
  change(good);
  await server.waitForDiagnostics(uri, (d) => d.length === 0);
  assert.equal(workerStarts(), 1, 'the worker stays warm between edits');
  assert.equal(await server.stop(), 0);

  // A plugin that cannot load: the server still serves, and says why once.
  fs.writeFileSync(path.join(dir, 'Locus.toml'), '[plugins]\npaths = ["no-such-plugin"]\n');
  const broken = await startServer(locusc, dir, { debounceMs: 10 });
  const shown = new Promise((resolve) =>
    broken.connection.onNotification(protocol.ShowMessageNotification.type, resolve));
  broken.connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'locus', version: 1, text: good } });
  const message = await shown;
  assert.match(message.message, /E0901: .*no-such-plugin/);
  assert.equal(await broken.stop(), 0);
  console.log('lsp plugins e2e: all checks passed');
} catch (e) {
  server.kill();
  console.error(e);
  process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
