import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFastYaml } from '../src/load/fast-yaml.js';
import { parseWithYamlLibrary } from '../src/load/yaml-lib-tree.js';
import { resolvePlainScalar } from '../src/load/yaml-tree.js';
import type { YamlDocument } from '../src/load/yaml-tree.js';
import { projectRoot, yamlFilesUnder } from './helpers.js';

// The fast parser may decline anything; what it accepts must parse without
// error in the `yaml` package and give the very same tree and positions.

function roots(documents: YamlDocument[]) {
  // An empty document is null in one parser and a null scalar in the other; both mean "nothing".
  return documents.map((document) => (document.root?.kind === 'scalar' && document.root.value === null ? null : document.root));
}

function expectSameAsYamlPackage(text: string): boolean {
  const fast = parseFastYaml(text);
  if (!fast) return false;
  const library = parseWithYamlLibrary(text);
  expect(library.error, `the yaml package rejects a text the fast parser accepted:\n${text}`).toBeUndefined();
  expect(roots(fast), text).toEqual(roots(library.documents!));
  expect(fast.map((document) => document.toJS()), text).toEqual(library.documents!.map((document) => document.toJS()));
  return true;
}

/** Every generated text the fast parser accepts must agree with the yaml package; returns the share it accepted. */
function acceptedShare(texts: fc.Arbitrary<string>, numRuns: number): number {
  let accepted = 0;
  let total = 0;
  fc.assert(fc.property(texts, (yaml) => {
    total += 1;
    if (expectSameAsYamlPackage(yaml)) accepted += 1;
  }), { numRuns });
  return accepted / total;
}

