// A finding's message and fix, computed when read. A rule that can report one
// finding per dependsOn item (520,000 in one 8 MiB file) would otherwise keep
// two strings of about 100 characters per finding for the whole run, and a
// formatter that reads them (JSON.stringify flattens a string in place) would
// keep them again, flattened. Computed, they live only while one finding is
// written.
//
// They are own, enumerable accessor properties: JSON.stringify, Object.keys,
// `{ ...finding }` and toEqual see a finding exactly as if the text were
// stored (a spread stores it: the copy holds plain strings). Assigning one
// replaces the accessor with the value.

/** What the text is made from: fields every finding keeps as it goes from rule to report. */
export interface TextSource {
  hr?: string;
  dependency?: string;
  object?: string;
}

export interface FindingText<Source extends TextSource> {
  message: (finding: Source) => string;
  fix?: (finding: Source) => string;
}

type Accessors = { message: PropertyDescriptor; fix?: PropertyDescriptor };

function accessor(key: 'message' | 'fix', compute: (finding: TextSource) => string): PropertyDescriptor {
  return {
    get(this: TextSource) {
      return compute(this);
    },
    set(this: TextSource, value: string) {
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true,
  };
}

/** Each kind of text by its message getter: how a finding is known to compute its text, without a field for it. */
const kinds = new Map<unknown, Accessors>();

/** The getters of one kind of text, made once (every finding of the kind shares them, and so its hidden class). */
export function findingText<Source extends TextSource>(text: FindingText<Source>): Accessors {
  const accessors: Accessors = {
    message: accessor('message', text.message as (finding: TextSource) => string),
    ...(text.fix ? { fix: accessor('fix', text.fix as (finding: TextSource) => string) } : {}),
  };
  kinds.set(accessors.message.get, accessors);
  return accessors;
}

/**
 * Gives `target` the computed message (and fix, when `accessors` has one; else
 * `fix` as given, when there is one). The text functions read `target`'s own
 * hr, dependency and object, so set those on it too.
 */
export function defineText<T extends object>(target: T, accessors: Accessors, fix?: string): T & { message: string; fix?: string } {
  Object.defineProperty(target, 'message', accessors.message);
  if (accessors.fix) Object.defineProperty(target, 'fix', accessors.fix);
  else if (fix !== undefined) (target as { fix?: string }).fix = fix;
  return target as T & { message: string; fix?: string };
}

// Annex B's __lookupGetter__: the getter itself, where getOwnPropertyDescriptor makes a descriptor object.
const lookupGetter = (Object.prototype as unknown as { __lookupGetter__: (this: object, key: string) => unknown }).__lookupGetter__;

/** The accessors of a finding whose message is computed; undefined for one that stores its text (or had it assigned). */
export function computedText(finding: object): Accessors | undefined {
  // No property descriptor is made per finding: 520,000 of them were garbage the collector had to promote.
  const accessors = kinds.get(lookupGetter.call(finding, 'message'));
  if (!accessors?.fix || lookupGetter.call(finding, 'fix') === accessors.fix.get) return accessors;
  return { message: accessors.message }; // its fix was assigned: a stored string
}
