// The command: `wasi:cli/run` is exported as an object `run` with a `run` method. Returning
// normally is success (exit 0); throwing is the `result` error (exit 1).
export const run = {
  run(): void {
    console.log('Hello from a WebAssembly component!');
  },
};
