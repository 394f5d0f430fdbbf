/** The baseline of known findings, at the repository root (apart from baseline.ts: the express path only asks whether it exists). */
export const BASELINE_FILE_NAME = 'bootstrap-deps-suppressions.json';
