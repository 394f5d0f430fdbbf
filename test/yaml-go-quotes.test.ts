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
