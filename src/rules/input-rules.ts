import { defineRuleMeta } from './rule.js';

// The loader raises these (the audit cannot run on input it cannot read), so
// they have no check(); their metadata feeds SARIF, JUnit and the README.
// Every one of them makes the exit code 3, except the warning.
export const inputRules = [
  defineRuleMeta({ id: 'input/parse-error', severity: 'error', description: 'a file is not valid YAML',
    help: 'Fix the YAML syntax at the reported line and column.' }),
  defineRuleMeta({ id: 'input/invalid-expected', severity: 'error', description: 'the expected DAG does not match its schema',
    help: 'Each slots: entry needs slot (7 or "15a"), name, and depends_on as a list of names.' }),
  defineRuleMeta({ id: 'input/invalid-resource', severity: 'error',
    description: 'a HelmRelease without a name, a document that is not a mapping, a malformed dependsOn',
    help: 'Each document must be a mapping; a HelmRelease needs metadata.name and dependsOn as a list of {name}.' }),
  defineRuleMeta({ id: 'input/duplicate-hr', severity: 'error', description: 'two HelmReleases with one name',
    help: 'Keep one of the two; an old slot file left behind after a renumbering is the usual cause.' }),
  defineRuleMeta({ id: 'input/not-found', severity: 'error', description: 'the kit directory or the expected file does not exist',
    help: 'Pass --kit-dir and --expected, or run from inside the repository (or pass --root).' }),
  defineRuleMeta({ id: 'input/unreadable', severity: 'error', description: 'a file exists but cannot be read (permissions, link loop)',
    help: 'Make the file readable, or fix the link.' }),
  defineRuleMeta({ id: 'input/too-large', severity: 'error', description: 'a YAML file over the size limit (8 MiB)',
    help: 'Split the file; slot files are kilobytes.' }),
  defineRuleMeta({ id: 'input/special-file', severity: 'error', description: 'a FIFO, a device or a socket where a YAML file belongs (never read)',
    help: 'Replace it with the YAML file itself; a link to /dev/zero or a named pipe would hang or fill memory.' }),
  defineRuleMeta({ id: 'input/outside-root', severity: 'error',
    description: 'a slot file or kit directory that a symbolic link takes outside the repository (never read)',
    help: 'Commit the file itself, or point the link at a file inside the repository.' }),
  defineRuleMeta({ id: 'input/empty', severity: 'error', description: 'no slot files, no HelmReleases, no expected slots, or an empty slot file',
    help: 'Point --kit-dir and --expected at the real kit and DAG.' }),
  defineRuleMeta({ id: 'input/usage', severity: 'error', description: 'unknown flag or bad value',
    help: 'Run bootstrap-deps check --help.' }),
  defineRuleMeta({ id: 'input/internal', severity: 'error', description: 'bootstrap-deps itself failed (a bug)',
    help: 'Re-run with --debug and report the trace.' }),
  defineRuleMeta({ id: 'input/kustomize-error', severity: 'error',
    description: 'kustomize would refuse the kit: a duplicate or cyclic resource, two kustomization files, an unknown field, a failed build',
    help: 'Fix the kustomization as the message says; Flux\'s build of the kit fails the same way.' }),
  defineRuleMeta({ id: 'input/kustomize-missing', severity: 'error',
    description: 'the kit\'s kustomization transforms objects, and neither kustomize nor kubectl is on PATH to build it',
    help: 'Install kustomize or kubectl, or pass --no-kustomize to audit the files as written.' }),
  defineRuleMeta({ id: 'input/kustomize-skipped', severity: 'warning',
    description: 'the kit\'s kustomization transforms objects, and --no-kustomize audits the files as written',
    help: 'Drop --no-kustomize to audit what Flux applies.' }),
  defineRuleMeta({ id: 'dependsOn/unknown-key', severity: 'warning', description: 'a dependsOn item key that Flux does not know (dropped when applied)',
    help: 'Use only name, namespace and readyExpr in a dependsOn item.' }),
  defineRuleMeta({ id: 'input/invalid-config', severity: 'error',
    description: 'the config file (bootstrap-deps.config.yaml, .bootstrap-depsrc.yaml, package.json "bootstrap-deps") is invalid',
    help: 'Fix the key or value at the reported line and column; unknown options and rule ids name the closest valid one.' }),
  defineRuleMeta({ id: 'expected/unknown-key', severity: 'warning', description: 'a key the expected DAG schema does not know (ignored)',
    help: 'Use only slots:, and slot, name, depends_on, wave in each entry; a typo is otherwise ignored.' }),
] as const;

/** The ids the loader and the CLI raise. */
export type InputRuleId = (typeof inputRules)[number]['id'];
