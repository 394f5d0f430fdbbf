import * as z from 'zod/mini';

// The schema of the expected DAG, loaded only when a file does not plainly fit
// it (src/load/expected.ts reads such files straight from the tree).
// zod/mini rather than the classic API: the same zod 4 schemas and issues, but
// it loads in a third of the time, which a pre-commit hook pays on every run.
const slotValue = z.union([
  z.number().check(z.int('slot must be a whole number'), z.nonnegative('slot must not be negative')),
  z.string().check(z.regex(/^\d+[a-z]?$/, 'slot must look like 7, 15 or "15a"')),
]);

/** The schema of `scripts/expected-bootstrap-deps.yaml`. Unknown keys are warned about, not rejected. */
export const expectedEntrySchema = z.looseObject({
  slot: slotValue,
  name: z.string().check(z.minLength(1, 'name must not be empty')),
  // Only where one name lives in several namespaces: says which release the entry declares.
  namespace: z.optional(z.string().check(z.minLength(1, 'namespace must not be empty'))),
  // `depends_on: []` and a missing or empty `depends_on:` all mean "no dependencies".
  depends_on: z.nullish(z.array(z.string().check(z.minLength(1, 'a dependency name must not be empty')))),
  wave: z.optional(z.union([z.string(), z.number()])),
});

export const expectedFileSchema = z.looseObject({
  slots: z.nullish(z.array(expectedEntrySchema)),
});

export type ExpectedFile = z.infer<typeof expectedFileSchema>;

let messagesLoaded = false;
/** zod/mini ships without messages; English ones are loaded only when there is an error to describe. */
export async function loadSchemaMessages(): Promise<void> {
  if (messagesLoaded) return;
  const { default: en } = await import('zod/v4/locales/en.js');
  z.config(en());
  messagesLoaded = true;
}

