#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): the CLI is one bundled CommonJS file,
// which Node loads synchronously, measurably faster than a graph of ES modules.
'use strict';

const { readFileSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * V8's flag setter. node:v8 is the public one, but loading it loads Node's
 * stream modules with it (measured: 1.7 ms of a 90 ms check of the embedded
 * kit, against 0.25 ms for this). The binding behind it is reached through
 * process.binding('v8'), runtime-deprecated (DEP0111): its warning is
 * silenced for this one call only, and where the binding is gone or changed,
 * node:v8 serves.
 */
function v8FlagSetter() {
  try {
    const binding = typeof process.binding === 'function' ? withoutDeprecationWarning(() => process.binding('v8')) : undefined;
    if (typeof binding?.setFlagsFromString === 'function') return (flags) => binding.setFlagsFromString(flags);
  } catch {
    // process.binding refused 'v8' (a permission model), or process.noDeprecation could not be set: the public module
  }
  return require('node:v8').setFlagsFromString;
}

/**
 * `read()` with deprecation warnings off, and process.noDeprecation left
 * exactly as it was: absent stays absent. Under --no-deprecation it is
 * already true, and read-only: untouched.
 */
function withoutDeprecationWarning(read) {
  if (process.noDeprecation === true) return read();
  const own = Object.prototype.hasOwnProperty.call(process, 'noDeprecation');
  const before = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return read();
  } finally {
    if (own) process.noDeprecation = before;
    else delete process.noDeprecation;
  }
}

const setV8Flags = v8FlagSetter();
// A run allocates mostly short-lived parse trees next to a few long-lived
// records; V8's allocation-site pretenuring then moves the short-lived ones into
// old space, where they cost full collections. Measured on a 10,000-slot kit:
// without it, a third less peak memory and less time (README, Performance).
// Set before the bundle is compiled: V8's code cache records the flags it was made with.
setV8Flags('--no-allocation-site-pretenuring');
// V8's optimising compiler starts off: a check of a few dozen files ends before
// TurboFan's work pays, and Node waits for its background compilations before it
// may exit. The run turns it on once its input is large (src/load/tier-up.ts,
// with the measurements). Also before the bundle is compiled, for the cache.
setV8Flags('--no-opt');
// WebAssembly (the express path's slot-file reader) stays in Liftoff, V8's baseline compiler: its optimising tier
// compiles the reader on another thread, and a check of the embedded kit ended before that paid, then waited for it
// to exit (paired runs: 48.4 ms with it, 43.7 ms without; README, Performance).
setV8Flags('--liftoff-only');
// The marker tier-up.ts looks for: how to set V8's flags again, from the launcher (the library never does).
process[Symbol.for('bootstrap-deps.optimizer-deferred')] = setV8Flags;

const bundle = join(__dirname, '..', 'dist', 'cli.cjs');

/**
 * Loads a CommonJS file as require() would, but compiled with the V8 code
 * cache that `npm run build` writes next to it (`FILE.cache`: for
 * dist/cli.cjs the bytecode of every function a check runs, for the yaml
 * package what a declined file needs), so a run does not compile it again.
 * V8 checks the cache against its version, its flags and the source's length;
 * when it does not fit (another Node, other flags), the file is compiled as usual.
 * Node before 20.12 cannot give such a script dynamic import(): plain require.
 */
function loadCached(file) {
  const { Script, constants } = require('node:vm');
  if (constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === undefined) return { exports: require(file) };
  // The CommonJS Module class, as require('node:module') exports it, without loading that module: it pulls in
  // the ES module loader's helpers (measured: 0.9 ms of the embedded default, a thirtieth of what check adds).
  // A policy (--experimental-policy) hides it: then the module itself.
  const ownModule = module.constructor;
  const Module = typeof ownModule?.wrap === 'function' && typeof ownModule.createRequire === 'function' ? ownModule : require('node:module');
  let cachedData;
  try {
    // V8 matches a cache to its source by length alone: a file rebuilt after
    // its cache (by hand, not by `npm run build`, which writes both) must not
    // run the old bytecode.
    if (statSync(`${file}.cache`).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache (a build without it): compile
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    ...(cachedData ? { cachedData } : {}),
  });
  const module_ = { exports: {}, filename: file };
  script.runInThisContext().call(module_.exports, module_.exports, Module.createRequire(file), module_, file, dirname(file));
  return { exports: module_.exports, script };
}
// How the bundle loads its vendored libraries the same way (src/bundle/vendor-yaml.cjs).
process[Symbol.for('bootstrap-deps.load-cached')] = loadCached;

/** dist/cli.cjs, loaded with its code cache (see `loadCached`). */
function loadCli() {
  const { exports, script } = loadCached(bundle);
  return { cli: exports, script };
}

/**
 * The express path (src/express): `check --quiet` of a kit it can prove clean
 * gets its one line from dist/express.cjs, a 31 KB bundle, without loading the
 * full CLI; anything it cannot prove (undefined) goes the full way. Measured on
 * the embedded kit: 1.33x to 1.39x a bare `node` against the full path's 2.67x (README, Performance).
 */
function expressVerdict(argv) {
  // Only `check --quiet` can take it (src/express/express-check.ts checks the rest): any other run is spared loading it.
  if (argv[0] !== 'check' || !argv.includes('--quiet')) return undefined;
  try {
    return loadCached(join(__dirname, '..', 'dist', 'express.cjs')).exports.expressMain(argv);
  } catch {
    // No express bundle (a build without it), or no working directory: the full path says what there is to say.
    return undefined;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const verdict = expressVerdict(argv);
  const written = verdict === undefined ? 'none' : writeToStdout(verdict.stdout);
  // Exit at once, as the full path does: left to end by itself, Node first runs the GC tasks V8 has queued.
  if (written === 'done') process.exit(verdict.exitCode);
  else if (written === 'stream') process.exitCode = verdict.exitCode;
  else runFull(argv);
} else {
  // The build's code-cache step (src/bundle/code-cache.cjs) loads the bundles the same way.
  module.exports = { loadCli, loadCached };
}

/**
 * Writes the express line to stdout as the full path writes its output
 * (cli-io.ts): 'done'; 'stream' when a full non-blocking pipe took a part and
 * the rest goes through process.stdout (Node flushes it before it exits);
 * 'none' when nothing could be written: the full path then runs, and says
 * what failed as it does. A reader gone after a part (EPIPE) is 'done', as
 * the full path takes it.
 */
function writeToStdout(text) {
  const { writeSync } = require('node:fs');
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
    return 'done';
  } catch (error) {
    if (written === 0) return 'none';
    if (error?.code !== 'EAGAIN') return 'done';
    process.stdout.write(bytes.subarray(written));
    return 'stream';
  }
}

function runFull(argv) {
  const { cli } = loadCli();
  // Exit as soon as the output is out. Left to end by itself, Node first waits
  // for V8's background compilations of hot functions, which no longer matter
  // (measured: 5 to 18 ms of a 49-slot check, about a tenth of the run).
  // main() settles once its work is done; should it end early (an internal error in one branch), the
  // exit handlers stop the kustomize builds still running and remove their directories (kustomize-build.ts).
  cli
    .main(argv)
    .then(async (code) => {
      await cli.outputFlushed();
      process.exit(code);
    });
}
