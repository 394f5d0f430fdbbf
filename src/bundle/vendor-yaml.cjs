// Stands in for yaml inside the bundled CLI (an esbuild alias, see package.json
// "build"): the library is bundled on its own as dist/vendor/yaml.cjs and read
// only when a run needs it, so the start-up bundle does not compile it every time.
//
// It is compiled with the V8 code cache the build writes next to it
// (dist/vendor/yaml.cjs.cache, src/bundle/code-cache.cjs), as the launcher
// compiles dist/cli.cjs: the first file the fast parser declines cost a check
// about 30 ms, a third of it compiling the library and its functions on first
// call. Measured: loading 10 -> 2.6 ms, the first parse 10.7 -> 6 ms. A cache
// older than the library, or one V8 refuses (another Node, other flags), is not
// used; without node:vm's loader constants (Node before 20.12), plain require.
'use strict';

const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const file = join(__dirname, 'vendor', 'yaml.cjs');

function loadYaml() {
  const { Script, constants } = require('node:vm');
  if (constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === undefined) return require(file);
  // (The bundle's own `module` is the launcher's plain object: the Module class comes from node:module.)
  const Module = require('node:module');
  let cachedData;
  try {
    if (statSync(`${file}.cache`).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache: compiled as usual
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    ...(cachedData ? { cachedData } : {}),
  });
  const vendored = { exports: {}, filename: file };
  script.runInThisContext().call(vendored.exports, vendored.exports, Module.createRequire(file), vendored, file, join(__dirname, 'vendor'));
  return vendored.exports;
}

module.exports = loadYaml();
