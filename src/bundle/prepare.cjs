// `npm run prepare` (package.json): builds dist/ wherever npm prepares this
// package from its sources (npm ci, an install from a git URL), and makes sure
// the build has its dev dependencies first.
//
// Why not plain `npm run build`: `npm install -g git+URL`, which pre-commit 4
// runs for a `language: node` hook (`npm install --allow-git=root
// --install-links -g git+file://CLONE`), prepares the clone with the global
// flag and the hook environment's prefix inherited from the outer install
// (npm_config_global, npm_config_prefix). The clone's `npm install` then
// installed the package into that prefix instead of the dev dependencies
// into the clone, and the build stopped at `esbuild: not found` (a trial's
// probe: the README's hook did not install with pre-commit 4.6). Where the
// build's tools are missing, they are installed into the clone first, locally
// and from package-lock.json, with those two settings dropped.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// Set for the install below: the clone's own `prepare` runs again inside it, and must only let it finish.
const DEPENDENCIES_ONLY = 'BOOTSTRAP_DEPS_PREPARE_DEPENDENCIES_ONLY';
if (process.env[DEPENDENCIES_ONLY] === '1') process.exit(0);

const project = join(__dirname, '..', '..');
// npm sets npm_execpath for scripts: the npm that runs this one, whatever is first on PATH.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

/** Runs npm with `args` in the project, its output passed through; exits as it failed. */
function runNpm(args, env) {
  const result = spawnSync(npm[0], [...npm.slice(1), ...args], { cwd: project, env, stdio: 'inherit', shell: npm.length === 1 && process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(project, 'node_modules', '.bin', 'esbuild'))) {
  const env = { ...process.env, [DEPENDENCIES_ONLY]: '1' };
  // npm reads its settings from the environment case-insensitively: each spelling goes.
  for (const key of Object.keys(env)) if (/^npm_config_(global|prefix|location)$/i.test(key)) delete env[key];
  runNpm(['ci', '--include=dev', '--no-audit', '--no-fund', '--global=false', `--prefix=${project}`], env);
}
runNpm(['run', 'build'], process.env);
