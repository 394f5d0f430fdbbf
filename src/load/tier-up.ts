import { setFlagsFromString } from 'node:v8';

/*
 * The launcher (bin/bootstrap-deps.js) starts V8 with its optimising compiler
 * off: a check of a few dozen files ends before TurboFan's work pays, and Node
 * waits for its background compilations before the process may exit. Measured
 * on this project's machines, paired runs, against the same run with it on: a
 * 49-slot kit (55 KB) 0.85x the time, 100 slots 0.80x, 500 slots (640 KB) even,
 * 1,000 slots 1.2x, 10,000 slots 1.9x. So the run turns it back on once it has
 * read this much input: about five times the embedded kit, and before the point
 * where it would pay. The library (src/index.ts) never turns it off: there the
 * launcher's marker is absent and this does nothing.
 */
const TIER_UP_BYTES = 256 * 1024;

/** Set by the launcher when it started V8 with --no-opt. */
const DEFERRED = Symbol.for('bootstrap-deps.optimizer-deferred');

let bytesRead = 0;

/** Counts input read; past TIER_UP_BYTES, turns V8's optimising compiler back on (once). */
export function noteInputRead(bytes: number): void {
  if (bytesRead > TIER_UP_BYTES) return;
  bytesRead += bytes;
  if (bytesRead > TIER_UP_BYTES && (process as unknown as Record<symbol, unknown>)[DEFERRED] === true) {
    setFlagsFromString('--opt');
  }
}
