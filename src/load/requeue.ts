import { parseDuration } from '../model/cold-start.js';
import type { RequeueSetting } from '../model/flux-objects.js';

// The settings of the controllers' --requeue-dependency in a file's text (see RequeueSetting).

export const REQUEUE_FLAG = '--requeue-dependency';

const SETTING = /--requeue-dependency(?:=|\s+)["']?([0-9][0-9a-zµ.]*)/g;

/** Every setting in a file's text, located at its value; a value that is not a duration is passed over (the controller would not start). */
export function requeueSettingsIn(path: string, text: string): RequeueSetting[] {
  if (!text.includes(REQUEUE_FLAG)) return [];
  const settings: RequeueSetting[] = [];
  for (const match of text.matchAll(SETTING)) {
    const written = match[1]!;
    const seconds = parseDuration(written);
    if (seconds === undefined) continue;
    const at = match.index + match[0].length - written.length;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let line = 1;
    for (let index = text.indexOf('\n'); index !== -1 && index < at; index = text.indexOf('\n', index + 1)) line += 1;
    settings.push({ seconds, written, location: { file: path, line, column: at - lineStart + 1 } });
  }
  return settings;
}
