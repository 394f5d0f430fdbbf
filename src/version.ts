export const TOOL_NAME = 'bootstrap-deps';
// Replaced at bundle time with package.json's version (see the "build" script).
declare const __VERSION__: string | undefined;
export const TOOL_VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
