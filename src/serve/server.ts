import { topLevelExports } from '../component/exports.js';
import type { GuestException } from '../host/guest-exception.js';
import { GuestStderr, withGuestStderr } from '../host/guest-stderr.js';
import { isP3Handler } from '../http/handler-style.js';
import { stackMapper } from '../js/stack-map.js';
import {
  type IncomingHandler,
  type InstanceFactory,
  instanceFactory,
  type PreparedComponent,
  prepareComponent,
} from './instances.js';
import { watchResponses } from './responses.js';
import type { LocalServer, ServeOptions } from './types.js';

interface ShimRequest {
  method(): { tag: string; val?: string };
  pathWithQuery(): string | undefined;
}

/**
 * Serves a component's `wasi:http/incoming-handler` with preview2-shim's HTTP server, in the
 * calling thread: serve/pool.ts runs it in worker threads behind its own server. Each
 * request gets a fresh instance unless `reuse` is set: a trap (a handler that threw) poisons only
 * the instance it happened in, and the next request is served by a new one. A handler that fails
 * before answering is answered with a 500 here, so the client never hangs. `prepared`: the
 * component's bindings and compiled modules, made once by the pool for all its workers.
 */
export async function serveHere(
  component: Uint8Array,
  options: ServeOptions,
  prepared?: PreparedComponent,
): Promise<LocalServer> {
  // WASI 0.3 (`wasi:http/handler`) has a server of its own.
  if (topLevelExports(component).some((e) => isP3Handler(e.name)))
    return (await import('./server-p3.js')).serveP3Component(component, options);
  const made = prepared ?? (await prepareComponent(component, options.memo));
  return serveInstances(await instanceFactory(made, options.grants), options);
}

/** `serveHere` with instances made already (see `instanceFactory`). */
async function serveInstances(factory: InstanceFactory, options: ServeOptions): Promise<LocalServer> {
  const { HTTPServer } = (await import('@bytecodealliance/preview2-shim/http')) as unknown as {
    HTTPServer: new (
      handler: IncomingHandler,
    ) => { listen(port: number, host: string): void; address(): { address: string; port: number }; stop(): void };
  };
  const responses = await watchResponses();
  const mapper = options.sourceMap === undefined ? undefined : stackMapper(options.sourceMap);
  const write = process.stderr.write.bind(process.stderr);
  const expose = options.exposeErrors ?? true;
  /** The 500 answer's text for a handler that failed: its exception unless errors are not exposed. */
  const failureText = (message: string, exception: GuestException | undefined) =>
    !expose
      ? 'componentize serve: the handler failed\n'
      : `componentize serve: the handler failed: ${message}\n${exception?.stack ? `${exception.stack}\n` : ''}`;
  let shared: IncomingHandler | undefined;
  const server = new HTTPServer({
    handle(request, responseOut) {
      const started = performance.now();
      const shimRequest = request as ShimRequest;
      const methodTag = shimRequest.method();
      const method = methodTag.tag === 'other' ? String(methodTag.val) : methodTag.tag.toUpperCase();
      const path = shimRequest.pathWithQuery() ?? '/';
      // The guest's stderr during the call: the engine's report of an exception is taken from it.
      const guest = new GuestStderr((text) => write(text), mapper);
      const logException = (exception: GuestException) =>
        options.log({ kind: 'error', method, path, message: exception.message, stack: exception.stack });
      // StarlingMonkey answers a fetch event whose handler threw with an empty 500 of its own,
      // after reporting the exception: that answer is replaced by one that says what failed.
      responses.onFailedAnswer(responseOut, () => {
        const exception = guest.peek();
        if (!exception) return undefined;
        logException(exception);
        return failureText(exception.message, exception);
      });
      try {
        withGuestStderr(guest, () => {
          const handler = options.reuse ? (shared ??= factory.instantiate()) : factory.instantiate();
          handler.handle(request, responseOut);
        });
        if (!responses.statusOf(responseOut)) throw new Error('the handler returned without setting a response');
      } catch (error) {
        if (options.reuse) shared = undefined; // a trapped instance cannot be entered again
        const exception = guest.take();
        const message = exception?.message ?? (error instanceof Error ? error.message : String(error));
        if (exception) logException(exception);
        else options.log({ kind: 'error', method, path, message });
        if (!responses.statusOf(responseOut))
          responses.answerWithError(responseOut, 500, failureText(message, exception));
      }
      try {
        responses.finishUnclaimedBody(responseOut);
      } catch (error) {
        options.log({
          kind: 'error',
          method,
          path,
          message: `could not end the empty response body: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      options.log({
        kind: 'request',
        method,
        path,
        status: responses.statusOf(responseOut) ?? 500,
        ms: performance.now() - started,
      });
    },
  });
  try {
    server.listen(options.port, options.host);
  } catch (error) {
    // listen() already started a keep-alive timer; without stop() the process would never exit.
    try {
      server.stop();
    } catch {
      // Never started: nothing to stop.
    }
    throw error;
  }
  const address = server.address();
  return {
    address: { host: address.address, port: address.port },
    stop: () => server.stop(),
  };
}
