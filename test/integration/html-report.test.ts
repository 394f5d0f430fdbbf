import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKit } from '../bench/bench.mjs';
import { caseRoot, fixture, projectRoot, runBin, temporaryDirectory } from '../helpers.js';
import { buildRepo, helmReleaseYaml } from '../repo-builder.js';
import { repositoryWithoutKit } from '../flux-repository-builder.js';

// The HTML report in a real browser: Debian's chromium (`.ci/run` installs it
// with apt), driven headless by playwright-core, the page opened from file://
// with every non-file request refused and recorded.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the browser tests of the HTML report: ${CHROMIUM} is missing (apt-get install chromium)`);

let context: BrowserContext;
let userDataDir: string;
const outside: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  const { chromium } = await import('playwright-core');
  // A fresh profile each run: nothing cached, nothing synced.
  userDataDir = mkdtempSync(join(tmpdir(), 'bootstrap-deps-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** Writes the report with the CLI, opens it from file:// and waits for its script to finish. */
async function openReport(args: string[], cwd: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; file: string; problems: string[] }> {
  const file = join(temporaryDirectory('bootstrap-deps-html-'), 'report.html');
  // The built CLI, as a user runs it (npm test builds it first).
  const result = runBin(['check', '--format', 'html', '--output', file, ...args], { cwd });
  expect(result.stderr).toContain(`report written to ${file}`);
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`); });
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  return { page, file, problems };
}

/**
 * A screenshot of the page as a person sees it. With UPDATE_SCREENSHOTS=1 it
 * replaces the README's picture in docs/images/; otherwise it goes to a temp dir.
 */
async function screenshot(page: Page, name: string): Promise<string> {
  const path = process.env.UPDATE_SCREENSHOTS ? join(projectRoot, 'docs', 'images', name) : join(temporaryDirectory('bootstrap-deps-shot-'), name);
  await page.screenshot({ path });
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(20_000);
  return path;
}

const countOf = (page: Page, key: string) => page.locator(`section.kit:not([hidden]) [data-count="${key}"] b`).textContent();
const visibleRules = (page: Page) => page.locator('section.kit:not([hidden]) table.findings tbody tr:not([hidden]) td:first-child').allTextContents();
const classesOf = async (page: Page, name: string) => ((await page.locator(`section.kit:not([hidden]) .node[data-name="${name}"]`).getAttribute('class')) ?? '').split(' ');

describe.skipIf(!hasChromium)('the HTML report in chromium', () => {
  it('shows the verdict, counts and rows; a click highlights a release, what it needs, what needs it, and its findings', async () => {
    const { page, file, problems } = await openReport([], caseRoot('report-showcase'), { width: 1440, height: 1000 });
    expect(await page.locator('#verdict').textContent()).toBe('FAILED');
    expect(await page.title()).toMatch(/^FAILED · bootstrap-deps · /);
    const counts = Object.fromEntries(await Promise.all(['present', 'expected', 'deferred', 'drift', 'cycles', 'errors', 'warnings'].map(async (key) => [key, await countOf(page, key)])));
    expect(counts).toEqual({ present: '12', expected: '13', deferred: '2', drift: '4', cycles: '2', errors: '7', warnings: '0' });
    expect(await visibleRules(page)).toEqual(['drift/extra-edge', 'drift/missing-edge', 'drift/missing-edge', 'drift/extra-edge', 'graph/cycle', 'drift/undeclared-hr', 'graph/cycle']);
    expect(await page.locator('.shown').textContent()).toBe('Showing 7 of 7 findings');
    expect(await page.locator('.node').count()).toBe(14);

    await page.locator('.node[data-name="bp-keycloak"]').click();
    expect(await classesOf(page, 'bp-keycloak')).toContain('selected');
    for (const name of ['bp-cnpg', 'bp-cert-manager', 'bp-cilium', 'bp-external-secrets', 'bp-openbao', 'bp-openbao-unseal']) expect(await classesOf(page, name)).toContain('upstream');
    for (const name of ['bp-grafana', 'bp-debug-toolbox']) expect(await classesOf(page, name)).toContain('downstream');
    for (const name of ['bp-flux', 'bp-loki', 'bp-vcluster-helmrepo']) expect(await classesOf(page, name)).not.toEqual(expect.arrayContaining(['upstream']));
    // Everything else fades; the findings table keeps only this release's rows, highlighted.
    expect(await page.locator('svg.bd-graph').getAttribute('class')).toBe('bd-graph focus');
    expect(await page.locator('.node[data-name="bp-flux"]').evaluate((node) => getComputedStyle(node).opacity)).toBe('0.22');
    expect(await visibleRules(page)).toEqual(['drift/missing-edge']);
    expect(await page.locator('tr.related td.msg').textContent()).toContain('bp-keycloak does not depend on bp-external-secrets');
    expect(await page.locator('aside.details h3').textContent()).toBe('09 bp-keycloak');
    expect(await page.locator('aside.details li button').allTextContents()).toEqual(['16a bp-cnpg', '15 bp-external-secrets', '61 bp-debug-toolbox', '25 bp-grafana']);
    await page.locator('.pane').evaluate((pane) => pane.scrollTo(0, 0));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'report-drift-cycle.png');

    // A dependency in the side panel selects that release; Escape clears.
    await page.locator('aside.details li button', { hasText: '16a bp-cnpg' }).click();
    expect(await classesOf(page, 'bp-cnpg')).toContain('selected');
    expect(await classesOf(page, 'bp-keycloak')).toContain('downstream');
    await page.locator('.node[data-name="bp-cnpg"]').press('Escape');
    expect(await page.locator('.selected').count()).toBe(0);
    expect(await page.locator('.shown').textContent()).toBe('Showing 7 of 7 findings');

    // Filters: a wave, then a rule.
    await page.locator('select.wave').selectOption('W2.secrets');
    expect(await visibleRules(page)).toEqual(['drift/extra-edge', 'drift/missing-edge', 'drift/extra-edge', 'graph/cycle', 'graph/cycle']);
    expect(await classesOf(page, 'bp-cilium')).toContain('filtered-out');
    expect(await classesOf(page, 'bp-openbao')).not.toContain('filtered-out');
    await page.locator('select.wave').selectOption('');
    await page.locator('select.finding').selectOption('graph/cycle');
    expect(await visibleRules(page)).toEqual(['graph/cycle', 'graph/cycle']);
    expect(await classesOf(page, 'bp-external-secrets')).not.toContain('filtered-out');
    expect(await classesOf(page, 'bp-keycloak')).toContain('filtered-out');
    await page.locator('select.finding').selectOption('warning');
    expect(await page.locator('.shown').textContent()).toBe('Showing 0 of 7 findings');

    // The file links resolve next to the report.
    const href = await page.locator('table.findings a').first().getAttribute('href');
    expect(existsSync(new URL(href!.replace(/#.*$/, ''), pathToFileURL(file)))).toBe(true);

    const png = join(temporaryDirectory('bootstrap-deps-shot-'), 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(png).length).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  }, 60_000);

  it('the embedded default passes; selecting slot 60 shows its chain down to bp-cilium', async () => {
    const { page, problems } = await openReport([], fixture('sovereign'), { width: 1600, height: 1100 });
    expect(await page.locator('#verdict').textContent()).toBe('PASSED');
    expect(await countOf(page, 'present')).toBe('49');
    expect(await countOf(page, 'expected')).toBe('53');
    expect(await countOf(page, 'deferred')).toBe('4');
    expect(await page.locator('.shown').textContent()).toBe('Showing 0 of 0 findings');
    expect(await page.locator('.node').count()).toBe(53);
    expect(await page.locator('.node.deferred').count()).toBe(4);
    await page.locator('.node[data-name="bp-vcluster-helmrepo"]').click();
    for (const name of ['bp-flux', 'bp-cert-manager', 'bp-cilium']) expect(await classesOf(page, name)).toContain('upstream');
    expect(await page.locator('.node.upstream').count()).toBe(3);
    expect(await page.locator('.node.downstream').count()).toBe(0);
    // The README's picture: bp-openbao, what it needs and what waits for it.
    await page.locator('.node[data-name="bp-openbao"]').click();
    expect(await classesOf(page, 'bp-external-secrets')).toContain('downstream');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'report-sovereign.png');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('runs no script from the input: a release named <script> is shown as text', async () => {
    const hostile = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
    const root = buildRepo({ kit: { '03-bp-evil.yaml': helmReleaseYaml(JSON.stringify(hostile), ['bp-cilium']) } });
    const { page, problems } = await openReport(['--root', root], root);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.node', { hasText: '<script>' }).count()).toBe(1);
    await page.locator('.node[data-name^="</script>"]').click();
    expect(await page.locator('aside.details h3').textContent()).toBe(`03 ${hostile}`);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('--all-clusters: one tab per cluster, each with its own counts and graph', async () => {
    const { page, problems } = await openReport(['--all-clusters'], fixture('clusters'));
    expect(await page.locator('nav.tabs button').allTextContents()).toEqual(['_template', 'alpha', 'beta', 'gamma']);
    expect(await page.locator('section.kit:not([hidden])').count()).toBe(1);
    await page.locator('nav.tabs button', { hasText: 'gamma' }).click();
    expect(await page.locator('section.kit:not([hidden]) h2').textContent()).toContain('gamma');
    expect(await countOf(page, 'drift')).toBe('1');
    expect(await visibleRules(page)).toHaveLength(1);
    await page.locator('nav.tabs button', { hasText: 'beta' }).click();
    expect(await countOf(page, 'deferred')).toBe('3');
    await page.locator('section.kit:not([hidden]) .node[data-name="bp-cert-manager"]').click();
    expect(await classesOf(page, 'bp-cilium')).toContain('upstream');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('the repository view: a click on a Flux object shows its findings, named by metadata.name', async () => {
    const root = repositoryWithoutKit();
    const { page, problems } = await openReport([], root);
    expect(await page.locator('.node').count()).toBe(3);
    await page.locator('.node[data-name="HelmRelease/apps/web"]').click();
    expect(await classesOf(page, 'HelmRelease/apps/redis')).toContain('upstream');
    expect(await classesOf(page, 'HelmRelease/apps/podinfo')).toContain('upstream');
    expect(await visibleRules(page)).toEqual(['dependsOn/unknown-target']);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('past 600 releases shows one box per wave and install level, says so, and still finds any release by name', async () => {
    const root = temporaryDirectory();
    generateKit(root, 700);
    const { page, problems } = await openReport(['--root', root], root);
    expect(await page.locator('.note.warn').textContent()).toContain('700 HelmReleases are more than 600 can be drawn one by one');
    // The synthetic kit is one wave about ten levels deep: one box per level.
    const labels = await page.locator('.node text').allTextContents();
    expect(labels.map((label) => label.replace(/ \(\d+\)$/, ''))).toEqual(Array.from({ length: 10 }, (_, level) => `level ${level}`));
    expect(labels.reduce((sum, label) => sum + Number(label.match(/\((\d+)\)$/)![1]), 0)).toBe(700);
    await page.locator('input.find').fill('bp-synthetic-10');
    await page.locator('input.find').dispatchEvent('change');
    expect(await page.locator('aside.details h3').textContent()).toBe('11 bp-synthetic-10');
    expect(await page.locator('aside.details b', { hasText: 'Depends on' }).textContent()).toMatch(/^Depends on \(\d+\)$/);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
