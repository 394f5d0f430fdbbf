// Stands in for yaml inside the bundled CLI (an esbuild alias, see package.json
// "build"): the library is bundled on its own as dist/vendor/yaml.cjs and read
// only when a run needs it, so the start-up bundle does not compile it every time.
//
// Run from the launcher, it is compiled with the V8 code cache the build writes
// next to it (dist/vendor/yaml.cjs.cache, src/bundle/code-cache.cjs), the way
// the launcher compiles dist/cli.cjs: the first file the fast parser declines
// cost a check about 30 ms, a third of it compiling the library and its
// functions on first call. Measured: loading 10 -> 2.6 ms, the first parse
// 10.7 -> 6 ms. Loaded some other way (a test of the bundle), plain require.
'use strict';

const file = require('node:path').join(__dirname, 'vendor', 'yaml.cjs');
const loadCached = process[Symbol.for('bootstrap-deps.load-cached')];

module.exports = typeof loadCached === 'function' ? loadCached(file).exports : require(file);
