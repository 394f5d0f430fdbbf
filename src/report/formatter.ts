import type { Report } from './report.js';
import type { TextStyle } from './style.js';
import { textChunks } from './text.js';
import { joinChunks } from './chunks.js';
import type { Chunks } from './chunks.js';

export interface FormatOptions {
  /** ANSI colour; the CLI decides from the TTY, NO_COLOR, FORCE_COLOR and --color/--no-color. */
  color?: boolean;
  /** The colours to use when `color` is on (see `colourStyle()`; `formatReport` loads it for you). */
  style?: TextStyle;
  /** Findings and the one-line summary only. */
  quiet?: boolean;
  /** html and markdown: the path from the report's directory to the working directory, for its file links. */
  linkBase?: string;
  /** Text: wrap findings to this many columns, at word boundaries, with a hanging indent. */
  width?: number;
  /** markdown: URL prefix (ending in /) for finding links, from GitHub Actions' environment; wins over linkBase. */
  linkUrl?: string;
}

/** Formatters are pure: a report in, a string out. Only the CLI writes it anywhere. */
export type Formatter = (report: Report, options?: FormatOptions) => string;

/** The same output in pieces (joined, byte for byte the Formatter's string): what the CLI writes as it goes. */
export type ChunkFormatter = (report: Report, options?: FormatOptions) => Chunks;

export const FORMAT_NAMES = ['text', 'json', 'sarif', 'github', 'junit', 'html', 'markdown'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Machine formats load on demand; text, the default, is bundled with the check path. The whole text: the pieces joined. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  const chunks = await loadChunkFormatter(name);
  return (report, options) => joinChunks(chunks(report, options));
}

/** A format's pieces, for output too large to hold as one string (520,000 findings: 150-420 MB). */
export async function loadChunkFormatter(name: FormatName): Promise<ChunkFormatter> {
  switch (name) {
    case 'text':
      return textChunks;
    case 'json':
      return (await import('./json.js')).jsonReportChunks;
    case 'sarif':
      return (await import('./sarif.js')).sarifChunks;
    case 'github':
      return (await import('./github.js')).githubChunks;
    case 'junit':
      return (await import('./junit.js')).junitChunks;
    case 'html':
      return (await import('./html.js')).htmlChunks;
    case 'markdown':
      return (await import('./markdown.js')).markdownChunks;
  }
}
