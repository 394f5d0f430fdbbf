import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKit } from './bench/bench.mjs';
import { drawSvg } from '../src/graph/svg.js';
import type { GraphView } from '../src/graph/view.js';
import { expectGolden } from './golden.js';
import { caseRoot, fixture, runCli, temporaryDirectory } from './helpers.js';
import { buildRepo, helmReleaseYaml } from './repo-builder.js';
import { repositoryWithoutKit } from './flux-repository-builder.js';

// The SVG graph and the HTML report, checked as text. What a person sees and
// clicks is checked in a real browser: test/integration/html-report.test.ts.

const SOVEREIGN = fixture('sovereign');
const SHOWCASE = caseRoot('report-showcase');

/** Box of every release drawn: its name and rectangle. */
function nodeBoxes(svg: string) {
  const boxes = [...svg.matchAll(/<g class="node[^"]*" id="[^"]+" data-name="([^"]*)"[^>]*><title>[^<]*<\/title><rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"\/><text[^>]*>([^<]*)<\/text>/g)];
  return boxes.map(([, name, x, y, width, height, label]) => ({ name: name!, x: Number(x), y: Number(y), width: Number(width), height: Number(height), label: label! }));
}

const classesOf = (svg: string, kind: 'node' | 'edge') => [...svg.matchAll(new RegExp(`<g class="(${kind}(?: [a-z-]+)*)"`, 'g'))].map((match) => match[1]!);

