/**
 * RSA arithmetic on BigInt: modular exponentiation, inverses, prime generation and the CRT
 * private operation.
 *
 * Why not a package: micro-rsa-dsa-dh@0.2.3 (the maintained pure-JS candidate) draws its prime
 * candidates, PSS salts and OAEP seeds from @noble/hashes' randomBytes, i.e. from
 * globalThis.crypto, not from an injected source; its keygen keeps only (n, d), so pkcs8/JWK
 * export and the 3-4x faster CRT signing are out of reach; and it refuses moduli below 2048 bits.
 * What is left here is textbook (RFC 8017 §5, FIPS 186-5 B.3.1 Miller-Rabin) and small.
 *
 * Cost (docs/web-crypto.md): a 2048-bit key takes ~0.2-0.4 s to generate in V8, ~0.5-2 s in
 * QuickJS and ~2-10 s in StarlingMonkey (a random prime search: it varies run to run); signing
 * or decrypting with it, ~7 ms in V8 and 10-45 ms in the guests.
 */
import { toBigInt } from './bytes.js';

export interface RsaKeyData {
  n: bigint;
  e: bigint;
  d?: bigint;
  p?: bigint;
  q?: bigint;
  dp?: bigint;
  dq?: bigint;
  qi?: bigint;
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** base^exp mod m with a fixed 4-bit window: a quarter of the multiplications of square-and-multiply. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  const b = ((base % m) + m) % m;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * b) % m);
  let r = 1n;
  for (const digit of exp.toString(16)) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    const w = parseInt(digit, 16);
    if (w) r = (r * table[w]!) % m;
  }
  return r;
}

/** a^-1 mod m (extended Euclid); 0n when there is no inverse. */
export function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return r0 === 1n ? ((s0 % m) + m) % m : 0n;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

// Trial division first: it rejects ~85% of odd candidates for the price of a few BigInt remainders.
// Primes are grouped so each group's product stays below 2^53, then checked with Number arithmetic.
// Built on first use: a top-level loop would stay in every bundle, RSA or not (a side effect).
let groups: { product: bigint; primes: number[] }[] | undefined;

function smallPrimeGroups(): { product: bigint; primes: number[] }[] {
  if (groups) return groups;
  const small: number[] = [];
  for (let n = 3; n < 1000; n += 2) if (small.every((p) => n % p !== 0)) small.push(n);
  groups = [];
  for (let i = 0; i < small.length; ) {
    const primes: number[] = [];
    let product = 1;
    while (i < small.length && product * small[i]! < 2 ** 53) (product *= small[i]!), primes.push(small[i++]!);
    groups.push({ product: BigInt(product), primes });
  }
  return groups;
}

function hasSmallFactor(n: bigint): boolean {
  for (const g of smallPrimeGroups()) {
    const r = Number(n % g.product);
    for (const p of g.primes) if (r % p === 0 && n !== BigInt(p)) return true;
  }
  return false;
}

/** Miller-Rabin with random bases; `rounds` as FIPS 186-5 Table B.1 asks for primes of this size. */
function millerRabin(n: bigint, rounds: number, random: (n: number) => Uint8Array): boolean {
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) (d >>= 1n), s++;
  const len = Math.ceil(bitLength(n) / 8);
  for (let i = 0; i < rounds; i++) {
    const a = (toBigInt(random(len)) % (n - 3n)) + 2n;
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let j = 1; j < s && composite; j++) {
      x = (x * x) % n;
      if (x === n - 1n) composite = false;
    }
    if (composite) return false;
  }
  return true;
}

/** A random prime of exactly `bits` bits, top two bits set (so p*q has the full length), p-1 coprime to e. */
function randomPrime(bits: number, e: bigint, random: (n: number) => Uint8Array): bigint {
  const rounds = bits >= 1024 ? 5 : bits >= 512 ? 7 : 10;
  const extra = BigInt(Math.ceil(bits / 8) * 8 - bits);
  for (;;) {
    let c = toBigInt(random(Math.ceil(bits / 8))) >> extra;
    c |= (3n << BigInt(bits - 2)) | 1n;
    if (hasSmallFactor(c) || gcd(c - 1n, e) !== 1n) continue;
    if (millerRabin(c, rounds, random)) return c;
  }
}

export function generateRsa(bits: number, e: bigint, random: (n: number) => Uint8Array): Required<RsaKeyData> {
  for (;;) {
    const p = randomPrime(bits - (bits >> 1), e, random);
    const q = randomPrime(bits >> 1, e, random);
    const n = p * q;
    if (p === q || bitLength(n) !== bits) continue;
    // d modulo lcm(p-1, q-1) (Carmichael), as OpenSSL does: the smallest valid private exponent.
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInv(e, lambda);
    if (d === 0n) continue;
    return { n, e, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qi: modInv(q, p) };
  }
}

interface Blinding {
  /** r^e mod n */
  rE: bigint;
  /** r^-1 mod n */
  rInv: bigint;
  uses: number;
}

const blindings = new WeakMap<RsaKeyData, Blinding>();

/**
 * A blinding pair for the key. A fresh r costs a modular inverse (~5 ms at 2048 bits in V8, more
 * than the signature); so, as OpenSSL does, the pair is squared for the next use and drawn anew
 * every 32 uses.
 */
function nextBlinding(k: RsaKeyData, random: (n: number) => Uint8Array): Blinding {
  const b = blindings.get(k);
  if (b && b.uses < 32) {
    b.rE = (b.rE * b.rE) % k.n;
    b.rInv = (b.rInv * b.rInv) % k.n;
    b.uses++;
    return b;
  }
  const len = Math.ceil(bitLength(k.n) / 8);
  for (;;) {
    const r = (toBigInt(random(len)) % (k.n - 2n)) + 2n;
    const rInv = modInv(r, k.n);
    if (rInv === 0n) continue;
    const fresh = { rE: modPow(r, k.e, k.n), rInv, uses: 1 };
    blindings.set(k, fresh);
    return fresh;
  }
}

/**
 * The private operation m = c^d mod n, by the CRT when the key has its primes (about 3x faster),
 * on a blinded input c * r^e, unblinded by r^-1 after. BigInt arithmetic is not constant-time;
 * blinding at least keeps the timing from depending on the (attacker-chosen) input.
 */
export function rsaPrivate(k: RsaKeyData, c: bigint, random: (n: number) => Uint8Array): bigint {
  const { rE, rInv } = nextBlinding(k, random);
  const blinded = (c * rE) % k.n;
  let m: bigint;
  if (k.p === undefined || k.q === undefined || k.dp === undefined || k.dq === undefined || k.qi === undefined)
    m = modPow(blinded, k.d!, k.n);
  else {
    const m1 = modPow(blinded % k.p, k.dp, k.p);
    const m2 = modPow(blinded % k.q, k.dq, k.q);
    const h = (((k.qi * (m1 - m2)) % k.p) + k.p) % k.p;
    m = m2 + h * k.q;
  }
  // A key imported with inconsistent CRT members would give a wrong result, and a wrong RSA
  // signature can leak a prime (Bellcore attack): check with the cheap public operation.
  if (modPow(m, k.e, k.n) !== blinded) throw new Error('RSA private key is inconsistent');
  return (m * rInv) % k.n;
}
