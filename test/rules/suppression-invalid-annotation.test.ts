import { ruleMeta } from '../../src/rules/index.js';
import { helmRelease, ruleTester } from '../rule-tester.js';

/** bp-a with a bootstrap-deps.io/ignore annotation: the value sits at line 7, column 31. */
const annotated = (value: string, dependsOn: string[] = []) =>
  helmRelease('bp-a', dependsOn).replace('  namespace: flux-system\n', `  namespace: flux-system\n  annotations:\n    bootstrap-deps.io/ignore: ${value}\n`);
const plain = { '02-bp-b.yaml': helmRelease('bp-b') };
const at = '01-bp-a.yaml:7:31';
const format = 'write it as bootstrap-deps.io/ignore: "<rule>: <reason>"';

ruleTester(ruleMeta('suppression/invalid-annotation')!, {
  valid: [
    { name: 'no annotation', kit: { '01-bp-a.yaml': helmRelease('bp-a'), ...plain } },
    { name: 'a rule id and a reason', kit: { '01-bp-a.yaml': annotated('"drift/extra-edge: CRDs come from bp-b until it is split out"'), ...plain } },
    { name: 'one entry per line of a block scalar', kit: { '01-bp-a.yaml': annotated('|\n      drift/extra-edge: accepted\n      dependsOn/duplicate: listed twice on purpose'), ...plain } },
  ],
  invalid: [
    {
      name: 'a misspelt rule id gets the closest one',
      kit: { '01-bp-a.yaml': annotated('"drift/extra-egde: accepted"'), ...plain },
      findings: [{ message: 'bp-a: unknown rule id drift/extra-egde', at, fix: 'did you mean drift/extra-edge?', hr: 'bp-a' }],
    },
    {
      name: 'no reason',
      kit: { '01-bp-a.yaml': annotated('"drift/extra-edge:"'), ...plain },
      findings: [{ message: 'bp-a: the suppression of drift/extra-edge gives no reason', at, fix: format }],
    },
    {
      name: 'not "<rule>: <reason>"',
      kit: { '01-bp-a.yaml': annotated('"ignore everything"'), ...plain },
      findings: [{ message: 'bp-a: "ignore everything" is not "<rule>: <reason>"', at, fix: format }],
    },
    {
      name: 'an input rule cannot be suppressed',
      kit: { '01-bp-a.yaml': annotated('"input/parse-error: it parses for me"'), ...plain },
      findings: [{ message: 'bp-a: input/parse-error cannot be suppressed', at, fix: format }],
    },
    {
      name: 'a value that is not a string',
      kit: { '01-bp-a.yaml': annotated('[drift/extra-edge]'), ...plain },
      findings: [{ message: 'bp-a: the bootstrap-deps.io/ignore annotation is empty or not a string', at, fix: format }],
    },
  ],
});
