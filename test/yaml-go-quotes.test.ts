import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseWithYamlLibrary } from '../src/load/yaml-lib-tree.js';
import { runCli } from './helpers.js';
import { repositoryOf } from './repo-builder.js';

// A quoted scalar over several lines whose later lines sit at its key's column or left of it: the YAML spec wants them
// deeper, and the yaml package refuses the file ("Missing closing 'quote"); go-yaml, which kustomize and Flux read with,
// takes it (kubectl kustomize renders `a: '{ "m": 1 }'`). A trial's probe: ShadyF/k8s-homelab's ingress-nginx
// `log-format-upstream: '{` closed by `}'` at the key's column, which made every command exit 3.
describe('a quoted scalar whose later lines are not indented past its key, read as go-yaml reads it', () => {
  /** The entries of the mapping at `path` (keys), as [key, value, value position]. */
  const entriesAt = (text: string, ...path: string[]) => {
    const parsed = parseWithYamlLibrary(text);
    expect(parsed.error).toBeUndefined();
    let node = parsed.documents![0]!.root;
    for (const key of path) node = node?.kind === 'map' ? node.entries.find((entry) => entry.key === key)?.value ?? null : null;
    return node?.kind === 'map' ? node.entries.map((entry) => [entry.key, entry.value?.kind === 'scalar' ? entry.value.value : entry.value?.kind, entry.value?.position]) : [];
  };

  it('gives the value go-yaml gives, and what follows keeps the file\'s lines and columns', () => {
    // kubectl kustomize (go-yaml) of each: '{ "m": 1 }', 'x y', 'it b: c', 'p q" r '.
    expect(entriesAt('data:\n  a: \'{\n    "m": 1\n  }\'\n  b: after\n', 'data')).toEqual([
      ['a', '{ "m": 1 }', { line: 2, column: 6 }], ['b', 'after', { line: 5, column: 6 }],
    ]);
    expect(entriesAt('data:\n  a: "x\n  y"\n  z: w\n', 'data')).toEqual([['a', 'x y', { line: 2, column: 6 }], ['z', 'w', { line: 4, column: 6 }]]);
    expect(entriesAt('data:\n  a: \'it\n  b: c\'\n', 'data')).toEqual([['a', 'it b: c', { line: 2, column: 6 }]]);
    // Two such scalars, one closed by a line at column 1, and a double-quoted one with an escaped quote.
    expect(entriesAt('data:\n  a: \'x\n  y\' # c\n  b: "p\n q\\" r\n"\n  c: d\n', 'data')).toEqual([
      ['a', 'x y', { line: 2, column: 6 }], ['b', 'p q" r ', { line: 4, column: 6 }], ['c', 'd', { line: 7, column: 6 }],
    ]);
  });

  it('finds the opening quote past an escaped one, a quoted key, an anchor or a tag (each an exit 3 before)', () => {
    // kubectl kustomize of each: '{"a": 1, "b": 2}', p q, p q, p q (a review's probes).
    for (const [value, key, read, column] of [
      ['fmt: "{\\"a\\": 1,\n  \\"b\\": 2}"', 'fmt', '{"a": 1, "b": 2}', 8], ['fmt: &x "p\n  q"', 'fmt', 'p q', 11], ['fmt: !!str "p\n  q"', 'fmt', 'p q', 14],
      ['"k y": "p\n  q"', 'k y', 'p q', 10], ['"x\\"": "a\n  b"', 'x"', 'a b', 10], ["'it''s': 'a\n  b'", "it's", 'a b', 12],
    ] as const) {
      const entries = entriesAt(`data:\n  ${value}\n  z: "1"\n`, 'data');
      expect(entries, value).toEqual([[key, read, { line: 2, column }], ['z', '1', { line: 4, column: 6 }]]);
    }
  });

  it('a quote that never closes keeps its error at the opening quote; another error past such quotes is that one', () => {
    expect(parseWithYamlLibrary('data:\n  a: \'x\n  b: c\n').error).toMatchObject({ position: { line: 2, column: 6 }, message: expect.stringMatching(/^Missing closing 'quote/) });
    // A document marker at a line's start ends the document inside a quoted scalar too: go-yaml and kustomize fail.
    expect(parseWithYamlLibrary('data:\n  a: \'x\n---\n  y\'\n').error).toMatchObject({ position: { line: 2, column: 6 }, message: expect.stringMatching(/^Missing closing 'quote/) });
    expect(parseWithYamlLibrary('data:\n  a: \'x\n  y\'\n  c: [1, x\n').error).toMatchObject({ position: { line: 5, column: 1 }, message: expect.stringMatching(/^Flow sequence in block collection/) });
  });

  it('a HelmRelease written so is audited (it was an exit 3), its findings located in the file', async () => {
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: ingress-nginx', '  namespace: networking', 'spec:',
      '  interval: 1h', '  chart:', '    spec:', '      chart: ingress-nginx', '  values:', '    controller:', '      config:',
      '        log-format-upstream: \'{', '          "msec": "$msec"', '        }\'', '  dependsOn:', '    - name: cert-manager', '',
    ].join('\n');
    const root = repositoryOf({ 'apps/nginx.yaml': release });
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as { findings: { rule: string; file: string; line: number; column: number }[] };
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual(['dependsOn/unknown-target@apps/nginx.yaml:18:7']);
    expect(result.code).toBe(1);
  });
});

// A flow collection over several lines whose later lines sit at its key's column or left of it (`command: [` with its
// items under the `c`): yaml refuses the file ("Flow sequence in block collection must be sufficiently indented");
// go-yaml, which kustomize and Flux read with, takes any indentation inside a flow. Each expected value below is what
// kubectl kustomize renders for the same text (key order aside).
describe('a flow collection whose later lines are not indented past its key, read as go-yaml reads it', () => {
  const read = (text: string) => {
    const parsed = parseWithYamlLibrary(text);
    expect(parsed.error, text).toBeUndefined();
    return parsed.documents!.map((document) => document.toJS());
  };

  it('gives the value go-yaml gives: items, a closing bracket, a quoted scalar and a comment inside the flow', () => {
    expect(read('spec:\n  command: [\n  "sh", "-c"\n  ]\n')).toEqual([{ spec: { command: ['sh', '-c'] } }]);
    expect(read('a:\n  list: [one,\ntwo]\n')).toEqual([{ a: { list: ['one', 'two'] } }]);
    expect(read('a:\n  list: ["one\n two", three]\n')).toEqual([{ a: { list: ['one two', 'three'] } }]);
    expect(read('a:\n  m: {k: "one\n two"}\n')).toEqual([{ a: { m: { k: 'one two' } } }]);
    expect(read('a:\n  m: {k: [x, # c ]\n y], z: "a\\"]"}\n  b: 1\n')).toEqual([{ a: { m: { k: ['x', 'y'], z: 'a"]' }, b: 1 } }]);
    expect(read('a:\n  l: [x,\n  y]\n  b: [p,\n q]\n')).toEqual([{ a: { l: ['x', 'y'], b: ['p', 'q'] } }]);
    expect(read("a:\n  - [x,\n  y]\n  - {p: 'it''s\n q'}\n")).toEqual([{ a: [['x', 'y'], { p: "it's q" }] }]);
    // A bracket in a comment, or in a quoted scalar past an escaped quote, closes nothing.
    expect(read('a:\n  l: [x, # ]\n  y]\n')).toEqual([{ a: { l: ['x', 'y'] } }]);
    expect(read('a:\n  l: ["p\\"]", # c\n  y]\n')).toEqual([{ a: { l: ['p"]', 'y'] } }]);
    expect(read("a:\n  l: ['p'']', # c\n  y]\n")).toEqual([{ a: { l: ["p']", 'y'] } }]);
    // A quote inside a plain scalar opens nothing (kubectl kustomize: [sh, it's-fine]), before the flow or in it.
    expect(read('a:\n  z: [it\'s]\n  command: [\n  "sh", it\'s-fine, a"b\n  ]\n')).toEqual([{ a: { z: ["it's"], command: ['sh', "it's-fine", 'a"b'] } }]);
    expect(read('data:\n  z: [it\'s]\n  a: [x,\n  y]\n')).toEqual([{ data: { z: ["it's"], a: ['x', 'y'] } }]);
    // A tag or an anchor before a quoted item (kubectl kustomize: [a]b, c]).
    expect(read("data:\n  a: [!!str 'a]b',\n  &x \"c\"]\n")).toEqual([{ data: { a: ['a]b', 'c'] } }]);
    expect(read('data:\n  a: [x,\n  y, it\'s]\n  z: [a"b]\n')).toEqual([{ data: { a: ['x', 'y', "it's"], z: ['a"b'] } }]);
  });

  it('pads no more spaces than the text has characters: past that, yaml\'s error stands (a key far right above many lines)', () => {
    const far = ' '.repeat(3000);
    const flow = `a:\n${far}k: [\n${'x,\n'.repeat(3000)}]\n`;
    expect(parseWithYamlLibrary(flow).error).toMatchObject({ message: expect.stringMatching(/^Flow sequence in block collection/) });
    const quote = `a:\n${far}k: "x\n${'x\n'.repeat(3000)}"\n`;
    expect(parseWithYamlLibrary(quote).error).toMatchObject({ message: expect.stringMatching(/^Missing closing "quote/) });
    // The same with the key at the left edge reads as go-yaml reads it.
    expect(read(`a:\n  k: [\n${'x,\n'.repeat(3000)}]\n`)).toEqual([{ a: { k: Array.from({ length: 3000 }, () => 'x') } }]);
  });

  it('what follows keeps the file\'s lines and columns; an error past such a flow is located in the file', () => {
    const parsed = parseWithYamlLibrary('a:\n  l: [x,\n  y]\n  b: after\n');
    const entries = parsed.documents![0]!.root!.kind === 'map' ? parsed.documents![0]!.root!.entries : [];
    const inner = entries[0]!.value!;
    expect(inner.kind === 'map' && inner.entries.map((entry) => [entry.key, entry.value?.position])).toEqual([['l', { line: 2, column: 6 }], ['b', { line: 4, column: 6 }]]);
    expect(parseWithYamlLibrary('a:\n  l: [x,\n  y]\n  b: c: d\n').error).toMatchObject({ position: { line: 4, column: 6 } });
  });

  it('a flow that never closes, or holds a document marker, keeps its error (go-yaml fails there too)', () => {
    expect(parseWithYamlLibrary('a:\n  l: [x, y\n  b: 1\n').error).toMatchObject({ message: expect.stringMatching(/^Flow sequence in block collection/) });
    expect(parseWithYamlLibrary('a:\n  l: [x,\n---\n y]\n').error).toMatchObject({ position: { line: 3, column: 1 } });
  });

  it('indentation inside a flow never changes what it reads (generated flows, each against the same flow indented deep)', () => {
    const scalar = fc.oneof(fc.constantFrom('x', 'y-1', '2', 'true', '"q, ]"', "'it''s'", '"two\n words"'), fc.stringMatching(/^[a-z]{1,6}$/));
    const flow: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(',\n')}]`),
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), tie('node')), { maxLength: 3 })
          .map((pairs) => [...new Map(pairs)].map(([key, value]) => `${key}: ${value}`)).map((pairs) => `{${pairs.join(',\n')}}`),
      ),
    })).node.filter((node) => node.startsWith('[') || node.startsWith('{'));
    fc.assert(fc.property(flow, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }), (value, indents) => {
      // Each later line of the flow at some indentation from 0 to 4 (the key sits at 4), or deep at 20.
      const indented = (at: (index: number) => number) => value.split('\n').map((text, index) => (index === 0 ? text : `${' '.repeat(at(index))}${text.trimStart()}`)).join('\n');
      const shallow = `data:\n  values:\n    k: ${indented((index) => indents[index % indents.length]!)}\n    after: 1\n`;
      const deep = `data:\n  values:\n    k: ${indented(() => 20)}\n    after: 1\n`;
      const expected = parseWithYamlLibrary(deep);
      expect(expected.error, deep).toBeUndefined();
      expect(parseWithYamlLibrary(shallow).documents?.map((document) => document.toJS()), shallow).toEqual(expected.documents!.map((document) => document.toJS()));
    }), { numRuns: 300, seed: 20261201 });
  });

  it('a HelmRelease written so is audited (it was an exit 3), its findings located in the file', async () => {
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: app', '  namespace: apps', 'spec:',
      '  interval: 1h', '  chart:', '    spec:', '      chart: app', '  values:', '    command: [', '    "sh", "-c",', '    ]',
      '  dependsOn: [', '  {name: cert-manager}]', '',
    ].join('\n');
    const root = repositoryOf({ 'apps/app.yaml': release });
    const result = await runCli(['check', '--root', root, '--format', 'json'], { cwd: root });
    const report = JSON.parse(result.stdout) as { findings: { rule: string; file: string; line: number; column: number }[] };
    expect(report.findings.map((finding) => `${finding.rule}@${finding.file}:${finding.line}:${finding.column}`)).toEqual(['dependsOn/unknown-target@apps/app.yaml:16:3']);
    expect(result.code).toBe(1);
  });
});
