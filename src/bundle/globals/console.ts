/**
 * `console` for engines without one, written to `wasi:cli/stdout` and `stderr` (the world's
 * imports, or ones the pipeline adds to the engine's world). Without stdout (every WASI import
 * disabled) console calls do nothing and the build warns (see `polyfillsFor`).
 *
 * The module is generated per build because the import must name the exact version the world
 * imports (StarlingMonkey resolves only the versioned name). It avoids TextEncoder, which the
 * engines needing this polyfill do not have either.
 */
export function consolePolyfillSource(stdout: string | undefined, stderr: string | undefined): string {
  if (!stdout) {
    return `const noop = () => {};
export const console = { log: noop, info: noop, debug: noop, warn: noop, error: noop, trace: noop };
`;
  }
  return `import * as stdoutInterface from ${JSON.stringify(stdout)};
${stderr ? `import * as stderrInterface from ${JSON.stringify(stderr)};` : ''}

function utf8(text) {
  const bytes = [];
  for (const ch of text) {
    let c = ch.codePointAt(0);
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: not encodable
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(bytes);
}

function show(value) {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack || value.name + ': ' + value.message;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() + 'n' : v));
    } catch {
      return String(value);
    }
  }
  return typeof value === 'bigint' ? value + 'n' : String(value);
}

// A fresh stream per write: a handle taken while the snapshot is made would not survive it.
function writer(getStream) {
  return (...args) => {
    const bytes = utf8(args.map(show).join(' ') + '\\n');
    const stream = getStream();
    try {
      for (let i = 0; i < bytes.length; i += 4096) stream.blockingWriteAndFlush(bytes.subarray(i, i + 4096));
    } finally {
      stream[Symbol.dispose]?.();
    }
  };
}

const out = writer(stdoutInterface.getStdout);
const err = ${stderr ? 'writer(stderrInterface.getStderr)' : 'out'};
export const console = { log: out, info: out, debug: out, warn: err, error: err, trace: err };
`;
}
