/**
 * The SubtleCrypto object: argument checks the spec does before any algorithm runs, dispatch
 * to the providers it was built with, and Promises around synchronous work. Only the providers
 * passed in are bundled, so an app that needs HMAC alone does not carry RSA (see index.ts).
 */
import { type Alg, type Context, type Jwk, type KeyFormat, normalize, type Provider } from './algorithm.js';
import { bytesOf, toArrayBuffer, utf8Decode, utf8Encode } from './bytes.js';
import { asOperationError, fail } from './errors.js';
import { digest as digestBytes } from './hash.js';
import { type CryptoKey, type CryptoKeyPair, type KeyUsage, materialOf, readUsages } from './key.js';

export interface SubtleOptions {
  /**
   * Fills a Uint8Array with cryptographically secure random bytes; asked for at most 65536 per
   * call. Called as a plain function: pass `(a) => crypto.getRandomValues(a)`, not the unbound
   * method (on engines where it checks its `this`). The only randomness this SubtleCrypto uses.
   */
  getRandomValues: (array: Uint8Array) => unknown;
}

const FORMATS: readonly KeyFormat[] = ['raw', 'spki', 'pkcs8', 'jwk'];

/** Runs `fn` as a Promise: a throw becomes a rejection, and a primitive's failure an OperationError. */
function run<T>(fn: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn())).catch((e: unknown) => Promise.reject(asOperationError(e)));
}

/** `then()` once the provider's lazily loaded part is in (aes.ts says why AES has one). */
function loaded<T>(p: Provider, then: () => T): T | Promise<T> {
  return p.load ? p.load().then(then) : then();
}

