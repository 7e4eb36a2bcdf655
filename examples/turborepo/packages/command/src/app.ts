// A command: hosts such as `wasmtime run` call `wasi:cli/run`, exported as an object `run` with a
// `run` method. Returning normally is exit 0; throwing is exit 1.
export const run = {
  run(): void {
    console.log('Hello from a WebAssembly command!');
  },
};
