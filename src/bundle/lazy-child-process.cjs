// Stands in for node:child_process inside the bundled CLI (an esbuild alias,
// see package.json "build"). commander loads child_process at start-up only to
// run executable subcommands, which this CLI has none of; loading it costs
// ~7 ms (net, dgram and stream come with it). This loads it on first use.
'use strict';

let childProcess;
module.exports = new Proxy({}, {
  get(_target, key) {
    childProcess ??= require('child_process');
    return childProcess[key];
  },
});
