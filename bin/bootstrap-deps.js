#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/cli.js so start-up reads one file.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
