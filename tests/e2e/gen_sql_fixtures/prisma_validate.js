// Validates Prisma schema files with Prisma's own schema engine (the @prisma/prisma-schema-wasm
// package, pinned in scripts/node/package.json; pure WebAssembly, works offline).
// Usage: node prisma_validate.js <node_modules dir> FILE...
// Prints "ok FILE" or "error FILE: message" per file; exits 1 if any file is invalid.
'use strict';
const path = require('path');
const fs = require('fs');
const wasm = require(path.join(process.argv[2], '@prisma/prisma-schema-wasm'));
let failed = 0;
for (const file of process.argv.slice(3)) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    wasm.validate(JSON.stringify({ prismaSchema: [['schema.prisma', text]], noColorErrors: true }));
    console.log('ok ' + file);
  } catch (e) {
    failed++;
    let message = String(e && e.message ? e.message : e);
    try { message = JSON.parse(message).message; } catch (_) { /* not JSON */ }
    console.log('error ' + file + ': ' + message);
  }
}
process.exit(failed ? 1 : 0);
