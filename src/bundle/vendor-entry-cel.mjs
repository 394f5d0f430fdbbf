// The whole of @marcbachmann/cel-js, for dist/vendor/cel.cjs (see vendor-cel.cjs).
export * from '@marcbachmann/cel-js';
