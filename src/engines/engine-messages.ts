/**
 * Engine errors arrive as long multi-line texts with Wizer backtraces and wasm frame lists. The
 * user needs the JavaScript error and where it happened; the rest stays in the error's cause.
 */
const NOISE = [
  /^\s*\d+: 0x[0-9a-f]+ - .*$/i, // wasm backtrace frames
  /^\s*wasm backtrace:\s*$/i,
  /^\s*note: using the `WASMTIME_BACKTRACE_DETAILS=1`.*$/i,
  /^\s*Stack backtrace:\s*$/i,
  /^\s*at \S+ \(.*\.rs:\d+:\d+\)\s*$/,
];

export function cleanEngineMessage(message: string): string {
  const lines = message
    .split('\n')
    .filter((line) => !NOISE.some((re) => re.test(line)))
    .map((line) => line.trimEnd());
  // Collapse runs of blank lines left behind by removed blocks.
  // componentize-qjs prefixes an empty context (": Failed to evaluate ...").
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim().replace(/^:\s*/, '');
}
