import * as z from 'zod/mini';
import { configSchema } from '../config/schema.js';
import { expectedFileSchema } from '../load/expected-schema.js';

import { CONFIG_SCHEMA_FILE, EXPECTED_SCHEMA_FILE } from './names.js';

export { CONFIG_SCHEMA_FILE, EXPECTED_SCHEMA_FILE };

type JsonSchema = Record<string, unknown>;

/**
 * An object schema in the editor's eyes rejects keys it does not know: the
 * loader only warns about them (expected/unknown-key), but in an editor a
 * red squiggle under `depnds_on` is the point.
 */
function closeObjects(schema: JsonSchema): void {
  if (schema.type === 'object' && schema.properties && (schema.additionalProperties === undefined || (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties as object).length === 0))) {
    schema.additionalProperties = false;
  }
}

/**
 * The JSON Schemas (draft-07, which the YAML language server and most
 * editors read best) of the expected DAG and the config file, generated from
 * the zod schemas the loaders validate with, so the two cannot disagree.
 */
export function jsonSchemas(): Record<string, JsonSchema> {
  const expected = z.toJSONSchema(expectedFileSchema, { target: 'draft-7', override: ({ jsonSchema }) => closeObjects(jsonSchema as JsonSchema) });
  const config = z.toJSONSchema(configSchema, { target: 'draft-7' });
  return {
    [EXPECTED_SCHEMA_FILE]: {
      ...expected,
      title: 'bootstrap-deps expected DAG',
      description: 'scripts/expected-bootstrap-deps.yaml: the dependency DAG a team intends for its Flux bootstrap kit (see docs/contract.md).',
    },
    [CONFIG_SCHEMA_FILE]: config as JsonSchema,
  };
}
