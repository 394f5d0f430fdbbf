// What a `.wasm` import is to the bundler (esbuild's binary loader) and to the tests (vitest.config.ts): its bytes.
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
