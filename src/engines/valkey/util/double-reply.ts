/**
 * Double replies in the emulated version's notation: redis 7.0 prints `%.17g` (ZSCORE of 0.1 is
 * `0.10000000000000001`), 7.2 and Valkey print d2string's Grisu2 form (`0.1`).
 */
import { formatDouble72 } from './grisu-double';
import { formatDouble17 } from '../../resp/format-double';
import type { Client } from '../server/client';
import type { ValkeyServer } from '../server/server';

export type DoubleFormat = (d: number) => string;

const FORMATS = new WeakMap<ValkeyServer, DoubleFormat>();

/** The server's double notation (decided once per server). */
export function doubleFormatOf(server: ValkeyServer): DoubleFormat {
  let f = FORMATS.get(server);
  if (f === undefined) {
    f = server.since72 ? formatDouble72 : formatDouble17;
    FORMATS.set(server, f);
  }
  return f;
}

/** addReplyDouble: `,x` in RESP3, a bulk string in RESP2. */
export function replyDouble(c: Client, d: number): void {
  c.out.doubleString(doubleFormatOf(c.server)(d));
}
