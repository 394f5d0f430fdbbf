// Control characters (ESC, NUL, CR, LF, C1, line separators) in a name or file
// name would move the cursor, erase report lines or start a fake one: every
// text that came from the repository is shown escaped, one line per finding.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    const named = NAMED[character];
    if (named) return named;
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
