import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { TOOL_VERSION } from '../src/report/report.js';
import { pathToUri } from '../src/report/sarif.js';
import { ruleCatalogue } from '../src/rules/index.js';
import { expectGolden } from './golden.js';
import { caseRoot, fixture, projectRoot, runCli } from './helpers.js';

// Golden files: the exact output of each formatter on one fixture with errors,
// a warning and names that need escaping. Regenerate on purpose with
// UPDATE_GOLDEN=1 npx vitest run test/formatters.test.ts, then read the diff.
const SHOWCASE = caseRoot('formatter-showcase');

async function output(format: string, extra: string[] = []) {
  const result = await runCli(['check', '--format', format, ...extra], { cwd: SHOWCASE });
  expect(result.code).toBe(1);
  // The version changes with every release; the golden files say <version>.
  return result.stdout.split(TOOL_VERSION).join('<version>');
}

describe('formatters match their golden files', () => {
  it('text', async () => expectGolden('showcase.txt', await output('text')));
  it('text --quiet', async () => expectGolden('showcase.quiet.txt', await output('text', ['--quiet'])));
  it('json', async () => expectGolden('showcase.json', await output('json')));
  it('sarif', async () => expectGolden('showcase.sarif', await output('sarif')));
  it('github', async () => expectGolden('showcase.github.txt', await output('github')));
  it('junit', async () => expectGolden('showcase.junit.xml', await output('junit')));
});

describe('json', () => {
  it('has exactly the contract fields, in order', async () => {
    const report = JSON.parse(await output('json'));
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'kitDir', 'expectedFile', 'exitCode', 'summary', 'findings', 'deferred', 'cycles', 'order']);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'bootstrap-deps', version: '<version>' });
    expect(report.kitDir).toBe('clusters/_template/bootstrap-kit');
    expect(report.expectedFile).toBe('scripts/expected-bootstrap-deps.yaml');
    expect(Object.keys(report.summary)).toEqual(['present', 'expected', 'deferred', 'drift', 'cycles', 'errors', 'warnings']);
    for (const finding of report.findings) {
      expect(finding).toEqual(expect.objectContaining({ rule: expect.any(String), severity: expect.stringMatching(/^(error|warning)$/), message: expect.any(String) }));
      expect(['file', 'line', 'column'].every((key) => key in finding)).toBe(true);
    }
  });

  it('is still one document on exit 3, with input findings, and the lines go to stderr', async () => {
    const result = await runCli(['check', '--format', 'json', '--expected', 'missing.yaml'], { cwd: SHOWCASE });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.exitCode).toBe(3);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'input/not-found', file: 'missing.yaml', line: null, column: null })]);
    expect(result.stderr).toContain('error: missing.yaml expected DAG file not found');
  });
});

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 JSON schema', async () => {
    const schemaPath = join(projectRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // Formats checked: a URI that is not percent-encoded, or a helpUri that is not absolute, fails.
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }));
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    // The real output, not the golden one: '<version>' is no valid URI.
    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif'], { cwd: SHOWCASE })).stdout);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    // So is a log with a notification (a finding without a place) and one of a run that could not audit.
    for (const args of [['--root', '.', '--exclude', 'nope/**'], ['--kitdir', 'x']]) {
      const notified = JSON.parse((await runCli(['check', '--format', 'sarif', ...args], { cwd: fixture('repositories', 'home-ops') })).stdout);
      expect(notified.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(1);
      expect(validate(notified), JSON.stringify(validate.errors)).toBe(true);
    }
    // The validator is real: a run without a driver name is rejected, and so is a raw '%' in a URI.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    const rawUri = structuredClone(sarif);
    rawUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'kit/61-bp-odd,50%.yaml';
    expect(validate(rawUri)).toBe(false);
  });

  it('percent-encodes file URIs and links every rule to its docs page', async () => {
    const sarif = JSON.parse(await runCli(['check', '--format', 'sarif'], { cwd: SHOWCASE }).then((result) => result.stdout));
    const run = sarif.runs[0];
    const uris = run.results.flatMap((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      result.locations.map((location) => location.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('clusters/_template/bootstrap-kit/61-bp-odd%2C50%25.yaml');
    expect(pathToUri('a b/c#d?.yaml')).toBe('a%20b/c%23d%3F.yaml');
    expect(run.tool.driver.rules.map((rule: { id: string; helpUri: string }) => [rule.id, rule.helpUri])).toEqual(
      ruleCatalogue.map((rule) => [rule.id, `https://unpkg.com/bootstrap-deps@${TOOL_VERSION}/docs/rules/${rule.id.replace('/', '-')}.md`]),
    );
  });

  it('lists every rule with help and a default level, and locates each result', async () => {
    const sarif = JSON.parse(await output('sarif'));
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ids).toContain('drift/extra-edge');
    expect(ids).toContain('input/parse-error');
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
    const extra = run.results.find((result: { ruleId: string }) => result.ruleId === 'drift/extra-edge');
    expect(extra.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'clusters/_template/bootstrap-kit/60-bp-vcluster-helmrepo.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 35, startColumn: 7 },
    });
    expect(ids[extra.ruleIndex]).toBe('drift/extra-edge');
  });
});

