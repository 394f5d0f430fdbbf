import { ruleMeta } from '../../src/rules/index.js';
import { helmRelease, ruleTester } from '../rule-tester.js';

// The annotation side of suppression/unused (the baseline side needs the CLI:
// test/suppressions.test.ts and test/integration/suppressions-corpus.test.ts).
// The tester runs no model rule but this one, so the annotated rule here is one
// the loader raises, which always runs: dependsOn/unknown-key.

/** bp-a with a bootstrap-deps.io/ignore annotation (its value at line 7, column 31) and, maybe, a dependsOn item with a misspelt key. */
function annotated(value: string, misspeltKey: boolean): string {
  const release = helmRelease('bp-a', ['bp-b'])
    .replace('  namespace: flux-system\n', `  namespace: flux-system\n  annotations:\n    bootstrap-deps.io/ignore: ${value}\n`);
  return misspeltKey ? release.replace('    - name: bp-b\n', '    - name: bp-b\n      namepsace: flux-system\n') : release;
}
const kit = (value: string, misspeltKey: boolean) => ({ '01-bp-a.yaml': annotated(value, misspeltKey), '02-bp-b.yaml': helmRelease('bp-b') });
const expected = 'slots:\n  - slot: 1\n    name: bp-a\n    depends_on: [bp-b]\n  - slot: 2\n    name: bp-b\n    depends_on: []\n';

ruleTester(ruleMeta('suppression/unused')!, {
  valid: [
    { name: 'the annotation suppresses a finding', kit: kit('"dependsOn/unknown-key: the operator reads namepsace"', true), expected },
    { name: 'a rule left out of the run has not judged the release', kit: kit('"drift/extra-edge: accepted"', false), expected },
  ],
  invalid: [
    {
      name: 'the finding the annotation suppressed is gone',
      kit: kit('"dependsOn/unknown-key: the operator reads namepsace"', false),
      expected,
      findings: [{
        message: 'the bootstrap-deps.io/ignore annotation of bp-a suppresses dependsOn/unknown-key, which no longer reports anything here',
        at: '01-bp-a.yaml:7:31',
        fix: 'remove "dependsOn/unknown-key: ..." from the annotation',
        hr: 'bp-a',
      }],
    },
  ],
});
