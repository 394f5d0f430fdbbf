// `npm run build`'s first step: compiles the express path's slot-file reader
// (src/express/wasm/slot-reader.ts, AssemblyScript) to WebAssembly, next to
// its source, where esbuild embeds it in dist/express.cjs and the tests import
// it. Skipped where the module is newer than its source and this script (the
// compiler takes about 4 s; the tests' global set-up builds often).
'use strict';

const { spawnSync } = require('node:child_process');
const { statSync } = require('node:fs');
const { join } = require('node:path');

const project = join(__dirname, '..', '..');
const source = join(project, 'src', 'express', 'wasm', 'slot-reader.ts');
const output = join(project, 'src', 'express', 'wasm', 'slot-reader.wasm');

const modified = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

if (modified(output) > Math.max(modified(source), modified(__filename), modified(join(project, 'package-lock.json')))) process.exit(0);
// --runtime stub: the reader allocates nothing; --noAssert and --use abort=: no import, nothing to bind.
const result = spawnSync(process.execPath, [join(project, 'node_modules', 'assemblyscript', 'bin', 'asc.js'), source,
  '-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '-o', output], { cwd: project, stdio: 'inherit' });
process.exit(result.status ?? 1);
