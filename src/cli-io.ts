import { fstatSync, statSync, writeSync } from 'node:fs';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  cwd: string;
  /** Width of the terminal, when known; text output wraps to it. */
  columns?: number;
}

/** Standard output or error could not be written (a full disk, a closed device): exit 3, one line. */
export class OutputStreamError extends Error {
  constructor(readonly stream: 'standard output' | 'standard error', readonly code: string) {
    super(`cannot write to ${stream} (${code})`);
  }
}

/**
 * Writes straight to the file descriptor: touching process.stdout creates a
 * stream (and, on a pipe, loads Node's net module), measurable at start-up.
 * A non-blocking pipe that is full (EAGAIN) gets the rest through the stream;
 * a reader that went away (EPIPE, `| head`) ends the output quietly.
 */
function writeToDescriptor(fd: 1 | 2, text: string): void {
  // Once a full pipe sent output through the stream, all that follows goes there too, in order.
  if (streamed.has(fd)) {
    streamOf(fd).write(text);
    return;
  }
  // In slices: a 300 MB report would otherwise be copied whole into a Buffer.
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + WRITE_SLICE);
    // Never split a surrogate pair between two slices.
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end -= 1;
    const outcome = writeBuffer(fd, Buffer.from(text.slice(start, end)));
    if (outcome === 'gone') return;
    if (outcome === 'stream') {
      // The stream took the rest of this slice; everything after it must follow it there, in order.
      if (end < text.length) streamOf(fd).write(text.slice(end));
      return;
    }
    start = end;
  }
}

const WRITE_SLICE = 1 << 20;

/** The descriptors whose output went through process.stdout or process.stderr after a full pipe; they may still hold it. */
const streamed = new Set<1 | 2>();

/**
 * The stream of a descriptor that a full pipe moved to it. A reader that goes
 * away then (EPIPE) ends the output quietly, as it does for direct writes,
 * instead of an unhandled stream error.
 */
function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!streamed.has(fd)) {
    streamed.add(fd);
    stream.on('error', () => {
      // Nothing more can be written there; outputFlushed settles on 'close'.
    });
  }
  return stream;
}

/**
 * Resolves once every byte written is out: at once when every write was
 * synchronous (the usual case), else when the streams have drained or failed.
 * The launcher exits right after it, not waiting for V8's background work (see bin/).
 */
export function outputFlushed(): Promise<void> {
  const drained = (stream: NodeJS.WriteStream) => new Promise<void>((done) => {
    if (stream.destroyed) return done();
    stream.once('close', () => done());
    stream.write('', () => done());
  });
  return Promise.all([...streamed].map((fd) => drained(fd === 1 ? process.stdout : process.stderr))).then(() => undefined);
}

/** Writes all of `buffer`: 'stream' when a full pipe made the rest go through the stream, 'gone' when the reader left. */
function writeBuffer(fd: 1 | 2, buffer: Buffer): 'done' | 'stream' | 'gone' {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        streamOf(fd).write(buffer.subarray(offset));
        return 'stream';
      }
      if (code === 'EPIPE') return 'gone';
      throw new OutputStreamError(fd === 1 ? 'standard output' : 'standard error', code ?? String(error));
    }
  }
  return 'done';
}

/**
 * A terminal is a character device other than /dev/null and its kin. Asking
 * node:tty instead would load net and stream (~5 ms) for one bit.
 */
export function stdoutIsTerminal(): boolean {
  try {
    const stdout = fstatSync(1);
    return stdout.isCharacterDevice() && stdout.rdev !== statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

export const defaultIo = (): CliIo => ({
  stdout: (text) => writeToDescriptor(1, text),
  stderr: (text) => writeToDescriptor(2, text),
  env: process.env,
  get isTTY() {
    return stdoutIsTerminal();
  },
  // Asked only for text on a terminal: process.stdout on a TTY loads the tty module.
  get columns() {
    return stdoutIsTerminal() ? process.stdout.columns : undefined;
  },
  cwd: process.cwd(),
});

/** The width text output wraps to: `COLUMNS` when set, else the terminal's; none when output is not a terminal. */
export function terminalWidth(io: CliIo): number | undefined {
  const fromEnv = Number.parseInt(io.env.COLUMNS ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return io.columns;
}

/** `--color`/`--no-color` win; then FORCE_COLOR, then NO_COLOR (https://no-color.org), then the TTY. */
export function decideColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR) return false;
  return isTTY;
}
