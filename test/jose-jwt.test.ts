// jose's JWTs on both engines, as in Node (issue 27): fixtures/jose is built once per engine and
// the same module runs here in Node. HS256, RS256, PS256, ES256 and EdDSA: keys made in Node sign
// in the component and its tokens verify in Node; Node's tokens verify in the component; keys
// generated in the component export as JWK and verify in Node. HS256, RS256 and EdDSA signatures
// are deterministic, so those tokens must be byte-for-byte Node's.
import { join } from 'node:path';
import { exportJWK, generateKeyPair, generateSecret } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { type LoadedComponent, loadComponent } from '../dist/test.js';
import { FIXTURES } from './helpers/build-fixture.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const ALGORITHMS = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const;
const DETERMINISTIC = new Set(['HS256', 'RS256', 'EdDSA']);
const CLAIMS = JSON.stringify({ sub: 'user-1', scope: ['read', 'write'], n: 42 });

interface Jose {
  sign(alg: string, jwk: string, claims: string): Promise<string>;
  verify(alg: string, jwk: string, token: string): Promise<string>;
  generate(alg: string, claims: string): Promise<string>;
}
interface NodeKeys {
  signing: string;
  verifying: string;
  token: string;
  payload: string;
}

let components: LoadedComponent<Jose>[];
let node: Jose;
const keys = new Map<string, NodeKeys>();

beforeAll(async () => {
  components = await loadComponent<Jose>(join(FIXTURES, 'jose/app.ts'), {
    wit: join(FIXTURES, 'jose/world.wit'),
    engine: ENGINES,
  });
  node = (await import('../fixtures/jose/app.ts')) as Jose;
  for (const alg of ALGORITHMS) {
    const [signing, verifying] = alg.startsWith('HS')
      ? Array(2).fill(await exportJWK(await generateSecret(alg, { extractable: true })))
      : await generateKeyPair(alg, { extractable: true }).then((pair) =>
          Promise.all([exportJWK(pair.privateKey), exportJWK(pair.publicKey)]),
        );
    const token = await node.sign(alg, JSON.stringify(signing), CLAIMS);
    const payload = await node.verify(alg, JSON.stringify(verifying), token);
    keys.set(alg, { signing: JSON.stringify(signing), verifying: JSON.stringify(verifying), token, payload });
  }
});

/** The token with its signature's first byte changed. */
function tampered(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
}

describe.each(ENGINES)('jose on %s', (engine) => {
  const component = () => components.find((c) => c.engine === engine)!.exports;

  test.each(ALGORITHMS)('%s: a key made in Node signs in the component, and Node verifies the token', async (alg) => {
    const { signing, verifying, token, payload } = keys.get(alg)!;
    expect(payload).toContain('"sub":"user-1"');
    const signed = await component().sign(alg, signing, CLAIMS);
    expect(await node.verify(alg, verifying, signed)).toBe(payload);
    if (DETERMINISTIC.has(alg)) expect(signed).toBe(token);
  });

  test.each(ALGORITHMS)("%s: Node's token verifies in the component, a tampered one fails as in Node", async (alg) => {
    const { verifying, token, payload } = keys.get(alg)!;
    expect(await component().verify(alg, verifying, token)).toBe(payload);
    const nodeRefusal = await node.verify(alg, verifying, tampered(token));
    expect(nodeRefusal).toBe('error: ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await component().verify(alg, verifying, tampered(token))).toBe(nodeRefusal);
  });

  test.each(ALGORITHMS)(
    '%s: a key generated in the component exports as JWK and its token verifies in Node',
    async (alg) => {
      const { jwk, token } = JSON.parse(await component().generate(alg, CLAIMS)) as { jwk: object; token: string };
      expect(await node.verify(alg, JSON.stringify(jwk), token)).toBe(keys.get(alg)!.payload);
    },
  );
});
