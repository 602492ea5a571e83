// The TextMate grammar of the editor extension tokenizes real .locus files: every regex compiles,
// and a small TextMate-style tokenizer (match rules, begin/end rules with nested patterns,
// includes, earliest match wins) scopes comments, strings, declarations, keywords, step kinds,
// types, annotations and markup tags where they are. Usage: node grammar_test.mjs SOURCE_DIR.
// Cost: ~0.2 s.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const source = process.argv[2];
const grammar = JSON.parse(fs.readFileSync(
  path.join(source, 'compiler/lsp/editors/vscode/syntaxes/locus.tmLanguage.json'), 'utf8'));

function resolve(patterns) {
  const out = [];
  for (const p of patterns) {
    if (p.include === '$self') out.push(...resolve(grammar.patterns));
    else if (p.include) out.push(...resolve(grammar.repository[p.include.slice(1)].patterns));
    else out.push(p);
  }
  return out;
}
const compiled = new Map();
const regex = (src) => {
  if (!compiled.has(src)) compiled.set(src, new RegExp(src.replace(/\\G/g, ''), 'gm'));
  return compiled.get(src);
};
function find(re, line, at) {
  re.lastIndex = at;
  const m = re.exec(line);
  return m ? { index: m.index, m } : null;
}

// Returns [{text, scopes}] per line of `text`.
function tokenize(text) {
  const stack = [{ patterns: resolve(grammar.patterns), end: null, scope: null }];
  const tokens = [];
  for (const line of text.split('\n')) {
    let at = 0;
    while (at <= line.length) {
      const top = stack[stack.length - 1];
      let best = null;
      if (top.end) {
        const e = find(regex(top.end), line, at);
        if (e) best = { kind: 'end', ...e };
      }
      for (const p of top.patterns) {
        const hit = find(regex(p.match ?? p.begin), line, at);
        if (hit && (!best || hit.index < best.index)) best = { kind: p.match ? 'match' : 'begin', p, ...hit };
      }
      const scopes = stack.map((s) => s.scope).filter(Boolean);
      if (!best) { tokens.push({ text: line.slice(at), scopes }); break; }
      if (best.index > at) tokens.push({ text: line.slice(at, best.index), scopes });
      const matched = best.m[0];
      if (best.kind === 'end') {
        tokens.push({ text: matched, scopes });
        stack.pop();
      } else if (best.kind === 'match') {
        const caps = best.p.captures;
        if (caps && best.m.length > 1) {
          for (let g = 1; g < best.m.length; ++g)
            if (best.m[g]) tokens.push({ text: best.m[g], scopes: [...scopes, caps[g]?.name].filter(Boolean) });
        } else {
          tokens.push({ text: matched, scopes: [...scopes, best.p.name].filter(Boolean) });
        }
      } else {
        const caps = best.p.beginCaptures;
        const scope = best.p.name;
        if (caps && best.m.length > 1) {
          for (let g = 1; g < best.m.length; ++g)
            if (best.m[g]) tokens.push({ text: best.m[g], scopes: [...scopes, scope, caps[g]?.name].filter(Boolean) });
        } else {
          tokens.push({ text: matched, scopes: [...scopes, scope].filter(Boolean) });
        }
        stack.push({ patterns: resolve(best.p.patterns ?? []), end: best.p.end, scope });
      }
      at = best.index + Math.max(matched.length, 1);
      if (matched.length === 0) break;
    }
  }
  return tokens;
}

const scopeOf = (tokens, text) => tokens.filter((t) => t.text === text).map((t) => t.scopes.join(' '));

// Every regex compiles.
for (const p of resolve(grammar.patterns)) for (const r of [p.match, p.begin, p.end]) if (r) regex(r);

const shop = fs.readFileSync(path.join(source, 'examples/shop/workflows.locus'), 'utf8');
let t = tokenize(shop);
assert.ok(scopeOf(t, '// Server-side logic and the workflows that use it.')[0].includes('comment.line'));
assert.ok(scopeOf(t, 'workflow')[0].includes('storage.type.declaration'));
assert.ok(scopeOf(t, 'Transfer')[0].includes('entity.name.type'));
assert.ok(scopeOf(t, 'db_tx')[0].includes('support.function.step'));
assert.ok(scopeOf(t, 'send_email')[0].includes('support.function.step'));
assert.ok(scopeOf(t, '500ms')[0].includes('constant.numeric.duration'));
assert.ok(scopeOf(t, '"transfers"')[0] === undefined); // strings are begin/end: pieces
assert.ok(t.some((x) => x.text === 'transfers' && x.scopes.join(' ').includes('string.quoted.double')));
assert.ok(scopeOf(t, 'Integer')[0].includes('support.type.primitive'));

const ui = fs.readFileSync(path.join(source, 'examples/shop/ui.locus'), 'utf8');
t = tokenize(ui);
assert.ok(scopeOf(t, 'div')[0].includes('entity.name.tag'));
assert.ok(scopeOf(t, 'class')[0].includes('entity.other.attribute-name'));
assert.ok(scopeOf(t, 'component')[0].includes('storage.type.declaration'));

const db = fs.readFileSync(path.join(source, 'examples/shop/database.locus'), 'utf8');
t = tokenize(db);
assert.ok(scopeOf(t, '@unique')[0].includes('annotation'));
assert.ok(scopeOf(t, 'database')[0].includes('keyword.other.declaration'));
console.log('grammar: all checks passed');
