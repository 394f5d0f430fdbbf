/** File names under `schemas/` in the package; `init` and the README point editors at them. */
export const EXPECTED_SCHEMA_FILE = 'expected-bootstrap-deps.schema.json';
export const CONFIG_SCHEMA_FILE = 'bootstrap-deps.config.schema.json';
