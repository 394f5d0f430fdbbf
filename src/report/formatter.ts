import type { Report } from './report.js';

export interface FormatOptions {
  /** ANSI colour; the CLI decides from the TTY, NO_COLOR, FORCE_COLOR and --color/--no-color. */
  color?: boolean;
  /** Findings and the one-line summary only. */
  quiet?: boolean;
}

/** Formatters are pure: a report in, a string out. Only the CLI writes it anywhere. */
export type Formatter = (report: Report, options?: FormatOptions) => string;

export const FORMAT_NAMES = ['text', 'json', 'sarif', 'github', 'junit'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Loaded on demand so `--help` and the default text path do not pay for SARIF or JUnit. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'text':
      return (await import('./text.js')).formatText;
    case 'json':
      return (await import('./json.js')).formatJson;
    case 'sarif':
      return (await import('./sarif.js')).formatSarif;
    case 'github':
      return (await import('./github.js')).formatGithub;
    case 'junit':
      return (await import('./junit.js')).formatJunit;
  }
}
