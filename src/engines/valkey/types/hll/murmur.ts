/**
 * MurmurHash64A with redis' seed (0xadc83b19), in 32-bit halves so no BigInt is needed, and
 * redis' hllPatLen on top of it: the register an element lands in and the length of its
 * `000…1` run. Results are left in module variables to avoid allocating per element.
 */

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const SEED = 0xadc83b19;
const P_MASK = (1 << 14) - 1;
// Module-level references: global lookups are slow in sandboxed contexts (vm, test runners).
const imul = Math.imul;
const clz32 = Math.clz32;

let mulHi = 0;
let mulLo = 0;

/** Low 64 bits of (aHi:aLo) * (bHi:bLo), into mulHi:mulLo. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  mulLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const carry = (mid >>> 16) + (p01 >>> 16) + (p10 >>> 16) + a1 * b1;
  mulHi = (carry + imul(aHi, bLo) + imul(aLo, bHi)) >>> 0;
}

let hashHi = 0;
let hashLo = 0;

/** Mixes one 8-byte block into the hash state. */
function mixBlock(kHi: number, kLo: number): void {
  mul64(kHi, kLo, M_HI, M_LO);
  kHi = mulHi;
  kLo = (mulLo ^ (mulHi >>> 15)) >>> 0;
  mul64(kHi, kLo, M_HI, M_LO);
  mul64((hashHi ^ mulHi) >>> 0, (hashLo ^ mulLo) >>> 0, M_HI, M_LO);
  hashHi = mulHi;
  hashLo = mulLo;
}

function finish(): void {
  hashLo = (hashLo ^ (hashHi >>> 15)) >>> 0;
  mul64(hashHi, hashLo, M_HI, M_LO);
  hashHi = mulHi;
  hashLo = (mulLo ^ (mulHi >>> 15)) >>> 0;
}

function start(len: number): void {
  mul64(0, len, M_HI, M_LO);
  hashHi = mulHi;
  hashLo = (mulLo ^ SEED) >>> 0;
}

/** MurmurHash64A of a latin1 string's bytes; the result is in `hashHi`/`hashLo` (see hash64). */
function murmurString(s: string): void {
  const len = s.length;
  start(len);
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    const lo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    const hi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mixBlock(hi, lo);
  }
  const rest = len & 7;
  if (rest > 0) {
    let hi = hashHi;
    let lo = hashLo;
    for (let i = rest - 1; i >= 0; i--) {
      const byte = s.charCodeAt(blocks + i);
      if (i >= 4) hi ^= byte << (8 * (i - 4));
      else lo ^= byte << (8 * i);
    }
    mul64(hi >>> 0, lo >>> 0, M_HI, M_LO);
    hashHi = mulHi;
    hashLo = mulLo;
  }
  finish();
}

/** The 64-bit hash of a string as [hi, lo] (for tests and tools). */
export function hash64(s: string): [number, number] {
  murmurString(s);
  return [hashHi, hashLo];
}

/** Register index of the last element passed to patLen/patLen64. */
export const pat = { index: 0 };

function patFromHash(): number {
  pat.index = hashLo & P_MASK;
  // Drop the 14 index bits and set bit 50 so the run ends by 51.
  const lo = ((hashLo >>> 14) | (hashHi << 18)) >>> 0;
  const hi = (hashHi >>> 14) | (1 << 18);
  if (lo !== 0) return 32 - clz32(lo & -lo);
  return 64 - clz32(hi & -hi);
}

/** redis hllPatLen for an element: returns the run length; the register is in `pat.index`. */
export function patLen(s: string): number {
  murmurString(s);
  return patFromHash();
}

/** hllPatLen for an 8-byte little-endian element given as two 32-bit words (PFSELFTEST). */
export function patLen64(hi: number, lo: number): number {
  start(8);
  mixBlock(hi >>> 0, lo >>> 0);
  finish();
  return patFromHash();
}