describe('graph --format svg', () => {
  it('matches its golden file for fixtures/sovereign (UPDATE_GOLDEN=1 to regenerate)', async () => {
    const result = await runCli(['graph', '--format', 'svg'], { cwd: SOVEREIGN });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expectGolden('sovereign.graph.svg', result.stdout);
  });

  it('draws every release once, each wave as a box, with no two boxes overlapping', async () => {
    const { stdout } = await runCli(['graph', '--format', 'svg'], { cwd: SOVEREIGN });
    expect(stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const boxes = nodeBoxes(stdout);
    expect(boxes).toHaveLength(53);
    expect(new Set(boxes.map((box) => box.name)).size).toBe(53);
    expect(boxes.find((box) => box.name === 'bp-vcluster-helmrepo')?.label).toBe('60 bp-vcluster-helmrepo');
    expect([...stdout.matchAll(/<g class="wave" data-wave="([^"]+)"/g)].map((match) => match[1])).toEqual(
      ['present', 'W2.K1', 'W2.K2', 'W2.K3', 'W2.K4', 'W3.ops', 'W3.vcluster', 'W3.flow'],
    );
    expect(overlaps(boxes)).toEqual([]);
    // Deferred slots are dashed; nothing in the embedded default is drift, undeclared or a cycle.
    expect(classesOf(stdout, 'node').filter((classes) => classes.includes('deferred'))).toHaveLength(4);
    expect(stdout).not.toMatch(/class="(node|edge)[^"]*(undeclared|extra|missing|in-cycle)/);
  });

  it('marks drift edges and undeclared releases red, cycles purple, deferred dashed', async () => {
    const { code, stdout } = await runCli(['graph', '--format', 'svg'], { cwd: SHOWCASE });
    expect(code).toBe(0);
    const edge = (from: string, to: string) => {
      const ids = new Map(nodeBoxes(stdout).map((box, index) => [box.name, `n${index}`]));
      const match = stdout.match(new RegExp(`<g class="([^"]+)" data-from="${ids.get(from)}" data-to="${ids.get(to)}"><title>([^<]*)</title><path d="[^"]+" marker-end="url\\(#bd-arrow-(\\w+)\\)"`));
      return match ? { classes: match[1], title: match[2], marker: match[3] } : undefined;
    };
    expect(edge('bp-keycloak', 'bp-external-secrets')).toEqual({ classes: 'edge missing', title: 'bp-keycloak should depend on, but the HelmRelease lacks it (drift) bp-external-secrets', marker: 'red' });
    expect(edge('bp-debug-toolbox', 'bp-keycloak')).toEqual({ classes: 'edge extra', title: 'bp-debug-toolbox depends on, but the expected DAG does not declare it (drift) bp-keycloak', marker: 'red' });
    expect(edge('bp-external-secrets', 'bp-openbao-unseal')?.classes).toBe('edge extra in-cycle');
    expect(edge('bp-openbao-unseal', 'bp-openbao')).toMatchObject({ classes: 'edge agreed in-cycle', marker: 'cycle' });
    expect(edge('bp-tempo', 'bp-loki')?.classes).toBe('edge planned');
    expect(edge('bp-grafana', 'bp-cnpg')).toMatchObject({ classes: 'edge agreed', marker: 'gray' });
    const nodeClass = (name: string) => stdout.match(new RegExp(`<g class="([^"]+)" id="[^"]+" data-name="${name}"`))?.[1];
    expect(nodeClass('bp-debug-toolbox')).toBe('node undeclared');
    expect(nodeClass('bp-loki')).toBe('node deferred');
    expect(nodeClass('bp-openbao')).toBe('node present in-cycle');
    expect(nodeClass('bp-cilium')).toBe('node present');
  });

  it('is readable at 500 releases: every box drawn, none overlapping, labels inside their boxes', async () => {
    const root = temporaryDirectory();
    generateKit(root, 500);
    const { code, stdout } = await runCli(['graph', '--format', 'svg', '--root', root]);
    expect(code).toBe(0);
    const boxes = nodeBoxes(stdout);
    expect(boxes).toHaveLength(500);
    expect(overlaps(boxes)).toEqual([]);
    // 7.5 px a character at 12 px is wider than the fonts browsers use for it.
    for (const box of boxes) expect(box.width).toBeGreaterThanOrEqual(box.label.length * 7.5 + 20);
    expect(classesOf(stdout, 'edge').length).toBeGreaterThan(900);
  }, 60_000);

  it('past the node limit draws one box per wave and install level, and says so; --focus still draws a neighbourhood', async () => {
    // present: a0, a1 (level 0) and b0..b9 on a0 (level 1); W2: c0..c9 on b0..b9 (level 2), c9 not declared.
    const node = (name: string, wave: string, status: 'present' | 'undeclared' = 'present') => ({ name, slot: null, wave, status });
    const view: GraphView = {
      nodes: [node('a0', 'present'), node('a1', 'present'), ...Array.from({ length: 10 }, (_, i) => node(`b${i}`, 'present')), ...Array.from({ length: 10 }, (_, i) => node(`c${i}`, 'W2', i === 9 ? 'undeclared' : 'present'))],
      edges: [...Array.from({ length: 10 }, (_, i) => ({ from: `b${i}`, to: 'a0', kind: 'agreed' as const })), ...Array.from({ length: 10 }, (_, i) => ({ from: `c${i}`, to: `b${i}`, kind: i === 9 ? 'extra' as const : 'agreed' as const }))],
      waves: ['present', 'W2'],
    };
    const drawing = drawSvg(view, { maxNodes: 10 });
    expect(drawing.collapsed).toBe(true);
    expect(drawing.svg).toContain('22 HelmReleases are more than 10 can be drawn one by one: one box per wave and install level, edges between boxes.');
    expect(nodeBoxes(drawing.svg).map((box) => box.label)).toEqual(['level 0 (2)', 'level 1 (10)', 'level 2 (10)']);
    expect(classesOf(drawing.svg, 'node')).toEqual(['node present', 'node present', 'node undeclared']);
    // One edge per pair of boxes, carrying the worst kind among the edges it stands for.
    expect(drawing.svg).toMatch(/<g class="edge agreed" data-from="g1" data-to="g0"><title>10 dependsOn edges between these boxes<\/title>/);
    expect(drawing.svg).toMatch(/<g class="edge extra" data-from="g2" data-to="g1"><title>10 dependsOn edges between these boxes<\/title>/);
    expect([...drawing.svg.matchAll(/<g class="wave" data-wave="([^"]+)"/g)].map((match) => match[1])).toEqual(['present', 'W2']);
    expect(drawSvg(view, { maxNodes: 22 }).collapsed).toBe(false);
    // With a cycle there are no install levels: one box per wave.
    const cyclic = drawSvg({ ...view, edges: [...view.edges, { from: 'a0', to: 'c0', kind: 'extra' }] }, { maxNodes: 10, cycles: [['a0', 'c0', 'b0', 'a0']] });
    expect(nodeBoxes(cyclic.svg).map((box) => box.label)).toEqual(['present (12)', 'W2 (10)']);
    expect(classesOf(cyclic.svg, 'node')).toEqual(['node present in-cycle', 'node undeclared in-cycle']);

    const focused = await runCli(['graph', '--format', 'svg', '--focus', 'bp-vcluster-helmrepo', '--depth', '1'], { cwd: SOVEREIGN });
    expect(nodeBoxes(focused.stdout).map((box) => box.name).sort()).toEqual(['bp-flux', 'bp-vcluster-helmrepo']);
  });

  it('draws the repository graph too (no kit): Flux objects by Kind/namespace/name, the cycle purple', async () => {
    const { code, stdout } = await runCli(['graph', '--format', 'svg'], { cwd: repositoryWithoutKit() });
    expect(code).toBe(0);
    expect(nodeBoxes(stdout).map((box) => box.name)).toEqual(['HelmRelease/apps/podinfo', 'HelmRelease/apps/redis', 'HelmRelease/apps/web']);
    expect(classesOf(stdout, 'edge')).toEqual(['edge agreed in-cycle', 'edge agreed in-cycle', 'edge agreed']);
  });

  it('escapes names: markup in a HelmRelease name stays text', async () => {
    const hostile = '<script>alert(1)</script>&"\'';
    const root = buildRepo({ kit: { '03-bp-x.yaml': helmReleaseYaml(JSON.stringify(hostile), ['bp-cilium']) } });
    const { stdout } = await runCli(['graph', '--format', 'svg', '--root', root]);
    expect(stdout).not.toContain('<script>');
    expect(stdout).toContain('data-name="&#60;script&#62;alert(1)&#60;/script&#62;&#38;&#34;&#39;"');
  });
});

function overlaps(boxes: ReturnType<typeof nodeBoxes>): string[] {
  const found: string[] = [];
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i += 1) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < a.x + a.width; j += 1) {
      const b = sorted[j]!;
      if (b.y < a.y + a.height && a.y < b.y + b.height) found.push(`${a.name} / ${b.name}`);
    }
  }
  return found;
}

