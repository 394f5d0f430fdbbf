// `npm run build`, last step: writes dist/cli.cjs.cache, the V8 code cache the
// launcher (bin/bootstrap-deps.js) compiles the bundle with. It loads the bundle
// exactly as the launcher does, runs one check of the embedded kit (output
// discarded) so the cache holds the bytecode of every function a check runs,
// and saves it. Measured on the embedded default: about 15 ms less per run
// (the bundle is not compiled again, nor each function on its first call).
'use strict';

const { existsSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const project = join(__dirname, '..', '..');
const cacheFile = join(project, 'dist', 'cli.cjs.cache');
rmSync(cacheFile, { force: true });
const { loadCli, loadCached } = require(join(project, 'bin', 'bootstrap-deps.js'));
const { cli, script } = loadCli();
// The training run must not turn V8's optimising compiler back on (src/load/tier-up.ts): the cache records
// the flags it was made with, and one made with --opt would be refused by every run the launcher starts.
delete process[Symbol.for('bootstrap-deps.optimizer-deferred')];
if (script) {
  const kit = join(project, 'fixtures', 'sovereign');
  const io = { stdout() {}, stderr() {}, env: {}, isTTY: false, cwd: project };
  // Without the fixtures (an installed package), the cache holds the bundle's top level only.
  const training = existsSync(kit) ? cli.main(['check', '--root', kit, '--quiet'], io) : Promise.resolve();
  training.then(() => writeFileSync(cacheFile, script.createCachedData()));
}

// dist/vendor/yaml.cjs.cache, for src/bundle/vendor-yaml.cjs: the yaml package compiled by the launcher's
// loadCached, as a run compiles it (same source, same file name, the launcher's flags), trained on
// the way src/load/yaml-lib-tree.ts drives it, over texts the fast parser declines (tags, merge keys,
// multi-line flows, an error), so the bytecode of what such a file needs is in the cache.
{
  const { constants } = require('node:vm');
  const yamlFile = join(project, 'dist', 'vendor', 'yaml.cjs');
  rmSync(`${yamlFile}.cache`, { force: true });
  if (constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined && existsSync(yamlFile)) {
    const { exports: yaml, script } = loadCached(yamlFile);
    const { Composer, Lexer, LineCounter, Parser } = yaml;
    const texts = [
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app # c\n  labels: {a: "1", b: \'2\'}\nspec:\n  values: &v\n    tag: !!str 1.0\n    args: [\n      --x, --y\n    ]\n    config: |+\n      k: v\n\n  base:\n    <<: *v\n    text: "multi\n      line"\n---\n- a\n- ? complex\n  : key\n',
      'a: [1, 2\n',
    ];
    for (const text of texts) {
      const lineCounter = new LineCounter();
      const parser = new Parser(lineCounter.addNewLine);
      const tokens = [];
      for (const lexeme of new Lexer().lex(text)) for (const token of parser.next(lexeme)) tokens.push(token);
      for (const token of parser.end()) tokens.push(token);
      for (const document of new Composer({ prettyErrors: false }).compose(tokens)) {
        if (document.errors.length === 0) document.toJS({ maxAliasCount: 1000 });
        lineCounter.linePos(0);
      }
    }
    writeFileSync(`${yamlFile}.cache`, script.createCachedData());
  }
}

// dist/express.cjs.cache, for the launcher's express path: trained on the embedded kit, which it proves clean.
// Written before dist/cli.cjs.cache, which the training's promise above writes last: test/global-build.ts takes
// that file as the end of a complete build.
{
  const expressFile = join(project, 'dist', 'express.cjs');
  rmSync(`${expressFile}.cache`, { force: true });
  const kit = join(project, 'fixtures', 'sovereign');
  if (existsSync(expressFile)) {
    const { exports: express, script } = loadCached(expressFile);
    if (script && existsSync(kit)) express.expressCheck({ argv: ['check', '--root', kit, '--quiet'], cwd: project, env: {}, isTTY: false });
    if (script) writeFileSync(`${expressFile}.cache`, script.createCachedData());
  }
}
