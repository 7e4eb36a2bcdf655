import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { instantiateComponent } from '../host/instantiate.js';
import { callP3Handler, type P3Handler } from './http-p3.js';
import type { LocalServer, ServeOptions } from './types.js';

/**
 * Serves a component exporting WASI 0.3's `wasi:http/handler` with Node's HTTP server, each
 * request handed to the component through preview3-shim's wasi:http resources (run/http-p3.ts).
 * Not preview3-shim's own `HttpServer` (0.7.0): it expects `handle` to resolve to a result variant
 * (`{ tag: 'ok', val }`) where jco's bindings resolve to the response itself, so every answer
 * became an empty 500; and after `close()` its pending `server-next` message port keeps the
 * process alive. One instance answers every request: a handler that throws answers an
 * error-code, which leaves the instance usable (a 500 here, with the error's text); after a trap
 * the next request gets a new instance.
 */
export async function serveP3Component(component: Uint8Array, options: ServeOptions): Promise<LocalServer> {
  const newHandler = async (): Promise<P3Handler> => {
    const { exports } = await instantiateComponent(component, { memo: options.memo, grants: options.grants });
    const handler = (exports.handler ?? exports['wasi:http/handler@0.3.0']) as P3Handler | undefined;
    if (!handler) throw new Error('the component exports no wasi:http/handler');
    return handler;
  };
  let current: Promise<P3Handler> | undefined = newHandler();
  await current;
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const log = (status: number) =>
      options.log({ kind: 'request', method, path, status, ms: performance.now() - started });
    try {
      const handler = await (current ??= newHandler());
      const headers = Object.entries(req.headersDistinct).flatMap(([name, values]) =>
        (values ?? []).map((v): [string, string] => [name, v]),
      );
      const response = await callP3Handler(handler, {
        method,
        path,
        headers,
        body: req,
        ...(req.headers.host ? { authority: req.headers.host } : {}),
      });
      res.writeHead(response.status, response.headers);
      for await (const chunk of response.body) res.write(chunk);
      res.end();
      log(response.status);
    } catch (error) {
      if (!isErrorCode(error)) current = undefined; // a trap: the instance cannot be entered again
      const message = describeFailure(error);
      options.log({ kind: 'error', method, path, message });
      // Headers already out (the body failed midway): the response can only be cut short.
      if (res.headersSent) res.end();
      else
        res
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`componentize serve: the handler failed: ${message}\n`);
      log(500);
    }
  };
  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((done, fail) => server.once('error', fail).listen(options.port, options.host, done));
  const address = server.address() as AddressInfo;
  return {
    address: { host: address.address, port: address.port },
    stop: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

/** A wasi:http error-code (`{ tag: 'internal-error', val }`) rather than a JavaScript error. */
function isErrorCode(error: unknown): error is { tag: string; val?: unknown } {
  return (
    typeof error === 'object' &&
    error !== null &&
    !(error instanceof Error) &&
    typeof (error as { tag?: unknown }).tag === 'string'
  );
}

function describeFailure(error: unknown): string {
  if (isErrorCode(error))
    return error.val === undefined || error.val === null ? error.tag : `${error.tag}: ${String(error.val)}`;
  return error instanceof Error ? error.message : String(error);
}
