// Stands in for picomatch inside the bundled CLI (an esbuild alias, see package.json
// "build"): the library is bundled on its own as dist/vendor/picomatch.cjs and read
// only when a run needs it. The package's value is its default export, and this
// package is "type": "module", so esbuild's interop makes module.exports the default.
'use strict';

module.exports = require(require('node:path').join(__dirname, 'vendor', 'picomatch.cjs')).default;
