#!/usr/bin/env node
// Optional conformance run: audits every kit in ../shared/corpus (real kits, not
// shipped with the project) and compares with the old script's verdicts.json.
// Usage: npm run conformance [-- path/to/corpus]. Exits 0 when every difference
// is one the README lists as intended.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(process.argv[2] ?? join(project, '../shared/corpus'));
if (!existsSync(join(corpus, 'verdicts.json'))) {
  console.log(`no corpus at ${corpus}; nothing to compare`);
  process.exit(0);
}
const verdicts = JSON.parse(readFileSync(join(corpus, 'verdicts.json'), 'utf8'));
const bin = join(project, 'bin/bootstrap-deps.js');

// Differences from the old script that are on purpose (see README, "Differences from check-bootstrap-deps.sh").
const intended = {
  'openova-late': 'reports every input error (7 duplicate HelmRelease names), not only the first',
};

let unexpected = 0;
for (const [name, verdict] of Object.entries(verdicts)) {
  let stdout;
  let exit = 0;
  try {
    stdout = execFileSync(process.execPath, [bin, 'check', '--format', 'json', '--kit-dir', verdict.kit, '--expected', verdict.expected], { cwd: corpus, encoding: 'utf8' });
  } catch (error) {
    stdout = error.stdout;
    exit = error.status;
  }
  const report = JSON.parse(stdout);
  const got = { exit, present: report.summary.present, expected: report.summary.expected, deferred: report.summary.deferred, drift: report.summary.drift };
  const want = { exit: verdict.exit, present: verdict.present, expected: verdict.expected_count, deferred: verdict.deferred, drift: verdict.drift_hrs?.length ?? 0 };
  const same = want.exit === got.exit && (want.exit === 3 || ['present', 'expected', 'deferred', 'drift'].every((key) => want[key] === got[key]));
  const rules = [...new Set(report.findings.map((finding) => finding.rule))].sort().join(' ');
  const status = same ? 'same' : intended[name] ? 'intended' : 'DIFFERENT';
  if (status === 'DIFFERENT') unexpected += 1;
  console.log(`${status.padEnd(9)} ${name}: old ${JSON.stringify(want)} new ${JSON.stringify(got)}${rules ? ` rules: ${rules}` : ''}`);
}
console.log(unexpected === 0 ? 'conformance: no unexpected difference' : `conformance: ${unexpected} unexpected difference(s)`);
process.exit(unexpected === 0 ? 0 : 1);
