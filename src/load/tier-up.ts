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

const launchedDeferred = () => (process as unknown as Record<symbol, unknown>)[DEFERRED] === true;

/**
 * One file this large holds tens of thousands of items (an 8 MiB file: 520,000
 * dependsOn items, whose records, model and findings stay alive to the end).
 * After each full collection V8 lets the heap grow to up to four times what was
 * alive; past this size the run asks for a fifth more instead, which keeps the
 * hostile 8 MiB file under 500 MB in every format. Only then: the kits of many
 * small files that make up real repositories keep V8's default, a fifth faster
 * at 30,000 slots (README, Performance).
 */
const LARGE_FILE_BYTES = 1024 * 1024;
let heapGrowthCapped = false;

/** Counts input read; past TIER_UP_BYTES, turns V8's optimising compiler back on (once); a large file caps heap growth (once). */
export function noteInputRead(bytes: number): void {
  if (bytes > LARGE_FILE_BYTES && !heapGrowthCapped && launchedDeferred()) {
    heapGrowthCapped = true;
    setFlagsFromString('--heap-growing-percent=20');
  }
  if (bytesRead > TIER_UP_BYTES) return;
  bytesRead += bytes;
  if (bytesRead > TIER_UP_BYTES && launchedDeferred()) {
    setFlagsFromString('--opt');
  }
}
