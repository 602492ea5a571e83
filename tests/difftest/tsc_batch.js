// Type-checks many generated projects in one TypeScript program: `node tsc_batch.js LIST`, where
// LIST holds one tsconfig.json path per line (the web/ and server/ folders of `locusc build`
// outputs). Projects with the same compiler options (all web/ folders, all server/ folders) are
// checked together, so the DOM, React and Node declarations are parsed and checked once per batch
// instead of once per project; the `@/…` alias of each web project resolves inside that project.
// Prints `FAIL <project>` with its first errors, then `checked N, failed M`; exit 1 on failure.
"use strict";
const path = require("path");
const fs = require("fs");
const ts = require(path.join(__dirname, "../../scripts/node/node_modules/typescript"));

function readConfig(config) {
  return ts.getParsedCommandLineOfConfigFile(config, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) =>
      console.log(config + ": " + ts.flattenDiagnosticMessageText(d.messageText, " ")),
  });
}

// The project folder (holding tsconfig.json) a file belongs to.
function projectOf(file, roots) {
  for (const root of roots) if (file.startsWith(root + "/")) return root;
  return null;
}

function checkGroup(configs) {
  const roots = configs.map((c) => path.dirname(path.resolve(c)));
  const first = readConfig(configs[0]);
  if (!first) return configs.length;
  const options = { ...first.options, noEmit: true, strict: true, paths: undefined, baseUrl: undefined,
    rootDir: undefined, outDir: undefined };
  let files = [];
  for (const c of configs) {
    const parsed = readConfig(c);
    if (parsed) files = files.concat(parsed.fileNames);
  }
  const host = ts.createCompilerHost(options, true);
  host.resolveModuleNames = (names, containing) =>
    names.map((name) => {
      let target = name;
      if (name.startsWith("@/")) {
        const root = projectOf(containing, roots);
        if (root) target = path.join(root, "src", name.slice(2));
      }
      return ts.resolveModuleName(target, containing, options, host).resolvedModule;
    });
  const program = ts.createProgram({ rootNames: files, options, host });
  const byProject = new Map();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const root = (d.file && projectOf(d.file.fileName, roots)) || "(global)";
    if (!byProject.has(root)) byProject.set(root, []);
    byProject.get(root).push(d);
  }
  for (const [root, diags] of byProject) {
    console.log("FAIL " + root);
    for (const d of diags.slice(0, 3)) {
      const where = d.file
        ? path.relative(root, d.file.fileName) + ":" + (d.file.getLineAndCharacterOfPosition(d.start).line + 1) + ": "
        : "";
      console.log("  " + where + "TS" + d.code + ": " + ts.flattenDiagnosticMessageText(d.messageText, " "));
    }
  }
  return byProject.size;
}

const list = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const groups = new Map(); // web/ and server/ folders have different options
for (const c of list) {
  const kind = path.basename(path.dirname(c));
  if (!groups.has(kind)) groups.set(kind, []);
  groups.get(kind).push(c);
}
let failed = 0;
for (const configs of groups.values()) failed += checkGroup(configs);
console.log(`checked ${list.length}, failed ${failed}`);
process.exit(failed ? 1 : 0);
