// Language-server latency on the synthetic L project (bench/gen_synthetic.py): the time from a
// keystroke (didChange of pages.locus) to its publishDiagnostics, and of a completion request in
// `where: { … }`, through a real LSP client. Medians over RUNS keystrokes.
// Usage: node bench/lsp_bench.mjs LOCUSC [RUNS=30] [DEBOUNCE_MS=10]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, uriOf, protocol } from '../tests/e2e/tools/lsp_client.mjs';

const [locusc, runsArg, debounceArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 30);
const debounceMs = Number(debounceArg ?? 10);
const here = path.dirname(new URL(import.meta.url).pathname);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-lsp-bench-'));
execFileSync('python3', [path.join(here, 'gen_synthetic.py'), '--out', dir], { stdio: 'ignore' });
const file = path.join(dir, 'pages.locus');
const uri = uriOf(file);
// A query in the first page action, for the completion in `where: { … }`.
const query = '    const r = findOne(E1, where: { })\n';
const original = fs.readFileSync(file, 'utf8');
const actionAt = original.indexOf('    setName(x)');
const text = original.slice(0, actionAt) + query + original.slice(actionAt);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer(locusc, dir, { debounceMs });
const c = server.connection;
c.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: 'locus', version: 1, text } });
// Settle: the first analysis parses everything.
await new Promise((r) => setTimeout(r, 2000));

// Keystrokes alternate between an error (`E1x`, not an entity) and its fix.
const broken = text.replace('findOne(E1,', 'findOne(E1x,');
const diagTimes = [];
for (let i = 0; i < runs; ++i) {
  const next = i % 2 === 0 ? broken : text;
  const wantErrors = i % 2 === 0;
  const done = server.waitForDiagnostics(uri, (d) => d.some((x) => x.severity === 1) === wantErrors);
  const t0 = performance.now();
  c.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: i + 2 }, contentChanges: [{ text: next }] });
  await done;
  diagTimes.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 150)); // the typist's pause: idle re-parsing happens here
}

// Completion inside the where-object.
const whereAt = text.indexOf('where: { ');
const lines = text.slice(0, whereAt + 'where: { '.length).split('\n');
const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
const completionTimes = [];
for (let i = 0; i < runs; ++i) {
  const t0 = performance.now();
  const result = await c.sendRequest(protocol.CompletionRequest.type, { textDocument: { uri }, position });
  completionTimes.push(performance.now() - t0);
  if (!result.items.length) throw new Error('no completion items');
}
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({
  project: 'L', runs, debounceMs,
  diagnosticsAfterKeystrokeMs: { median: +median(diagTimes).toFixed(1), min: +Math.min(...diagTimes).toFixed(1) },
  completionMs: { median: +median(completionTimes).toFixed(1), min: +Math.min(...completionTimes).toFixed(1) },
}));