describe('fast YAML parser', () => {
  it('accepts every fixture file and agrees with the yaml package on each', () => {
    // Helm chart templates are Go templates, not YAML.
    const files = yamlFilesUnder(join(projectRoot, 'fixtures')).filter((file) => !file.includes('/templates/'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) expect(expectSameAsYamlPackage(readFileSync(file, 'utf8')), file).toBe(true);
  });

  const corpus = join(projectRoot, '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('agrees with the yaml package on every real kit file it accepts (skipped without ../shared/corpus)', () => {
    let accepted = 0;
    const files = yamlFilesUnder(corpus);
    for (const file of files) if (expectSameAsYamlPackage(readFileSync(file, 'utf8'))) accepted += 1;
    // Most real files are plain block YAML; the rest (block scalars, anchors) go to the full parser.
    expect(accepted / files.length).toBeGreaterThan(0.5);
  });

  it('resolves digit-leading plain scalars as the yaml package does (one scan, not eight regular expressions)', () => {
    for (const source of ['0', '08', '007', '15m', '128Mi', '1.0.0', '10.0.0.1', '1e5', '1E+5', '9.9e-3', '1.', '1..2', '1e', '1-2', '1+2',
      '0x1F', '0o17', '0x', '0o', '0xg', '0b1', '1_000', '2024-01-01', '3abc', '12345678901234567890', '1x']) {
      const library = parseWithYamlLibrary(`a: ${source}\n`).documents![0]!.toJS() as { a: unknown };
      expect([source, resolvePlainScalar(source)]).toEqual([source, library.a]);
    }
  });

  it('resolves sign- and dot-leading plain scalars as the yaml package does (paths and flags settle early)', () => {
    for (const source of ['-1', '+1', '-1.5', '+.5', '-.5e3', '-.inf', '+.Inf', '.inf', '.INF', '.nan', '.NaN', '.NAN', '.5', '.5e-2', '.',
      '-', '+', '-x', '--concurrent=10', '--requeue-dependency=5s', '+x', '-.x', '.x', './apps', '../base', '.infinity', '.nano', '.Inf',
      '-.nan', '.github', '-0', '+0x1F', '-0o7', 'nan', 'inf', 'null', 'Null', '~', 'true', 'TRUE', 'flux-system', 'name']) {
      const library = parseWithYamlLibrary(`a: ${source}\n`);
      if (library.error) continue; // a bare "-" or "+": not a plain scalar; the fast parser declines it too
      const expected = (library.documents![0]!.toJS() as { a: unknown }).a;
      expect([source, resolvePlainScalar(source)]).toEqual([source, expected]);
    }
  });

  it('resolves words as the yaml package does: a null or a boolean only at four or five letters, any case it takes', () => {
    const unit = fc.constantFrom(...'nNuUlLtTrReEfFaAsSxX~_/$.0');
    fc.assert(fc.property(fc.string({ unit, maxLength: 6 }), (source) => {
      const library = parseWithYamlLibrary(`a: ${source}\n`);
      if (library.error || !/^[A-Za-z~_/$]/.test(source)) return;
      expect([source, resolvePlainScalar(source)]).toEqual([source, (library.documents![0]!.toJS() as { a: unknown }).a]);
    }), { numRuns: 3000, seed: 20261201, examples: [['null'], ['Null'], ['NULL'], ['nULL'], ['true'], ['False'], ['FALSE'], ['fAlse'], ['nulls'], ['trues'], ['~'], ['~x']] });
  });

  it('reads a plain key with a colon inside as the yaml package does (Cilium\'s k8s:io.kubernetes.pod.namespace)', () => {
    for (const text of ['endpointSelector:\n  matchLabels:\n    k8s:io.kubernetes.pod.namespace: database\n', 'a:b:c: 1\n', 'a:/b: 1\n', '1:2: x\n', '12:30: x\n',
      'a:b:\n  c: 1\n', '- k8s:app: x\n', 'github:token: x # c\n', 'a:1: x\nb: a:1\n']) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
    // A duplicate is still the yaml package's to report; `a::b` (a colon before a colon) is left to it too.
    for (const text of ['a:b: 1\na:b: 2\n', 'a::b: 1\n', 'a:b: c: d\n']) expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads a plain scalar that starts with a colon as the yaml package does (a listen address in Helm values)', () => {
    for (const text of ['env:\n  BIND: :8080\n', 'a: ::x # c\n', '- :8080\n', 'a: [:x, :y ]\n', 'a: {b: :x}\n', 'a: :x\n  :y\n', 'a: :x:y\n', 'a: :1e3\n']) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
    expect(parseFastYaml('env:\n  BIND: :8080\n')![0]!.toJS()).toEqual({ env: { BIND: ':8080' } });
    // A colon before a space or the end is a key's (an error here, the yaml package's to report), in a flow also before `,]}`.
    for (const text of ['a: :\n', 'a: :8080: b\n', 'a: [:]\n', 'a: [:,]\n', 'a: {b: :}\n']) expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads a long flow list of small mappings (many collections on a line, one level deep) and bounds only the nesting', () => {
    // A HelmRelease's dependsOn as one flow list: it declined past 64 `{` on the line, and the yaml
    // package then took 2 GB for the benchmark's 8 MiB list of 520,000 items.
    const items = Array.from({ length: 1000 }, (_, index) => `{name: d${index}}`).join(', ');
    expect(expectSameAsYamlPackage(`spec:\n  dependsOn: [${items}]\n`)).toBe(true);
    expect(parseFastYaml(`a: ${'['.repeat(64)}x${']'.repeat(64)}\n`)).toBeDefined();
    expect(parseFastYaml(`a: ${'['.repeat(65)}x${']'.repeat(65)}\n`)).toBeUndefined();
    expect(parseFastYaml(`a: ${'{b: '.repeat(65)}x${'}'.repeat(65)}\n`)).toBeUndefined();
    expect(parseFastYaml(`a: [${'[x], '.repeat(100)}[x]]\n`)).toBeDefined();
  });

  it('declines what it does not handle', () => {
    for (const text of [
      'a: |+\n  text\n', 'a: |2\n   text\n', 'a: >+\n  text\n', 'a: |\n', 'a: |\nb: 1\n', 'a: |x\n  text\n', 'a: |\n  x\n   \n  y\n',
      'a: >\n\n  text\n', 'a: >\n  text\n    more\n', '- key: |\n  text\n',
      // Aliases it cannot share safely: unknown, in another document, inside their own anchor, of a node that holds an alias.
      'a: *x\n', 'a: &x 1\n---\nb: *x\n', 'a: &x\n  b: *x\n', 'a: &a 1\nb: &b\n  - *a\nc: &c\n  - *b\nd: *c\n', 'a: &x\nb: 1\n', '- &x\n- 1\n', '- &a key: v\n',
      // An alias key: of a collection, of a null, of `<<`, equal to another key (the yaml package does not call it a
      // duplicate), in a sequence item, or right before its colon (go-yaml's reading: yaml-lib-tree.ts).
      'a: &m {b: 1}\nm:\n  *m : 1\n', 'a: &n ~\nm:\n  *n : 1\n', 'a: &x "<<"\nm:\n  *x : 1\n', 'a: &x k\nm:\n  *x : 1\n  k: 2\n', 'a: &x k\nm:\n  *x : 1\n  *x : 2\n',
      'a: &x k\nm:\n  - *x : 1\n', 'a: &x k\nm:\n  *x: 1\n', 'm:\n  *x : 1\n', 'a: &x\n  *x : 1\n',
      'a: &x! 1\n', 'a: &x 1\nb: *x!\n', 'a: &x 1\nb: [*x!]\n', 'a: &x 1\nb: [*x : 1]\n', 'a: &h [1]\nb: [\n  *h\n]\n',
      // An anchor alone on its line (the node below is what it names), with a key, an item or a block scalar after it, at the root, or followed by more.
      'a:\n  &g\n  k: v\n', 'a:\n  &g k: v\n', 'a:\n  &g - x\n', 'a:\n  &g |\n    x\n', '&g 1\n', 'a:\n  &g 1\n  more\n', 'a:\n  &g [1, *g]\n', 'a: &x 1\nb: *x y\n', 'a: &x &y 1\n', 'a: &x 1\n<<: *x\n', 'a: !!str 1\n', 'a: "x\\  \n  y"\n', 'a: "\\N"\n', 'a: "\\U0001F600"\n', 'a: "\\uD800"\n', 'a: "\\q"\n', 'a: "\\x4"\n', "a: 'it''s\n", 'a:\n\tb: 1\n',
      'a: 1\na: 2\n', 'a: b: c\n', 'a: [1, 2\n', 'a: [1,,]\n', 'a: [,]\n', '%YAML 1.2\n---\na: 1\n', '--- a: 1\n', 'a: 1\n...\n',
      '  a: 1\n', 'a: x # c\n  y\n', 'a: x\n# c\n  y\n', 'a: x\n  y: z\n', 'a: x\n  y #c\n', "a: 'x'\n  y\n", "a: 'x\ny'\n", 'a: [x,\ny]\n', 'a: [x, # c\n  y]\n', 'a: ["x\n  y"]\n', 'k:\n  [-\n  ]\n', 'just a scalar\n', '? complex\n: key\n', 'a: "q"#c\n', 'a: [-]\n', 'a: {b: -}\n', 'a: - x\n', 'k: oo bar\r#\n\n', 'a: x\ry\n', 'a: 1\r\nb: x\ry\r\n',
      // A no-break space is no YAML space: the yaml package keeps it in a plain scalar ("x\u00a0") and
      // rejects it after a quoted one; String#trim had made both a plain "x".
      'a: x\u00a0\n', 'a: "x"\u00a0\n', 'a: x\u00a0 # c\n', 'a: [x\u00a0, y]\n',
    ]) {
      expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('takes an implicit key of 1,024 characters and leaves a longer one, which the yaml package rejects, to it', () => {
    for (const [key, accepted] of [['k'.repeat(1024), true], ['k'.repeat(1025), false], [`"${'k'.repeat(1022)}"`, true], [`"${'k'.repeat(1023)}"`, false]] as const) {
      for (const text of [`${key}: v\n`, `a:\n  - ${key}: v\n`]) {
        expect(expectSameAsYamlPackage(text), text.slice(0, 20)).toBe(accepted);
        if (!accepted) expect(parseWithYamlLibrary(text).error?.message).toMatch(/1024/);
      }
    }
  });

  it('reads literal and folded block scalars as the yaml package does', () => {
    for (const text of [
      'a: |\n  line1\n  line2\nb: 1\n', 'a: |-\n  x\n  y', 'a: |\n  x\n  y', 'a: | # note\n  x\n# top\nb: 1\n',
      'a: |\n  x\n\n  y\n\n\nb: 1\n', 'a: |\n\n  x\n', 'a: |\n  x\n---\nb: 1\n', 'a: >-\n  one\n  two\n\n  three\nb: 1\n',
      'a: >\n  x\n  y\n\n  z\n  # c\nb: 1', '- |\n text\n', '- key: |\n   text\n', 'a:\n  - |\n    x: 1\n    - y\n  - z\n',
      // What looks like YAML inside the text is text: keys, comments, markers, quotes, flow brackets.
      'data:\n  config.yaml: |\n    server:\n      port: 8080 # inline\n    # comment\n    list: [a, b\n    "q\n    ---\nkind: ConfigMap\n',
    ]) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('reads plain and quoted scalars that go on over several lines (as kustomize wraps long ones) as the yaml package does', () => {
    for (const text of [
      'a: x\n  y\n', 'a: x  \n   y z  \n\n  w\nz: 1\n', '- x\n  y\n- q\n', 'a:\n  - x\n   y\n', 'a: b\n  - c\n', 'a: 1\n  2\n',
      'a: b\n\n\n  c\n', 'a: b\n  #c\nd: 1\n', 'a: b\n  c#d\n', '- a: b\n    c\n', 'a: &x b\n  c\nd: *x\n',
      "k: 'a\n  b'\n", "k: 'it''s\n  ''quoted'' # not a comment\n\n  end  '  # comment\nz: 1\n", 'k: "a\n  # b\n  c"\n',
      // What kustomize wrote for joryirving/home-ops: CEL expressions and Go templates past 80 columns.
      "spec:\n  healthCheckExprs:\n  - current: has(status.observedGeneration) && status.observedGeneration == metadata.generation\n      && has(status.phase) && status.phase == 'Ready'\n    kind: Repository\n",
      "data:\n  SECRET: '{{ .MATRIX_REGISTRATION_SHARED_SECRET\n    }}'\n  other: x\n",
      // Only spaces are dropped before a line break: a no-break space or U+2028 there is text (String#trimEnd dropped them).
      'a: b\n c\u00a0\n', 'a: b\n c\u00a0\n d\n', 'a: b\n \u00a0\n', 'a: "b\u00a0\n c"\n', "a: 'b\u00a0\n c'\n", "a: 'b\n c\u00a0\n d'\n", '- b\n c\u2028\n',
      // Escaped line breaks, as Go's YAML emitters wrap long double-quoted strings (keycloak's CRDs): the break is no
      // space, the spaces before the backslash stay, and empty lines after it fold as one fewer would.
      'k: "a \\\n  b"\n', 'k: "a\\\n\n  b"\n', 'k: "a  \\\n    b c\\\n  d"\n', 'k: "x\n  y\\\n  z"\n', '- "a\\\n  \\ b"\n',
      'k: "a\\\n   \n\n  b"\n', 'k: "\\\n  b"\n', 'k: "a\\\n\n\n\n  b\\\n  c"\n', 'k: "a\\\n  \\\n  b"\n',
    ]) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('reads flow collections over several lines (as prettier writes long ones) and a trailing comma as the yaml package does', () => {
    for (const text of [
      'a: [1, 2,]\n', 'a: {b: 1,}\n', 'a:\n  [x, y]\nb: 2\n', 'a: [x,\n\n  y]\n', 'a: [\n x\n ,y]\n', '- [\n   x,\n  ]\n',
      'a:\n  {b: 1,\n   c: [2,\n  3]}\n',
      // What joryirving/home-ops and ionfury/homelab write: a container's args, a role's resources, a ResourceSet input.
      'args:\n  [\n    "--auth",\n    "none",\n    "--user-data-dir",\n  ]\nenv: {}\n',
      'rules:\n  - apiGroups: [""]\n    resources:\n      [\n        "pods",\n        "pods/log",\n      ]\n    verbs: ["get"]\n',
      'inputs:\n  - name: media-config\n    dependsOn:\n      [\n        bazarr,\n        jellyfin,\n      ]\n',
      // A document that is a flow (d4rkfella/home-ops writes every manifest so), its lines at the margin too.
      '---\n# yaml-language-server: $schema=x\n{\n  apiVersion: "kustomize.toolkit.fluxcd.io/v1",\n  kind: "Kustomization",\n  spec: {\n    dependsOn: [\n      {name: "a"},\n    ],\n  },\n}\n',
      '{a: 1}\n', '{\na: 1\n}\n', '[\n1,\n2\n]\n', '{a: 1}\n---\n{b: 2}\n', '{a: 1} # c\n# d\n', '{a: 1\n}\n  \n',
      // JSON: quoted keys in a flow mapping, their text (escapes read), never resolved.
      '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "x", "labels": {"app.kubernetes.io/name": "x"}}\n}\n',
      'k: {"5": 1, "true": 2, "null": 3, "": 4}\n', "{'it''s': 1, \"a\\nb\": 2}\n",
    ]) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
    // A document marker or end at the margin is the stream's, not the flow's; content after the flow is the yaml package's.
    for (const text of ['{a: 1,\n---\nb: 2}\n', '{a: 1,\n...\n}\n', '{a: 1}\nb: 2\n', '{a: 1}\n  x\n', '[a]: 1\n', '{a: 1}: 2\n',
      // A quoted key's colon with no space after it (JSON's `"a":1`) or before it, `<<`, a duplicate, or a key over two lines.
      '{"a":1}\n', '{"a" : 1}\n', '{"<<": 1}\n', '{"a": 1, a: 2}\n', '{\n  "a\n  b": 1\n}\n']) {
      expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
    }
    // Each item where it is written, for the findings located there.
    const [document] = parseFastYaml('inputs:\n  - deps:\n      [\n        a,\n        "b",\n      ]\n')!;
    expect(JSON.stringify(document!.root)).toContain('"items":[{"kind":"scalar","position":{"line":4,"column":9}');
  });

  it('reads quoted keys as the yaml package does (a Helm value named with dots, a label key with a colon)', () => {
    for (const text of [
      '"a.b": x\n', "'k': v\n", '- "k": v\n  z: 1\n', '"a\\tb": x\n', '"": x\n', 'x:\n  "k8s:io": ns\n', '"true": 1\n', "'it''s': x\n", '"a":\n  b: 1\n',
      // onedr0p/home-ops and joryirving/home-ops: the victoria-logs collector's values.
      'values:\n  collector:\n    "kubernetesCollector.decolorizeFields": _msg\n',
    ]) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
    // What is not one: a quoted value, a key the yaml package refuses or reads otherwise (`"1"` beside `1`), a quoted merge key.
    for (const text of ['"a":x\n', '"a"  : x\n', '"1": x\n1: y\n', '"<<": x\n', '"a": x\n"a": y\n']) expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
    expect(expectSameAsYamlPackage('- "just a value"\n- "over\n  lines"\n')).toBe(true);
  });

  it('agrees with the yaml package on generated quoted keys (property)', () => {
    const char = fc.constantFrom('a', '.', ':', ' ', '#', "'", "''", '"', '\\"', '\\\\', '\\t', '\\x41', '\\q', '\\', '-', '1', '<<', '\u00a0', '{', ',');
    const key = fc.tuple(fc.constantFrom('"', "'", ''), fc.array(char, { maxLength: 6 }), fc.constantFrom(': ', ':', ' : ', ':\n'))
      .map(([quote, text, colon]) => `${quote}${text.join('')}${quote}${colon}`);
    const value = fc.constantFrom('x', '1', '"v"', '[a, b]', '', '# c', 'a: b', '- x');
    const text = fc.tuple(fc.constantFrom('', '- ', 'p:\n  ', 'p:\n  - '), fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 }))
      .map(([head, entries]) => `${entries.map(([k, v], index) => (index === 0 ? head : ' '.repeat(head.length - head.lastIndexOf('\n') - 1)) + k + v).join('\n')}\n`);
    expect(acceptedShare(text, 4000)).toBeGreaterThan(0.04);
  });

  it('agrees with the yaml package on generated flow collections over several lines (property)', () => {
    const token = fc.constantFrom('[', ']', '{', '}', ',', ', ', 'x', 'a b', '"q"', "'s'", '"a\nb"', 'k: v', 'k:', ':', '# c', ' #c', '-', '~', '{a: 1}', '[1, 2]', ' ');
    const piece = fc.tuple(token, fc.boolean(), fc.constantFrom(0, 1, 2, 4, 6)).map(([text, lineBreak, indent]) => text + (lineBreak ? `\n${' '.repeat(indent)}` : ''));
    const text = fc.record({
      head: fc.constantFrom('k: ', 'k:\n  ', '- ', '- k: ', 'p:\n  k:\n    ', '', '---\n'), open: fc.constantFrom('[', '{', '[\n  ', '[\n    ', '{\n'),
      body: fc.array(piece, { minLength: 0, maxLength: 8 }), close: fc.constantFrom(']', '}', '\n]', '\n  ]', ',\n  ]', ''),
      after: fc.constantFrom('', '\nz: 1', '\n---\nz: 1', ' # c', '\n  z: 1', '\n...', '\n---\n{z: 1}'),
    }).map(({ head, open, body, close, after }) => `${head}${open}${body.join('')}${close}${after}\n`);
    // About 3% of these random texts are well formed enough to be accepted: each is held to the yaml package.
    expect(acceptedShare(text, 4000)).toBeGreaterThan(0.01);
  });

  it('reads block nesting to 94 columns, as vendored CRDs nest, and declines past it, within the full path\'s 256 levels', () => {
    // Trial 7's D8: cert-manager's crds.yaml nests to 74 columns, and at a bound of 64 went whole to the yaml package.
    const nested = (columns: number, leaf = 'v: 1') => `${Array.from({ length: columns }, (_, at) => `${' '.repeat(at)}k:\n`).join('')}${' '.repeat(columns)}${leaf}\n`;
    expect(expectSameAsYamlPackage(nested(94))).toBe(true);
    expect(parseFastYaml(nested(95))).toBeUndefined();
    // The deepest it reads, with a flow as deep as it takes on the last line: still a document the full path reads.
    const deepest = nested(94, `v: ${'['.repeat(64)}1${']'.repeat(64)}`);
    expect(expectSameAsYamlPackage(deepest)).toBe(true);
    // Sequences in sequences nest a level every two columns.
    expect(expectSameAsYamlPackage(`${Array.from({ length: 47 }, (_, at) => `${' '.repeat(2 * at)}-\n`).join('')}${' '.repeat(94)}- x\n`)).toBe(true);
  });

  it('agrees with the yaml package on generated scalars that go on over several lines (property)', () => {
    const firstLine = fc.constantFrom('x', 'a b', '1', 'true', '-x', 'x:y', 'a#b', 'x # c', 'x:', "'q", '"q', "'it''s", "'", '"', "''", "'a'", '"a"', '&a x', '*a', '[a', '{a: b', '|', '- x', 'k: v',
      '"q\\', '"q \\', '"\\', '"q\\\\', '"q\\ ', "'q\\");
    const nextLine = fc.constantFrom('y', 'more text', '- item', '# comment', '', '   ', 'k: v', 'end:', "q'", "it''s'", "''", 'q"', '"', "'", 'a #b', 'x#y',
      '---', '...', '&& has(x)', '* star', '? q', '! bang', 'w\\x', "tail' # c", 'tail"  ', "a' b", '"x" y', ': x', '%x', '@x', 'y\u00a0', '\u2028', "q\u00a0'",
      'b\\', 'c \\', '\\', 'x\\\\', 'y\\ ', '\\ z\\', 'end\\"', 'e"\\');
    const text = fc.record({
      context: fc.constantFrom('map', 'seq', 'seq-map', 'nested'), first: firstLine,
      lines: fc.array(fc.record({ indent: fc.constantFrom(0, 1, 2, 3, 4, 6), line: nextLine }), { minLength: 1, maxLength: 5 }),
      after: fc.constantFrom('', 'z: 1\n', '# end\nz: 1\n', '---\nz: 1\n', '  z: 1\n', '- w\n'),
    }).map(({ context, first, lines, after }) => {
      const head = { map: 'k: ', seq: '- ', 'seq-map': '- k: ', nested: 'p:\n  k: ' }[context];
      const body = lines.map(({ indent, line }) => (line === '' ? '' : `${' '.repeat(indent)}${line}`)).join('\n');
      return `${head}${first}\n${body}\n${after}`;
    });
    expect(acceptedShare(text, 4000)).toBeGreaterThan(0.05);
  });

  it('agrees with the yaml package on generated block scalars (property)', () => {
    const contentLine = fc.constantFrom('text', 'key: value', '# not a comment', '  more indented', '', '  ', '- item', 'a #b', '---', '"quoted', 'x: |', '[flow');
    const header = fc.constantFrom('|', '|-', '>', '>-', '|+', '>+', '|2', '| # c', '>- # c', '|  ');
    const text = fc.record({
      header, lines: fc.array(contentLine, { minLength: 0, maxLength: 6 }), inSequence: fc.boolean(), indent: fc.constantFrom(1, 2, 4),
      after: fc.constantFrom('', 'b: 1\n', '# end\nb: 1\n', '---\nb: 1\n', '\n\nb: 1\n'), finalNewline: fc.boolean(),
    }).map(({ header, lines, inSequence, indent, after, finalNewline }) => {
      const pad = ' '.repeat(indent);
      const body = lines.map((line) => (line === '' ? '' : `${pad}${line}`)).join('\n');
      const head = inSequence ? `a:\n- ${header}\n` : `a: ${header}\n`;
      return `${head}${body}${finalNewline || after !== '' ? '\n' : ''}${inSequence ? after.replace('b: 1', 'c: 1') : after}`;
    });
    expect(acceptedShare(text, 2000)).toBeGreaterThan(0.2);
  });

  it('reads empty values and quoted escapes as the yaml package does', () => {
    for (const text of [
      'a:\n', 'a:\nb: 1\n', 'a:   # c\nb: 1\n', 'a: \n', '- a:\n  b: 1\n', 'x:\n  a:\n\nb: 1\n', '- \n- x\n', '-\n- x\n', '- # c\n- x\n',
      "a: 'it''s'\n", "a: ''''\n", "a: 'x'' # y'' z' # c\n", 'a: "x\\ny"\n', 'a: "say \\"hi\\" \\\\ \\/ \\t\\x41\\u00e9\\0\\e\\ end"\n',
      'a: ["q\\"", \'it\'\'s\']\n', 'a: {k: "\\u263A"}\n',
      // An own key, as yaml makes it, not the object's prototype (then `slots` would be read through it).
      '__proto__: 1\n', '__proto__:\n  slots: x\n', 'a: {__proto__: [1]}\n',
      // A plain key with a dot first (an ExternalSecret's `.dockerconfigjson`), and those YAML reads as numbers.
      'data:\n  .dockerconfigjson: |\n    {}\n', '.5: a\n', '.inf: a\n', '.NaN: x\n', '.: a\n', '..: a\n', '.x.y: a\n',
    ]) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('reads anchors and aliases as the yaml package does: an alias is its anchor\'s very node', () => {
    for (const text of [
      'a: &x 1\nb: *x\n', 'metadata:\n  name: &app plex\nspec:\n  values:\n    name: *app # same\n    port: &port 32400\n    target: *port\n',
      'probes:\n  liveness: &probes\n    enabled: true\n    spec: {path: /health}\n  readiness: *probes\n', '- &p\n  k: v\n- *p\n',
      'a: &x\n- 1\n- 2\nb: *x\n', 'a: &x one\nb: *x\nc: &x two\nd: *x\n', 'a: &x |\n  text\nb: *x\n', 'a: &x "q"\nb: *x\n', '- &a x\n- *a\n',
      // In a flow on one line (joryirving/home-ops: `hostnames: [*host]`): a comma or a bracket ends the name.
      'a: &x 1\nb: [*x]\n', 'a: &x 1\nb: [ *x , *x ,y]\n', 'a: &x 1\nb: [*x,y]\n', 'a: &x\n  k: v\nb: {c: *x, d: [*x]}\n',
      // An anchor on a line of its own, its value after it (joryirving/home-ops: `runAsGroup:` then `&gid 100`).
      'a:\n  &gid 100\nb: *gid\n', 'a:\n  &gid 100 # c\n  # x\nb: 1\n', '- \n  &a x\n- *a\n', 'a:\n  &g "q"\nb: [*g]\n', 'a:\n  &g [1, {k: v}]\nb: *g\n',
      // An alias as a key, a space before its colon (bjw-s's app-template: `controllers:` then `*app :`): its anchor's value.
      'metadata:\n  name: &app plex\nspec:\n  values:\n    controllers:\n      *app :\n        forceRename: *app\n    persistence:\n      *app  :  {enabled: true}\n',
      'a: &n 5\nm:\n  *n : 1\n', 'a: &t true\nm:\n  *t : x # c\n', 'a: &x k\n*x : 1\n', 'a: &x "q r"\nm:\n  *x :\n  - 1\n',
    ]) {
      expect(expectSameAsYamlPackage(text), JSON.stringify(text)).toBe(true);
    }
    const shared = parseFastYaml('a: &x\n  k: v\nb: *x\n')![0]!.root;
    expect(shared?.kind === 'map' && shared.entries[1]!.value).toBe(shared?.kind === 'map' && shared.entries[0]!.value);
  });

  it('reads an alias to a node that holds aliases one level deep, in a document of at most 31 aliases', () => {
    const probes = (uses: number) => `port: &port 80\nprobes: &probes\n  liveness:\n    port: *port\nuses:\n${'- *probes\n'.repeat(uses)}`;
    expect(expectSameAsYamlPackage(probes(30))).toBe(true);
    expect(parseFastYaml(probes(31))).toBeUndefined();
  });

  it('takes 999 uses of an anchor, and leaves the thousandth, which the yaml package refuses to expand, to it', () => {
    const uses = (count: number) => `a: &x 1\nb:\n${'- *x\n'.repeat(count)}`;
    expect(expectSameAsYamlPackage(uses(999))).toBe(true);
    expect(parseFastYaml(uses(1000))).toBeUndefined();
    expect(() => parseWithYamlLibrary(uses(1000)).documents![0]!.toJS()).toThrow(/alias/i);
  });

  it('agrees with the yaml package on generated anchors and aliases (property)', () => {
    const name = fc.constantFrom('a', 'b', 'app');
    const value = fc.oneof(
      fc.constantFrom('1', 'x', '"q"', '[1, 2]', '{k: v}', '|\n    text'),
      name.map((anchor) => `*${anchor}`),
      fc.tuple(name, fc.constantFrom('1', 'x', '"q"', '[1]')).map(([anchor, scalar]) => `&${anchor} ${scalar}`),
      fc.tuple(name, fc.constantFrom('    k: v', '    - 1', '    k: *a')).map(([anchor, block]) => `&${anchor}\n${block}`),
      // Aliases in a flow, and an anchor on a line of its own below its key.
      fc.tuple(fc.array(fc.oneof(name.map((anchor) => `*${anchor}`), fc.constantFrom('1', 'x', '"q"')), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(', ', ',', ' , ')).map(([items, comma]) => `[${items.join(comma)}]`),
      fc.tuple(name, fc.constantFrom('1', 'x', '"q"', '[1, *a]', '*b')).map(([anchor, scalar]) => `\n    &${anchor} ${scalar}`),
      // A mapping whose key is an alias.
      fc.tuple(name, fc.constantFrom(' :', '  :', ' : 1', ' : *a', ' : [x]')).map(([anchor, rest]) => `\n    *${anchor}${rest}`),
    );
    const text = fc.array(fc.tuple(fc.boolean(), value), { minLength: 1, maxLength: 6 }).map((items) =>
      items.map(([asItem, item], index) => (asItem ? `k${index}:\n  - ${item.replace(/\n {4}/g, '\n      ')}` : `k${index}: ${item.replace(/\n {4}/g, '\n  ')}`)).join('\n') + '\n');
    expect(acceptedShare(text, 2000)).toBeGreaterThan(0.1);
  });

  it('agrees with the yaml package on generated documents and their mutations (property)', () => {
    const key = fc.constantFrom('name', 'namespace', 'kind', 'spec', 'dependsOn', 'labels', 'catalyst.openova.io/slot', 'a-b', 'x_1', '1', 'true', 'on', '0x1F', '1.5', '1e3', '__proto__', '.dockerconfigjson', '.5', '.inf', '.', '...', '.x-y');
    const scalar = fc.constantFrom(
      'bp-flux', 'flux-system', '"60"', "'15a'", '06', '0x1F', '1e3', '-1', '+12', '.5', '1.', 'true', 'False', 'null', '~', 'yes',
      'x#y', 'x # comment', 'a b  c', '"a: b # c"', "'#'", '[]', '{}', '[a, b]', '[ a , "b" ,c ]', '{ a: 1, b: [x] }', '{a: 1}',
      'foo[1]', 'a:b', '-x', '--flag=1', '---', '-- x', '[--a, --b]', "'it''s'", '"a\\"b\\\\c\\n"', '"\\x41\\u00e9"', '', '[\'a\'\'b\', "c\\"d"]', '.inf', '.NaN', '${SOVEREIGN_FQDN}', '${X:=false}', 'oci://ghcr.io/x', '1.4.295', '"é ✅"', '100m',
    );
    const node: fc.Memo<string[]> = fc.memo((depth) => depth <= 1
      ? scalar.map((value) => [`SCALAR ${value}`])
      : fc.oneof(
        { weight: 2, arbitrary: scalar.map((value) => [`SCALAR ${value}`]) },
        { weight: 2, arbitrary: fc.uniqueArray(fc.tuple(key, node(depth - 1)), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((entries) => ['MAP', ...entries.flatMap(([k, v]) => [`KEY ${k}`, ...v, 'END'])]) },
        { weight: 1, arbitrary: fc.array(node(depth - 1), { minLength: 1, maxLength: 3 }).map((items) => ['SEQ', ...items.flatMap((item) => ['ITEM', ...item, 'END'])]) },
      ));
    /** Renders the token stream as block YAML with the given indentation style. */
    const render = (tokens: string[], step: number, compact: boolean, comments: boolean): string => {
      const out: string[] = [];
      let index = 0;
      const emit = (indent: number, prefix: string): void => {
        const token = tokens[index++]!;
        if (token.startsWith('SCALAR ')) {
          out.push(`${' '.repeat(indent)}${prefix}${token.slice(7)}${comments ? ' # note' : ''}`);
          return;
        }
        if (token === 'MAP') {
          let first = true;
          while (tokens[index] !== undefined && tokens[index]!.startsWith('KEY ')) {
            const k = tokens[index++]!.slice(4);
            const pad = first ? prefix : ' '.repeat(prefix.length);
            first = false;
            if (tokens[index]!.startsWith('SCALAR ')) {
              out.push(`${' '.repeat(indent)}${pad}${k}: ${tokens[index++]!.slice(7)}`);
            } else {
              out.push(`${' '.repeat(indent)}${pad}${k}:`);
              if (comments) out.push(`${' '.repeat(indent + step)}# nested`);
              const nestedIndent = tokens[index] === 'SEQ' && compact ? indent + prefix.length : indent + prefix.length + step;
              emit(nestedIndent, '');
            }
            index += 1; // END
          }
          return;
        }
        // SEQ
        let first = true;
        while (tokens[index] === 'ITEM') {
          index += 1;
          const pad = first ? prefix : ' '.repeat(prefix.length);
          first = false;
          emit(indent + (pad.length - prefix.length), `${pad}- `);
          index += 1; // END
        }
      };
      emit(0, '');
      return `${out.join('\n')}\n`;
    };
    const documentText = fc.record({ tokens: node(4), step: fc.constantFrom(2, 4), compact: fc.boolean(), comments: fc.boolean() })
      .map(({ tokens, step, compact, comments }) => render(tokens, step, compact, comments));
    const text = fc.record({
      documents: fc.array(documentText, { minLength: 1, maxLength: 3 }),
      leadingComment: fc.boolean(),
      mutation: fc.option(fc.record({ at: fc.nat(), char: fc.constantFrom(' ', '-', ':', '#', '\n', '"', '[', 'x', '') }), { freq: 2 }),
    }).map(({ documents, leadingComment, mutation }) => {
      let joined = `${leadingComment ? '# header\n---\n' : ''}${documents.join('---\n')}`;
      if (mutation) {
        const at = mutation.at % (joined.length + 1);
        joined = mutation.char === '' ? joined.slice(0, at) + joined.slice(at + 1) : joined.slice(0, at) + mutation.char + joined.slice(at);
      }
      return joined;
    });
    // ~0.3 s on an idle machine, well inside the 15 s test timeout. Not vacuous: a good share takes the fast path.
    expect(acceptedShare(text, 1000)).toBeGreaterThan(0.2);
  });
});

describe('flow mappings with many keys', () => {
  const mapping = (count: number, duplicateAt?: number) =>
    `values: {${Array.from({ length: count }, (_, index) => `k${index === duplicateAt ? 0 : index}: v`).join(', ')}}\n`;

  it('are parsed whole (their speed is a bound in npm run bench, not a timed test)', () => {
    const documents = parseFastYaml(mapping(20000));
    expect(documents).not.toBeNull();
    const root = documents![0]!.root;
    expect(root?.kind === 'map' && root.entries[0]!.value?.kind === 'map' ? root.entries[0]!.value.entries.length : -1).toBe(20000);
  });

  it('decline a duplicate key before and after the eighth, so the yaml package reports it', () => {
    expect(parseFastYaml(mapping(5, 3)) ?? undefined).toBeUndefined();
    expect(parseFastYaml(mapping(500, 400)) ?? undefined).toBeUndefined();
  });

  it('and block mappings the same, before and after the eighth key', () => {
    const block = (count: number, duplicateAt?: number) =>
      `spec:\n${Array.from({ length: count }, (_, index) => `  k${index === duplicateAt ? 0 : index}: v\n`).join('')}`;
    expect(parseFastYaml(block(20))).not.toBeUndefined();
    expect(parseFastYaml(block(5, 3)) ?? undefined).toBeUndefined();
    expect(parseFastYaml(block(50, 40)) ?? undefined).toBeUndefined();
  });
});

describe('kept texts', () => {
  it('are equal to what they copy, short or long, ASCII or not (the bench measures the memory they save)', async () => {
    const { keptText } = await import('../src/load/yaml-tree.js');
    const text = 'metadata:\n  name: bp-external-secrets-stores\n  label: ünïcödé-名前-long-enough\n';
    for (const slice of [text.slice(18, 45), text.slice(55, 80), 'bp-flux', '', text]) {
      expect(keptText(slice)).toBe(slice);
    }
    expect(keptText(undefined)).toBeUndefined();
  });
});
