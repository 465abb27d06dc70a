/**
 * Per-key-prefix counters (`stats detail on|off|dump`, memcached's stats_prefix.c). A prefix is
 * the part of the key before the first delimiter (`:` by default); keys without one are not
 * counted. The dump lists prefixes in memcached's order: by hash bucket, newest first in a bucket.
 */
import { murmur3 } from './hash';

const PREFIX_HASH_SIZE = 256;

interface PrefixCounters {
  readonly prefix: string;
  get: number;
  hit: number;
  set: number;
  del: number;
}

export class PrefixStats {
  private readonly buckets: PrefixCounters[][] = Array.from({ length: PREFIX_HASH_SIZE }, () => []);
  private total = 0;

  constructor(private readonly delimiter: () => number) {}

  recordGet(key: Uint8Array, start: number, len: number, hit: boolean): void {
    const p = this.find(key, start, len);
    if (!p) return;
    p.get++;
    if (hit) p.hit++;
  }

  recordSet(key: Uint8Array, start: number, len: number): void {
    const p = this.find(key, start, len);
    if (p) p.set++;
  }

  recordDelete(key: Uint8Array, start: number, len: number): void {
    const p = this.find(key, start, len);
    if (p) p.del++;
  }

  clear(): void {
    for (const b of this.buckets) b.length = 0;
    this.total = 0;
  }

  /** The `stats detail dump` body, ending with END. */
  dump(): string {
    let out = '';
    for (const b of this.buckets) {
      for (const p of b) out += `PREFIX ${p.prefix} get ${p.get} hit ${p.hit} set ${p.set} del ${p.del}\r\n`;
    }
    return out + 'END\r\n';
  }

  get count(): number {
    return this.total;
  }

  private find(key: Uint8Array, start: number, len: number): PrefixCounters | undefined {
    const delim = this.delimiter();
    let n = 0;
    while (n < len && key[start + n] !== 0 && key[start + n] !== delim) n++;
    if (n === len || n === 0 || key[start + n] === 0) return undefined;
    const bucket = this.buckets[murmur3(key, start, n) % PREFIX_HASH_SIZE];
    const prefix = Buffer.from(key.buffer, key.byteOffset + start, n).toString('latin1');
    let p = bucket.find((x) => x.prefix === prefix);
    if (!p) {
      p = { prefix, get: 0, hit: 0, set: 0, del: 0 };
      bucket.unshift(p);
      this.total++;
    }
    return p;
  }
}
