/** preview2-shim's wasi:http/types, as far as serving needs it. */
interface ShimHttpTypes {
  Fields: new () => unknown;
  OutgoingResponse: (new (headers: unknown) => ShimOutgoingResponse) & { prototype: ShimOutgoingResponse };
  OutgoingBody: { finish(body: unknown, trailers: unknown): void };
  ResponseOutparam: {
    set(param: unknown, response: { tag: 'ok'; val: ShimOutgoingResponse } | { tag: 'err'; val: unknown }): void;
  };
}

interface ShimOutgoingResponse {
  setStatusCode(code: number): void;
  statusCode(): number;
  body(): ShimOutgoingBody;
}

interface ShimOutgoingBody {
  write(): { blockingWriteAndFlush(bytes: Uint8Array): void; [Symbol.dispose]?(): void };
}

export interface ResponseWatch {
  /** The status the response for this outparam was set with, once it was set. */
  statusOf(responseOut: unknown): number | undefined;
  /**
   * When the guest sets a 500 answer for this outparam, `text()` is asked first: a text replaces
   * that answer with a 500 of this plain text (the guest's own carried nothing of the failure).
   */
  onFailedAnswer(responseOut: unknown, text: () => string | undefined): void;
  /** Answers with `status` and a plain-text body from the host side, for a handler that failed before answering. */
  answerWithError(responseOut: unknown, status: number, text: string): void;
  /**
   * Ends the body the host opened for a response set without one (see `watchResponses`), once the
   * handler has returned without asking for that body itself: the client gets an empty body.
   */
  finishUnclaimedBody(responseOut: unknown): void;
}

let watch: ResponseWatch | undefined;

/**
 * Wraps two functions of the shim's wasi:http/types (once per process), the places every
 * handler style passes through:
 * - `ResponseOutparam.set`, to note each response's status for the access log.
 * - Responses set before their `body()` was asked for. WASI allows that (a response without a
 *   body, such as StarlingMonkey's `Response.redirect()` or a `null` body), but the shim's HTTP
 *   server reads the body's stream while `set` runs and throws when there is none, so the
 *   response never reaches the client and the request hangs. So the body is opened here just
 *   before `set`; a later `body()` from the guest gets that same body (its stream is the one the
 *   server reads), and one the guest never asks for is finished empty after the handler returns.
 */
export async function watchResponses(): Promise<ResponseWatch> {
  if (watch) return watch;
  const types = await shimTypes();
  const statuses = new WeakMap<object, number>();
  const claimed = new WeakSet<object>();
  // Bodies opened here, by response until the guest asks for them, and by outparam.
  const opened = new WeakMap<object, ShimOutgoingBody>();
  const openedFor = new WeakMap<object, ShimOutgoingResponse>();
  const body = types.OutgoingResponse.prototype.body;
  types.OutgoingResponse.prototype.body = function (this: ShimOutgoingResponse) {
    claimed.add(this);
    const existing = opened.get(this);
    if (!existing) return body.call(this);
    opened.delete(this);
    return existing;
  };
  const set = types.ResponseOutparam.set.bind(types.ResponseOutparam);
  const failedAnswers = new WeakMap<object, () => string | undefined>();
  types.ResponseOutparam.set = (param, response) => {
    const failed = failedAnswers.get(param as object);
    failedAnswers.delete(param as object);
    const replacement = failed && response.tag === 'ok' && response.val.statusCode() === 500 ? failed() : undefined;
    if (replacement !== undefined) return answer(types, param, 500, replacement);
    if (response.tag === 'ok' && !claimed.has(response.val)) {
      opened.set(response.val, body.call(response.val));
      openedFor.set(param as object, response.val);
    }
    set(param, response);
    statuses.set(param as object, response.tag === 'ok' ? response.val.statusCode() : 500);
  };
  watch = {
    statusOf: (param) => statuses.get(param as object),
    onFailedAnswer: (param, text) => void failedAnswers.set(param as object, text),
    answerWithError: (param, status, text) => answer(types, param, status, text),
    finishUnclaimedBody(param) {
      const response = openedFor.get(param as object);
      const unclaimed = response && opened.get(response);
      if (!response || !unclaimed) return;
      opened.delete(response);
      types.OutgoingBody.finish(unclaimed, undefined);
    },
  };
  return watch;
}

function answer(types: ShimHttpTypes, responseOut: unknown, status: number, text: string): void {
  const response = new types.OutgoingResponse(new types.Fields());
  response.setStatusCode(status);
  const body = response.body();
  types.ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const stream = body.write();
  stream.blockingWriteAndFlush(new TextEncoder().encode(text));
  stream[Symbol.dispose]?.();
  types.OutgoingBody.finish(body, undefined);
}

async function shimTypes(): Promise<ShimHttpTypes> {
  return ((await import('@bytecodealliance/preview2-shim/http')) as unknown as { types: ShimHttpTypes }).types;
}
