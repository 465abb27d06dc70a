import { createHmac, randomBytes } from 'crypto';

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';

/**
 * Deterministic randomness for one simulator: every generated name, id, hash or password is a
 * pure function of the simulator's seed and a key naming what it is for, so values are stable
 * for a seed and do not depend on the order in which resources are evaluated.
 */
export class SeededRandom {
  /** A fresh random seed, for a simulator that was not given one. */
  public static newSeed(): string {
    return randomBytes(12).toString('hex');
  }

  constructor(public readonly seed: string) {}

  /** `count` pseudo-random bytes for `key` (HMAC-SHA256 in counter mode). */
  public bytes(key: string, count: number): Buffer {
    const chunks: Buffer[] = [];
    for (let block = 0; chunks.length * 32 < count; block++) {
      chunks.push(createHmac('sha256', this.seed).update(`${key}\u0000${block}`).digest());
    }
    return Buffer.concat(chunks).subarray(0, count);
  }

  /** A stream of unbiased integers in `[0, bound)` for `key` (32-bit words, rejection sampling). */
  public *integers(key: string, bound: number): Generator<number> {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new Error(`bound ${bound} out of range`);
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (let round = 0; ; round++) {
      const block = this.bytes(`${key}#${round}`, 64);
      for (let offset = 0; offset < block.length; offset += 4) {
        const word = block.readUInt32BE(offset);
        if (word < limit) yield word % bound;
      }
    }
  }

  /** A string of `length` characters from `alphabet`, stable for `key`. */
  public string(key: string, alphabet: string, length: number): string {
    let out = '';
    for (const index of this.integers(key, alphabet.length)) {
      if (out.length >= length) break;
      out += alphabet[index];
    }
    return out;
  }

  /** A version-4 style UUID, stable for `key`. */
  public uuid(key: string): string {
    /* eslint-disable no-bitwise -- setting the UUID version and variant bits */
    const b = this.bytes(`uuid:${key}`, 16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    /* eslint-enable no-bitwise */
    const hex = b.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
