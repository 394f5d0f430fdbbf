import type { RuleMeta } from './rule.js';

// The loader raises these (the audit cannot run on input it cannot read), so
// they have no check(); their metadata feeds SARIF, JUnit and the README.
// Every one of them makes the exit code 3, except the warning.
export const inputRules: readonly RuleMeta[] = [
  { id: 'input/parse-error', severity: 'error', description: 'a file is not valid YAML',
    help: 'Fix the YAML syntax at the reported line and column.' },
  { id: 'input/invalid-expected', severity: 'error', description: 'the expected DAG does not match its schema',
    help: 'Each slots: entry needs slot (7 or "15a"), name, and depends_on as a list of names.' },
  { id: 'input/invalid-resource', severity: 'error',
    description: 'a HelmRelease without a name, a document that is not a mapping, a malformed dependsOn',
    help: 'Each document must be a mapping; a HelmRelease needs metadata.name and dependsOn as a list of {name}.' },
  { id: 'input/duplicate-hr', severity: 'error', description: 'two HelmReleases with one name',
    help: 'Keep one of the two; an old slot file left behind after a renumbering is the usual cause.' },
  { id: 'input/not-found', severity: 'error', description: 'the kit directory or the expected file does not exist',
    help: 'Pass --kit-dir and --expected, or run from inside the repository (or pass --root).' },
  { id: 'input/unreadable', severity: 'error', description: 'a file exists but cannot be read (permissions, link loop)',
    help: 'Make the file readable, or fix the link.' },
  { id: 'input/too-large', severity: 'error', description: 'a YAML file over the size limit (8 MiB)',
    help: 'Split the file; slot files are kilobytes.' },
  { id: 'input/empty', severity: 'error', description: 'no slot files, no HelmReleases, no expected slots, or an empty slot file',
    help: 'Point --kit-dir and --expected at the real kit and DAG.' },
  { id: 'input/usage', severity: 'error', description: 'unknown flag or bad value',
    help: 'Run bootstrap-deps check --help.' },
  { id: 'input/internal', severity: 'error', description: 'bootstrap-deps itself failed (a bug)',
    help: 'Re-run with --debug and report the trace.' },
  { id: 'expected/unknown-key', severity: 'warning', description: 'a key the expected DAG schema does not know (ignored)',
    help: 'Use only slots:, and slot, name, depends_on, wave in each entry; a typo is otherwise ignored.' },
];
