#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): the CLI is one bundled CommonJS file,
// which Node loads synchronously, measurably faster than a graph of ES modules.
'use strict';

require('../dist/cli.cjs')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
