// Kubernetes names, and how to print and compare them.

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previousPrevious[j - 2]! + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate a typo most likely meant: equal but for case, or within a
 * third of the name's length in edits (at least one, at most three). Ties go to
 * the alphabetically first, so suggestions are stable.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === lower ? 0.5 : editDistance(lower, candidate.toLowerCase(), limit);
    if (distance > limit) continue;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * closestName, else the one candidate that holds the name as a dash-separated part of its own: `harbor` for
 * `bp-harbor`, a prefix left off (a trial's probe: no guess, where `bp-harbour` had one). Several such: none.
 */
export function closestNameOrPart(name: string, candidates: Iterable<string>): string | undefined {
  // Distinct: one name written by several objects (a release in two namespaces) is one candidate (a review's probe).
  const list = [...new Set(candidates)];
  const close = closestName(name, list);
  if (close !== undefined || name === '') return close;
  const holding = list.filter((candidate) => candidate !== name && (candidate.endsWith(`-${name}`) || candidate.startsWith(`${name}-`) || candidate.includes(`-${name}-`)));
  return holding.length === 1 ? holding[0] : undefined;
}

/** `did you mean X?` when a candidate is close to `input`, else the fallback. */
export function suggestion(input: string, candidates: Iterable<string>, fallback: string): string {
  const guess = closestName(input, candidates);
  return guess ? `did you mean ${guess}?` : fallback;
}

// RFC 1123 as Kubernetes applies it: a subdomain (metadata.name of most
// objects, Flux's dependsOn names) and a label (namespaces).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Labels joined by dots: one expression, where splitting every name made an array per name and rule. */
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** Why `name` is not a valid DNS-1123 subdomain, or undefined when it is. */
export function invalidSubdomainReason(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 253) return `it is ${name.length} characters long, over the limit of 253`;
  return DNS1123_SUBDOMAIN.test(name) ? undefined : subdomainCharacterReason(name);
}

/** Why `namespace` is not a valid DNS-1123 label, or undefined when it is. */
export function invalidLabelReason(namespace: string): string | undefined {
  if (namespace.length === 0) return 'it is empty';
  if (namespace.length > 63) return `it is ${namespace.length} characters long, over the limit of 63`;
  if (DNS1123_LABEL.test(namespace)) return undefined;
  return namespace.includes('.') ? 'it contains "."' : subdomainCharacterReason(namespace);
}

function subdomainCharacterReason(name: string): string {
  for (const char of name) {
    if (/[a-z0-9.-]/.test(char)) continue;
    if (/[A-Z]/.test(char)) return `it contains the upper-case letter ${char}`;
    return `it contains ${describeCharacter(char)}`;
  }
  return 'it must start and end with a lower-case letter or digit';
}

function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === ' ') return 'a space';
  if (code < 0x20 || code === 0x7f) return `the control character ${hex}`;
  if (/\s/.test(char)) return `white space (${hex})`;
  if (code > 0x7f) return `the non-ASCII character ${JSON.stringify(char)} (${hex})`;
  return `the character ${JSON.stringify(char)}`;
}

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

/**
 * One character as an escape: \n, \r, \t, \" and \\ by name, any other as
 * \xNN or \uNNNN. The one escaper behind printableName and the report's
 * printable(), so a name reads the same in a message and in a table.
 */
export function escapeCharacter(character: string): string {
  const named = NAMED_ESCAPES[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A name as messages print it: as is when it is plain printable ASCII, else
 * quoted with every other character escaped, so two different names never
 * look alike (a Cyrillic "с" is printed \u0441, a tab \t, ESC \x1b).
 */
export function printableName(name: string): string {
  if (/^[\x21-\x7e]+$/.test(name)) return name;
  return `"${name.replace(/["\\]|[^\x20-\x7e]/g, escapeCharacter)}"`;
}

/**
 * Whether a name can come of a template whose literal parts are `parts` (what lies between them is any text): the
 * first part begins it, the last ends it, the others come in order between. Found left to right with indexOf,
 * linear in the name: a regular expression of `.*` between the parts backtracked for a minute on a long name (a
 * review's probe).
 */
export function templateCanGive(parts: readonly string[], name: string): boolean {
  if (parts.length === 1) return name === parts[0];
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
