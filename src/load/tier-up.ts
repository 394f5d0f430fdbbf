/*
 * The launcher (bin/bootstrap-deps.js) starts V8 with its optimising compiler
 * off: a check of a few dozen files ends before TurboFan's work pays, and Node
 * waits for its background compilations before the process may exit. The run
 * turns it back on when its input is large, and then as early as it can:
 * switched on mid-run, after part of the input went through the interpreter,
 * it cost more than either extreme. Measured on this project's machines,
 * paired runs of whole checks, each column against the earlier rule (on after
 * the first 256 KiB read):
 *
 *   input (synthetic kits, bench.mjs)   left off   on before the first read
 *   1,000 slot files (1.1 MB)           0.91x      0.93x
 *   20 kits x 60 files (1.4 MB)         0.83x      0.94x
 *   3,000 slot files (3.4 MB)           1.02x      0.94x
 *   10,000 slot files (11 MB)           1.40x      0.99x
 *
 * So the run decides from its listings, before it reads. The threshold was
 * 2,000 files, then lowered to 800 once the slot reader (slot-scan.ts) had
 * taken most of the interpreter's loops away: on at once against left off,
 * same build, medians of 21 alternating pairs (11 for 20 kits, 5 to 7 for
 * the repositories, whose checks are dominated by kustomize):
 *
 *   input                                on at once
 *   600 slot files                       1.08x
 *   800 slot files                       0.99x
 *   1,000 / 1,200 / 1,600 slot files     0.89x / 0.90x / 0.86x
 *   20 kits x 60 files (1,200 files)     0.81x
 *   repositories of 436 YAML files       1.03x (onedr0p/home-ops)
 *   repositories of 733 to 1,566 files   0.93x to 0.97x (six of them)
 *
 * 800 files or more turns it on at once (a repository's run does more work
 * per file than a kit's, so there the crossover lies lower, about 700). The kits
 * are counted before the first of them is read (--all-clusters lists them all
 * first), and the repository walk adds the files outside the kits (it leaves
 * the kit directories to the kit loader). A single large file (the hostile
 * 8 MiB flow list: one file, one long loop) turns it on when read, and so
 * does a large total read from few files. The library (src/index.ts) never
 * turns it off: there the launcher's marker is absent and this does nothing.
 */
export const TIER_UP_FILES = 800;
/** One file this large is parsed by loops long enough for the optimising compiler to pay within it. */
const TIER_UP_FILE_BYTES = 256 * 1024;
/** A total this large read from fewer files than TIER_UP_FILES (each under TIER_UP_FILE_BYTES). */
const TIER_UP_TOTAL_BYTES = 8 * 1024 * 1024;

/**
 * Set by the launcher when it started V8 with --no-opt: the function that sets V8's flags (the launcher's
 * own, which avoids loading node:v8; see bin/bootstrap-deps.js). Absent in the library.
 */
const DEFERRED = Symbol.for('bootstrap-deps.optimizer-deferred');

let bytesRead = 0;
let filesListed = 0;
/** Directories already counted: a kit counted up front (--all-clusters) is not counted again when it is read. */
const countedDirs = new Set<string>();
let optimizerOn = false;

/** The launcher's flag setter, or undefined where nothing deferred the optimiser (the library). */
function launcherFlags(): ((flags: string) => void) | undefined {
  const setter = (process as unknown as Record<symbol, unknown>)[DEFERRED];
  return typeof setter === 'function' ? (setter as (flags: string) => void) : undefined;
}

function turnOptimizerOn(): void {
  const setFlags = launcherFlags();
  if (optimizerOn || !setFlags) return;
  optimizerOn = true;
  setFlags('--opt');
}

/**
 * Whether V8's optimising compiler is on: turned on by this run, or never
 * deferred (the library, where the launcher's marker is absent). Code whose
 * best form differs between the interpreter and TurboFan asks (slot-scan.ts).
 */
export function optimizerIsOn(): boolean {
  return optimizerOn || launcherFlags() === undefined;
}

/**
 * Files a run is about to read, as a listing tells before it reads them; they
 * add up. `dir` names a directory whose files these are, counted once however
 * often it is listed. `threshold`: the count from which the optimiser pays for
 * this reader (the express path's reader does less per file: src/express).
 */
export function noteFilesListed(files: number, dir?: string, threshold = TIER_UP_FILES): void {
  if (dir !== undefined) {
    if (countedDirs.has(dir)) return;
    countedDirs.add(dir);
  }
  filesListed += files;
  if (filesListed >= threshold) turnOptimizerOn();
}

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

/** Counts input read; a large file, or a large total, turns V8's optimising compiler back on (once); a very large file caps heap growth (once). */
export function noteInputRead(bytes: number): void {
  const setFlags = launcherFlags();
  if (bytes > LARGE_FILE_BYTES && !heapGrowthCapped && setFlags) {
    heapGrowthCapped = true;
    setFlags('--heap-growing-percent=20');
  }
  bytesRead += bytes;
  if (bytes >= TIER_UP_FILE_BYTES || bytesRead >= TIER_UP_TOTAL_BYTES) turnOptimizerOn();
}
