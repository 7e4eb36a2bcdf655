/** preview2-shim's wasi:http/types, as far as serving needs it. */
interface ShimHttpTypes {
  Fields: new () => unknown;
  OutgoingResponse: new (headers: unknown) => { setStatusCode(code: number): void; statusCode(): number; body(): { write(): { blockingWriteAndFlush(bytes: Uint8Array): void; [Symbol.dispose]?(): void } } };
  OutgoingBody: { finish(body: unknown, trailers: unknown): void };
  ResponseOutparam: { set(param: unknown, response: { tag: 'ok'; val: { statusCode(): number } } | { tag: 'err'; val: unknown }): void };
}

export interface ResponseWatch {
  /** The status the response for this outparam was set with, once it was set. */
  statusOf(responseOut: unknown): number | undefined;
  /** Answers with `status` and a plain-text body from the host side, for a handler that failed before answering. */
  answerWithError(responseOut: unknown, status: number, text: string): void;
}

let watch: ResponseWatch | undefined;

/**
 * The status of each response, for the access log. The component sets its response through the
 * shim's `ResponseOutparam.set`, the one place every handler style passes through, so the shim's
 * function is wrapped (once per process) to note the status per outparam.
 */
export async function watchResponses(): Promise<ResponseWatch> {
  if (watch) return watch;
  const types = await shimTypes();
  const statuses = new WeakMap<object, number>();
  const set = types.ResponseOutparam.set.bind(types.ResponseOutparam);
  types.ResponseOutparam.set = (param, response) => {
    statuses.set(param as object, response.tag === 'ok' ? response.val.statusCode() : 500);
    set(param, response);
  };
  watch = { statusOf: (param) => statuses.get(param as object), answerWithError: (param, status, text) => answer(types, param, status, text) };
  return watch;
}

function answer(types: ShimHttpTypes, responseOut: unknown, status: number, text: string): void {
  {
    const response = new types.OutgoingResponse(new types.Fields());
    response.setStatusCode(status);
    const body = response.body();
    types.ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
    const stream = body.write();
    stream.blockingWriteAndFlush(new TextEncoder().encode(text));
    stream[Symbol.dispose]?.();
    types.OutgoingBody.finish(body, undefined);
  }
}

async function shimTypes(): Promise<ShimHttpTypes> {
  return ((await import('@bytecodealliance/preview2-shim/http')) as unknown as { types: ShimHttpTypes }).types;
}
