/**
 * Calling a component's WASI 0.3 `wasi:http/handler` from Node, with preview3-shim's wasi:http
 * resources: a plain request in, a plain response out. Used by `serve` and by tests. The
 * preview3-shim copy must be the one the transpiled component imports (run/instantiate.ts maps
 * WASI 0.3 to it), because the resources cross between them.
 */

/** The export as jco lifts it: `result<response, error-code>` resolves to the response or throws the error-code. */
export interface P3Handler {
  handle(request: unknown): Promise<unknown>;
}

export interface P3Request {
  method: string;
  /** Path and query, `/hello?name=x`. */
  path: string;
  headers?: Iterable<[string, string]>;
  /** The body; none is an empty stream. */
  body?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  authority?: string;
  scheme?: 'http' | 'https';
}

export interface P3Response {
  status: number;
  headers: [string, string][];
  body: AsyncIterable<Uint8Array>;
}

interface ShimReader {
  read(): Promise<Uint8Array | null>;
}

interface Shim {
  Fields: { fromList(entries: [string, Uint8Array][]): unknown };
  Request: {
    'new'(headers: unknown, contents: unknown, trailers: Promise<unknown>, options: null): [ShimRequest, unknown];
  };
  Response: { consumeBody(response: unknown, done: unknown): [ShimReader | null, unknown] };
  forbidden: Set<string>;
  StreamReader: new (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) => unknown;
  future(): { tx: unknown; rx: unknown };
}

interface ShimRequest {
  setMethod(method: { tag: string; val?: string }): void;
  setPathWithQuery(path: string): void;
  setAuthority(authority: string | undefined): void;
  setScheme(scheme: { tag: string } | undefined): void;
}

const METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch']);

/**
 * Sends one request to the handler and returns its response; an error-code the handler answers
 * with is thrown as it is (`{ tag: 'internal-error', val }`). The request always has a body
 * stream, empty if need be: preview3-shim 0.7.0 answers `consume-body` on a request created
 * without contents with no stream at all, which the generated bindings cannot lower (`Cannot use
 * 'in' operator to search for 'Symbol(Symbol.asyncIterator)' in null`).
 */
export async function callP3Handler(handler: P3Handler, request: P3Request): Promise<P3Response> {
  const shim = await loadShim();
  const encode = (s: string) => new TextEncoder().encode(s);
  const headers = [...(request.headers ?? [])]
    .filter(([name]) => !shim.forbidden.has(name.toLowerCase()))
    .map(([name, value]): [string, Uint8Array] => [name, encode(value)]);
  const contents = new shim.StreamReader(request.body ?? []);
  const [wasiRequest] = shim.Request.new(
    shim.Fields.fromList(headers),
    contents,
    Promise.resolve({ tag: 'ok', val: undefined }),
    null,
  );
  const method = request.method.toLowerCase();
  wasiRequest.setMethod(METHODS.has(method) ? { tag: method } : { tag: 'other', val: request.method });
  wasiRequest.setPathWithQuery(request.path);
  if (request.authority) wasiRequest.setAuthority(request.authority);
  if (request.scheme) wasiRequest.setScheme({ tag: request.scheme.toUpperCase() });
  const response = (await handler.handle(wasiRequest)) as {
    getStatusCode(): number;
    getHeaders(): { copyAll(): [string, Uint8Array][] };
  };
  const decoder = new TextDecoder();
  const responseHeaders = response
    .getHeaders()
    .copyAll()
    .map(([name, value]): [string, string] => [name, decoder.decode(value)]);
  const status = response.getStatusCode();
  const [reader] = shim.Response.consumeBody(response, shim.future().rx);
  return { status, headers: responseHeaders, body: chunks(reader) };
}

async function* chunks(reader: ShimReader | null): AsyncIterable<Uint8Array> {
  if (!reader) return;
  for (let chunk = await reader.read(); chunk !== null; chunk = await reader.read()) yield chunk;
}

/** The whole body, for callers that want bytes. */
export async function readBody(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

async function loadShim(): Promise<Shim> {
  const http = (await import('@bytecodealliance/preview3-shim/http')) as unknown as {
    types: Pick<Shim, 'Fields' | 'Request' | 'Response'>;
    _forbiddenHeaders: { value: Set<string> };
  };
  const { StreamReader } = (await import('@bytecodealliance/preview3-shim/stream')) as unknown as Pick<
    Shim,
    'StreamReader'
  >;
  const { future } = (await import('@bytecodealliance/preview3-shim/future')) as unknown as Pick<Shim, 'future'>;
  return { ...http.types, forbidden: http._forbiddenHeaders.value, StreamReader, future };
}
