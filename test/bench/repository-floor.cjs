#!/usr/bin/env node
// The read-only floor of the repository audit in `npm run bench`: list every
// directory under the root and read every YAML file as a string, then exit.
// The repository audit cannot be cheaper than this; its ratio to it is
// measured in the same run. CommonJS, like the CLI's launcher.
//
//   node test/bench/repository-floor.cjs ROOT
'use strict';

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

let characters = 0;
const visit = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) visit(path);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) characters += readFileSync(path, 'utf8').length;
  }
};
visit(process.argv[2]);
// Used, so no engine could skip the reads.
if (characters === 0) process.exitCode = 1;
