// The express bundle's entry (dist/express.cjs): what the launcher calls before it loads the full CLI.
import { stdoutIsTerminal } from '../cli-io.js';
import { expressCheck } from './express-check.js';
import type { ExpressVerdict } from './express-check.js';

export { expressCheck };

/** The express verdict for this process's arguments, or undefined (the full path runs). */
export function expressMain(argv: readonly string[]): ExpressVerdict | undefined {
  // A terminal as the full path tells one (cli-io.ts): colour and width are its to decide.
  return expressCheck({ argv, cwd: process.cwd(), env: process.env, isTTY: stdoutIsTerminal() });
}
