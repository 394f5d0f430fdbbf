// The whole of yaml, for dist/vendor/yaml.cjs (see vendor-yaml.cjs).
export * from 'yaml';
