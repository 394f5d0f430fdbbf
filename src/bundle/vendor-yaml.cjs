// Stands in for yaml inside the bundled CLI (an esbuild alias, see package.json
// "build"): the library is bundled on its own as dist/vendor/yaml.cjs and read
// only when a run needs it, so the start-up bundle does not compile it every time.
'use strict';

module.exports = require(require('node:path').join(__dirname, 'vendor', 'yaml.cjs'));