describe('findings without a place', () => {
  it('sarif and github leave out what is unknown: no file, or a file without a line', async () => {
    // No result without a location: GitHub code scanning refuses a whole log for one. What has no place is a
    // notification of the invocation, and a run that could not audit says so.
    const usage = await runCli(['check', '--format', 'sarif', '--kitdir', 'x'], { cwd: SHOWCASE });
    const usageRun = JSON.parse(usage.stdout).runs[0];
    expect(usageRun.results).toEqual([]);
    expect(usageRun.invocations).toMatchObject([{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', associatedRule: { id: 'input/usage' } }] }]);
    expect(usageRun.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^unknown option '--kitdir'/);
    const unmatched = JSON.parse((await runCli(['check', '--format', 'sarif', '--root', '.', '--exclude', 'nope/**'], { cwd: fixture('repositories', 'home-ops') })).stdout).runs[0];
    expect(unmatched.results.every((result: { locations: unknown[] }) => result.locations.length > 0)).toBe(true);
    expect(unmatched.invocations).toMatchObject([{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', associatedRule: { id: 'input/exclude-unmatched' } }] }]);
    const missing = await runCli(['check', '--format', 'sarif', '--expected', 'missing.yaml'], { cwd: SHOWCASE });
    expect(JSON.parse(missing.stdout).runs[0].results[0].locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'missing.yaml', uriBaseId: '%SRCROOT%' } } },
    ]);
    const github = await runCli(['check', '--format', 'github', '--expected', 'missing.yaml'], { cwd: SHOWCASE });
    expect(github.stdout.split('\n')[0]).toBe('::error file=missing.yaml,title=input/not-found::expected DAG file not found — pass --expected FILE, or run from the repository (or pass --root DIR); to write a first one from the kit, run bootstrap-deps init');
    const githubUsage = await runCli(['check', '--format', 'github', '--kitdir', 'x'], { cwd: SHOWCASE });
    expect(githubUsage.stdout.split('\n')[0]).toMatch(/^::error title=input\/usage::unknown option '--kitdir'/);
  });
});

describe('github', () => {
  it('escapes data and properties as the workflow-command spec asks', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%')).toBe('a%2Cb%3Ac%25');
  });

  it('escapes a hostile HelmRelease name and file name', async () => {
    const lines = (await output('github')).trimEnd().split('\n');
    expect(lines).toContain('::error file=clusters/_template/bootstrap-kit/61-bp-odd%2C50%25.yaml,line=24,col=9,title=drift/undeclared-hr::bp-odd,name%251 is not declared in the expected DAG — add a slots: entry for bp-odd,name%251 to scripts/expected-bootstrap-deps.yaml');
    expect(lines.at(-1)).toBe('FAILED Present 5 · Declared expected 4 · Deferred 0 · Drift 2 · Cycles 0 (6 errors, 1 warning)');
  });
});

describe('junit', () => {
  it('has one test case per HelmRelease and per rule family, failures where findings are', async () => {
    const xml = await output('junit');
    expect(xml).toContain('<testcase classname="helmrelease" name="bp-vcluster-helmrepo" time="0">');
    expect(xml).toContain('<testcase classname="helmrelease" name="bp-cilium" time="0"/>');
    expect(xml).toContain('<testcase classname="rules" name="drift" time="0">');
    expect(xml).toContain('<testcase classname="rules" name="graph" time="0"/>');
    // Every family of the catalogue: a name/invalid error counted in none before (api, name, order, kustomization, suppression).
    expect(xml).toMatch(/<testcase classname="rules" name="name" time="0">\n {6}<failure message="HelmRelease name bp-odd,name%1 is not a valid Kubernetes name/);
    expect(xml).toMatch(/<testsuites name="bootstrap-deps" tests="17" failures="6"/);
  });
});