describe('check --format html', () => {
  const scriptOf = (html: string) => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);

  it('is one self-contained document: no URL it would fetch, and a policy that allows no request', async () => {
    const result = await runCli(['check', '--format', 'html'], { cwd: SHOWCASE });
    expect(result.code).toBe(1);
    const html = result.stdout;
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    expect(csp).toContain("default-src 'none'");
    // Only the page's own script may run: the policy names its hash.
    const scripts = scriptOf(html);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`);
  });

  it('shows the verdict, the JSON summary counts and one row per finding, in the JSON order', async () => {
    const [html, json] = await Promise.all([runCli(['check', '--format', 'html'], { cwd: SHOWCASE }), runCli(['check', '--format', 'json'], { cwd: SHOWCASE })]);
    const report = JSON.parse(json.stdout);
    expect(html.stdout).toContain('<span class="verdict failed" id="verdict">FAILED</span>');
    for (const [key, value] of Object.entries(report.summary)) expect(html.stdout).toContain(`data-count="${key}"><b>${value}</b>`);
    const rows = [...html.stdout.matchAll(/<tr data-rule="([^"]+)" data-severity="(\w+)" data-hr="([^"]*)"/g)].map((match) => [match[1], match[2], match[3]]);
    expect(rows).toEqual(report.findings.map((finding: { rule: string; severity: string; hr?: string }) => [finding.rule, finding.severity, finding.hr ?? '']));
    expect(html.stdout).toContain('<a href="clusters/_template/bootstrap-kit/09-bp-keycloak.yaml#L12">clusters/_template/bootstrap-kit/09-bp-keycloak.yaml:12:3</a>');
  });

  it('links files relative to where --output writes the report', async () => {
    const dir = temporaryDirectory();
    const result = await runCli(['check', '--root', SHOWCASE, '--format', 'html', '--output', join(dir, 'report.html')], { cwd: SHOWCASE });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^FAILED .* — report written to .*report\.html\n$/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const href = html.match(/<a href="([^"]*09-bp-keycloak\.yaml#L12)"/)?.[1];
    expect(href).toBeDefined();
    expect(join(dir, href!.replace(/#L12$/, ''))).toBe(join(SHOWCASE, 'clusters/_template/bootstrap-kit/09-bp-keycloak.yaml'));
  });

  it('escapes everything from the input: a release named <script> is text, never markup', async () => {
    const hostile = '</script><script>window.pwned=1</script><img src=x onerror=alert(1)>';
    const root = buildRepo({ kit: { '03-bp-evil.yaml': helmReleaseYaml(JSON.stringify(hostile), ['bp-cilium']) } });
    const { code, stdout } = await runCli(['check', '--format', 'html', '--root', root]);
    expect(code).toBe(1);
    expect(scriptOf(stdout)).toHaveLength(1);
    expect(stdout).not.toContain('<img src=x');
    expect(stdout).not.toContain('window.pwned=1</script>');
    // In the data block, '<' is \u003c, so the block cannot be closed from inside.
    const data = stdout.match(/<script type="application\/json" id="bd-data">([\s\S]*?)<\/script>/)![1]!;
    expect(data).not.toContain('<');
    expect(JSON.parse(data).kits[0].nodes.map((node: { name: string }) => node.name)).toContain(hostile);
    expect(stdout).toContain('&#60;/script&#62;&#60;script&#62;window.pwned=1');
  });

  it('a repository without a kit speaks of objects, not releases: no deferred or drift marks in its key', async () => {
    const root = fixture('repositories', 'kustomize-helm-example');
    const repository = (await runCli(['check', '--format', 'html', '--root', root], { cwd: root })).stdout;
    expect(repository).toContain('<label>Object <input class="find"');
    expect(repository).toContain('<span>selected object:</span>');
    expect(repository).not.toContain('drift: missing on disk');
    const kit = (await runCli(['check', '--format', 'html'], { cwd: SHOWCASE })).stdout;
    expect(kit).toContain('<label>Release <input class="find"');
    expect(kit).toContain('drift: missing on disk');
  });

  it('still prints one document on an input error (exit 3), with the input finding', async () => {
    const result = await runCli(['check', '--format', 'html', '--expected', 'missing.yaml'], { cwd: SHOWCASE });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('<span class="verdict input" id="verdict">INPUT ERROR</span>');
    expect(result.stdout).toContain('<tr data-rule="input/not-found" data-severity="error"');
    const usage = await runCli(['check', '--format', 'html', '--no-such-flag'], { cwd: SHOWCASE });
    expect(usage.code).toBe(3);
    expect(usage.stdout).toContain('<tr data-rule="input/usage" data-severity="error"');
  });

  it('--all-clusters: a summary row and a tab and section per cluster', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'html', '--all-clusters'], { cwd: fixture('clusters') });
    expect(code).toBe(1);
    expect([...stdout.matchAll(/<button type="button" role="tab"><span class="dot (\w+)"><\/span>([^<]+)<\/button>/g)].map((match) => [match[2], match[1]])).toEqual(
      [['_template', 'passed'], ['alpha', 'passed'], ['beta', 'passed'], ['gamma', 'failed']],
    );
    expect([...stdout.matchAll(/<section class="kit" id="kit-(\d)"/g)].map((match) => match[1])).toEqual(['0', '1', '2', '3']);
    expect(stdout).toContain('<tr><td>gamma</td><td>8</td><td>1</td><td>1</td><td>0</td><td>1</td><td>0</td><td>FAILED</td></tr>');
  });

  it('in the repository view (no kit) draws every Flux object by Kind/namespace/name, grouped by namespace', async () => {
    const root = repositoryWithoutKit();
    const { code, stdout } = await runCli(['check', '--format', 'html'], { cwd: root });
    expect(code).toBe(1);
    expect(stdout).toContain('Repository view: every Flux object under the root, grouped by namespace.');
    expect(stdout).toContain(' · repository view · ');
    const node = (name: string) => stdout.match(new RegExp(`<g class="([^"]+)" id="[^"]+" data-name="${name}"[^>]*>.*?</g>`))?.[0];
    expect(node('HelmRelease/apps/podinfo')).toMatch(/^<g class="node present in-cycle"/);
    expect(node('HelmRelease/apps/redis')).toMatch(/^<g class="node present in-cycle"/);
    // web's unknown target is an error on web: its box carries the red dot.
    expect(node('HelmRelease/apps/web')).toMatch(/^<g class="node present" .*<circle class="flag error"/);
    expect([...stdout.matchAll(/<g class="wave" data-wave="([^"]+)"/g)].map((match) => match[1])).toEqual(['apps']);
    expect(stdout).toContain('<tr data-rule="dependsOn/unknown-target" data-severity="error" data-hr="web" data-dependency="redsi" data-wave="apps">');
  });

  it('leaves the JSON report as the contract says: no graph in it', async () => {
    const { stdout } = await runCli(['check', '--format', 'json', '--all-clusters'], { cwd: fixture('clusters') });
    const report = JSON.parse(stdout);
    expect(report).not.toHaveProperty('graph');
    for (const cluster of report.clusters) expect(Object.keys(cluster)).toEqual(['cluster', 'kitDir', 'exitCode', 'summary', 'slotErrors', 'deferred', 'cycles', 'order']);
  });
});