export function createSubtleWith(options: SubtleOptions, providers: readonly Provider[]) {
  const byName = new Map<string, Provider>();
  for (const p of providers) for (const n of p.names) byName.set(n, p);
  const names = [...byName.keys()];
  const ctx: Context = {
    random(n) {
      const out = new Uint8Array(n);
      for (let at = 0; at < n; at += 65536) options.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
      return out;
    },
  };

  const algorithm = (alg: unknown): [Alg, Provider] => {
    const a = normalize(alg, names);
    return [a, byName.get(a.name)!];
  };
  const op = <K extends keyof Provider>(p: Provider, name: K): NonNullable<Provider[K]> =>
    p[name] ?? fail('NotSupportedError', `${p.names[0]} does not support ${name}`);

  /** The key is one of ours, made for this algorithm, with this usage (else InvalidAccessError). */
  function checkKey(key: CryptoKey, alg: Alg, usage: KeyUsage): void {
    materialOf(key);
    if (key.algorithm.name !== alg.name)
      fail('InvalidAccessError', `the key is for ${key.algorithm.name}, not ${alg.name}`);
    if (!key.usages.includes(usage)) fail('InvalidAccessError', `the key's usages do not include ${usage}`);
  }

  function readFormat(format: unknown): KeyFormat {
    if (!FORMATS.includes(format as KeyFormat)) throw new TypeError(`unknown key format "${String(format)}"`);
    return format as KeyFormat;
  }

  function importKeySync(
    format: KeyFormat,
    keyData: unknown,
    alg: Alg,
    p: Provider,
    extractable: boolean,
    usages: KeyUsage[],
  ): CryptoKey {
    let data: Uint8Array | Jwk;
    if (format === 'jwk') {
      if (
        typeof keyData !== 'object' ||
        keyData === null ||
        ArrayBuffer.isView(keyData) ||
        keyData instanceof ArrayBuffer
      )
        throw new TypeError('jwk keyData must be an object');
      data = keyData as Jwk;
    } else data = bytesOf(keyData, 'keyData');
    const key = op(p, 'importKey')(format, data, alg, Boolean(extractable), usages, ctx);
    if ((key.type === 'secret' || key.type === 'private') && usages.length === 0)
      fail('SyntaxError', 'usages must not be empty');
    return key;
  }

  function exportKeySync(format: KeyFormat, key: CryptoKey): Uint8Array | Jwk {
    materialOf(key);
    const p = byName.get(key.algorithm.name) ?? fail('NotSupportedError', 'unknown key algorithm');
    if (!key.extractable) fail('InvalidAccessError', 'the key is not extractable');
    return op(p, 'exportKey')(format, key, ctx);
  }

  function deriveBitsSync(alg: Alg, p: Provider, key: CryptoKey, length: number | null, usage: KeyUsage): Uint8Array {
    const fn = op(p, 'deriveBits');
    checkKey(key, alg, usage);
    return fn(alg, key, length, ctx);
  }

  return {
    digest: (alg: unknown, data: unknown) => run(() => toArrayBuffer(digestBytes(alg, bytesOf(data)))),

    encrypt: (alg: unknown, key: CryptoKey, data: unknown) =>
      run(() => {
        const [a, p] = algorithm(alg);
        const fn = op(p, 'encrypt');
        checkKey(key, a, 'encrypt');
        const bytes = bytesOf(data);
        return loaded(p, () => toArrayBuffer(fn(a, key, bytes, ctx)));
      }),
    decrypt: (alg: unknown, key: CryptoKey, data: unknown) =>
      run(() => {
        const [a, p] = algorithm(alg);
        const fn = op(p, 'decrypt');
        checkKey(key, a, 'decrypt');
        const bytes = bytesOf(data);
        return loaded(p, () => toArrayBuffer(fn(a, key, bytes, ctx)));
      }),
    sign: (alg: unknown, key: CryptoKey, data: unknown) =>
      run(() => {
        const [a, p] = algorithm(alg);
        const fn = op(p, 'sign');
        checkKey(key, a, 'sign');
        return toArrayBuffer(fn(a, key, bytesOf(data), ctx));
      }),
    verify: (alg: unknown, key: CryptoKey, signature: unknown, data: unknown) =>
      run(() => {
        const [a, p] = algorithm(alg);
        const fn = op(p, 'verify');
        checkKey(key, a, 'verify');
        return fn(a, key, bytesOf(signature, 'signature'), bytesOf(data), ctx);
      }),

    generateKey: (alg: unknown, extractable: boolean, keyUsages: KeyUsage[]): Promise<CryptoKey | CryptoKeyPair> =>
      run(() => {
        const usages = readUsages(keyUsages);
        const [a, p] = algorithm(alg);
        const result = op(p, 'generateKey')(a, Boolean(extractable), usages, ctx);
        const secretOrPrivate = 'privateKey' in result ? result.privateKey : result;
        if (secretOrPrivate.usages.length === 0) fail('SyntaxError', 'usages must not be empty');
        return result;
      }),

    importKey: (format: KeyFormat, keyData: unknown, alg: unknown, extractable: boolean, keyUsages: KeyUsage[]) =>
      run(() => {
        const f = readFormat(format);
        const usages = readUsages(keyUsages);
        const [a, p] = algorithm(alg);
        return importKeySync(f, keyData, a, p, extractable, usages);
      }),

    exportKey: (format: KeyFormat, key: CryptoKey): Promise<ArrayBuffer | Jwk> =>
      run(() => {
        const out = exportKeySync(readFormat(format), key);
        return out instanceof Uint8Array ? toArrayBuffer(out) : out;
      }),

    deriveBits: (alg: unknown, baseKey: CryptoKey, length?: number | null) =>
      run(() => {
        const [a, p] = algorithm(alg);
        return toArrayBuffer(deriveBitsSync(a, p, baseKey, length ?? null, 'deriveBits'));
      }),

    deriveKey: (
      alg: unknown,
      baseKey: CryptoKey,
      derivedKeyType: unknown,
      extractable: boolean,
      keyUsages: KeyUsage[],
    ) =>
      run(() => {
        const usages = readUsages(keyUsages);
        const [a, p] = algorithm(alg);
        const [target, targetProvider] = algorithm(derivedKeyType);
        const length = op(targetProvider, 'keyLength')(target);
        const bits = deriveBitsSync(a, p, baseKey, length, 'deriveKey');
        return importKeySync('raw', bits, target, targetProvider, extractable, usages);
      }),

    wrapKey: (format: KeyFormat, key: CryptoKey, wrappingKey: CryptoKey, wrapAlgorithm: unknown) =>
      run(() => {
        const f = readFormat(format);
        const [a, p] = algorithm(wrapAlgorithm);
        checkKey(wrappingKey, a, 'wrapKey');
        const exported = exportKeySync(f, key);
        const bytes = exported instanceof Uint8Array ? exported : utf8Encode(JSON.stringify(exported));
        const wrap = p.wrapKey ?? ((x: Alg, k: CryptoKey, d: Uint8Array) => op(p, 'encrypt')(x, k, d, ctx));
        return loaded(p, () => toArrayBuffer(wrap.call(p, a, wrappingKey, bytes, ctx)));
      }),

    unwrapKey: (
      format: KeyFormat,
      wrappedKey: unknown,
      unwrappingKey: CryptoKey,
      unwrapAlgorithm: unknown,
      unwrappedKeyAlgorithm: unknown,
      extractable: boolean,
      keyUsages: KeyUsage[],
    ) =>
      run(() => {
        const f = readFormat(format);
        const usages = readUsages(keyUsages);
        const [a, p] = algorithm(unwrapAlgorithm);
        const [target, targetProvider] = algorithm(unwrappedKeyAlgorithm);
        checkKey(unwrappingKey, a, 'unwrapKey');
        const unwrap = p.unwrapKey ?? op(p, 'decrypt');
        const wrapped = bytesOf(wrappedKey, 'wrappedKey');
        return loaded(p, () => {
          const bytes = unwrap.call(p, a, unwrappingKey, wrapped, ctx);
          let data: unknown = bytes;
          if (f === 'jwk') {
            try {
              data = JSON.parse(utf8Decode(bytes));
            } catch {
              fail('DataError', 'the unwrapped key is not JSON');
            }
          }
          return importKeySync(f, data, target, targetProvider, extractable, usages);
        });
      }),
  };
}

export type Subtle = ReturnType<typeof createSubtleWith>;
