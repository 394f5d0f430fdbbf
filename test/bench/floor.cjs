#!/usr/bin/env node
// The read-only floor of `npm run bench` (issue 18): what it costs to do no
// more than read a check's input. It lists each kit directory once and reads
// every file in it as a string, plus the expected DAG, then exits. `check`
// cannot be cheaper than this, so its targets are ratios to it, measured in
// the same run. CommonJS, like the CLI's launcher, so both start alike.
//
//   node test/bench/floor.cjs EXPECTED_FILE KIT_DIR [KIT_DIR...]
'use strict';

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const [expected, ...kitDirs] = process.argv.slice(2);
let characters = readFileSync(expected, 'utf8').length;
for (const kitDir of kitDirs) {
  for (const name of readdirSync(kitDir)) characters += readFileSync(join(kitDir, name), 'utf8').length;
}
// Used, so no engine could skip the reads.
if (characters === 0) process.exitCode = 1;
