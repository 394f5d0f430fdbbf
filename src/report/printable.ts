// Control characters (ESC, NUL, CR, LF, C1, line separators) in a name or file
// name would move the cursor, erase report lines or start a fake one: every
// text that came from the repository is shown escaped, one line per finding.
import { escapeCharacter } from '../model/names.js';

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeCharacter);
}
