// Preloaded (node --require) by safe-writes.test.ts: fsync never returns, so a
// write is caught holding its temp file while the test sends a signal.
const fs = require('node:fs');
fs.fsync = () => {
  process.stderr.write('holding the write\n');
  setInterval(() => undefined, 1000);
};
