import rule from '../../src/rules/dependson-invalid-ready-expr.js';
import { expectedDag, fluxKustomization, helmRelease, ruleTester } from '../rule-tester.js';

const withReadyExpr = (expression: string) => ({
  '01-bp-cilium.yaml': helmRelease('bp-cilium'),
  '02-bp-flux.yaml': helmRelease('bp-flux').replace('spec:\n', `spec:\n  dependsOn:\n    - name: bp-cilium\n      readyExpr: ${expression}\n`),
});
const expected = expectedDag([1, 'bp-cilium', []], [2, 'bp-flux', ['bp-cilium']]);
const fix = "write a CEL expression over self and dep that evaluates to a bool, e.g. dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')";

/** A ResourceSet depending on Kustomization infra with this readyExpr (and ready: true unless `ready` is false). */
const resourceSet = (expression: string, ready = true) => ({
  'clusters/prod/infra.yaml': fluxKustomization('infra'),
  'clusters/prod/apps.yaml': [
    'apiVersion: fluxcd.controlplane.io/v1', 'kind: ResourceSet', 'metadata:', '  name: apps', '  namespace: flux-system', 'spec:', '  dependsOn:',
    '    - apiVersion: kustomize.toolkit.fluxcd.io/v1', '      kind: Kustomization', '      name: infra', '      namespace: flux-system',
    ...(ready ? ['      ready: true'] : []), `      readyExpr: ${expression}`, '  resources: []', '',
  ].join('\n'),
});
const resourceSetFix = "write a CEL expression over the dependency object's own fields that evaluates to a bool, e.g. status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')";

ruleTester(rule, {
  valid: [
    { name: 'a bool over dep', kit: withReadyExpr("dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')"), expected },
    // fluxcd/pkg runtime/cel compiles with cel-go's optional types and its string, set and encoder extensions (a trial's probes).
    { name: 'optional field selection with orValue', kit: withReadyExpr("dep.metadata.?labels.?tier.orValue('') == 'infra'"), expected },
    { name: 'the sets extension', kit: withReadyExpr("sets.contains(dep.metadata.finalizers, ['finalizers.fluxcd.io'])"), expected },
    { name: 'the encoders extension', kit: withReadyExpr("base64.encode(b'x') != ''"), expected },
    { name: 'the strings extension: format, charAt, quote', kit: withReadyExpr(`"'%s'.format([dep.metadata.name]) == 'infra' && dep.metadata.name.charAt(0) != strings.quote('x')"`), expected },
    // A review's probes: cel-go joins dyn with any type in a literal, and declares matches as a global function.
    { name: 'a literal mixing a field of dep with a string, and the global matches', kit: withReadyExpr("\"['a', dep.metadata.name].size() == 2 && matches(dep.metadata.name, '^bp-')\""), expected },
    // flux-operator only parses a ResourceSet's readyExpr.
    { name: 'a ResourceSet item that parses, whatever its types', repository: resourceSet("status.phase in ['Ready', 1]") },
    { name: 'a ResourceSet item: a bool over the dependency object\'s fields, with ready: true', repository: resourceSet("status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')") },
    { name: 'a ResourceSet item whose strings mention dep. and self.: only names read count', repository: resourceSet("metadata.annotations['dep.example.com/x'] == \"self.y\"") },
    { name: 'a ResourceSet item whose macro binds self (a review\'s probe): the macro\'s variable', repository: resourceSet("status.conditions.exists(self, self.type == 'Ready' && self.status == 'True')") },
  ],
  invalid: [
    {
      name: 'a ResourceSet item that reads dep., as HelmRelease items do: flux-operator binds no dep',
      repository: resourceSet("dep.status.conditions.exists(c, c.type == 'Ready')"),
      findings: [{
        message: "readyExpr of apps's dependency on infra is not usable: it reads dep., but flux-operator evaluates a ResourceSet's readyExpr over the dependency object itself (status, metadata, spec): there is no dep",
        at: 'clusters/prod/apps.yaml:13:18',
        fix: resourceSetFix,
      }],
    },
    {
      name: 'a ResourceSet item without ready: true: its readyExpr is never evaluated, a warning',
      repository: resourceSet("status.conditions.exists(c, c.type == 'Ready')", false),
      findings: [{
        message: "readyExpr of apps's dependency on infra is never evaluated: flux-operator reads it only when the item has ready: true, so apps waits only for infra to exist",
        at: 'clusters/prod/apps.yaml:12:18',
        fix: 'add ready: true to this dependsOn item',
        severity: 'warning',
      }],
    },
    {
      name: 'a variable other than self and dep, located at the expression',
      kit: withReadyExpr('other.ready'),
      expected,
      findings: [{ message: "readyExpr of bp-flux's dependency on bp-cilium is not usable: Unknown variable: other (only self and dep exist)", at: '02-bp-flux.yaml:9:18', fix, hr: 'bp-flux', dependency: 'bp-cilium' }],
    },
    {
      // fluxcd/pkg runtime/cel: self and dep are google.protobuf.Struct, a field of them is dyn, and the output type must be bool.
      name: 'a field of dep alone: dyn at compile time, which the controllers refuse',
      kit: withReadyExpr('dep.spec.prune'),
      expected,
      findings: [{ message: "readyExpr of bp-flux's dependency on bp-cilium is not usable: it evaluates to dyn (a field of self or dep has no type until it is evaluated), but the controllers compile readyExpr to bool: compare it, as in dep.spec.suspend == false", at: '02-bp-flux.yaml:9:18', fix }],
    },
    {
      name: 'an expression that is not a bool',
      kit: withReadyExpr('dep.metadata.generation + 1'),
      expected,
      findings: [{ message: "readyExpr of bp-flux's dependency on bp-cilium is not usable: it evaluates to int, not bool", at: '02-bp-flux.yaml:9:18', fix }],
    },
  ],
});
