#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): the CLI is one bundled CommonJS file,
// which Node loads synchronously, measurably faster than a graph of ES modules.
'use strict';

// A run allocates mostly short-lived parse trees next to a few long-lived
// records; V8's allocation-site pretenuring then moves the short-lived ones into
// old space, where they cost full collections. Measured on a 10,000-slot kit:
// without it, a third less peak memory and less time (README, Performance).
require('node:v8').setFlagsFromString('--no-allocation-site-pretenuring');

require('../dist/cli.cjs')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
