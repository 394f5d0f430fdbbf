// Build step (npm run build): writes the JSON Schemas into schemas/, which
// the package ships. Run through esbuild, as the CLI is built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemas } from './json-schemas.js';

const outDir = join(process.cwd(), 'schemas');
mkdirSync(outDir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(join(outDir, name), `${JSON.stringify(schema, null, 2)}\n`);
}
