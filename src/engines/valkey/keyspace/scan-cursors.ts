/**
 * SSCAN's cursors over the JavaScript Map of a hashtable-encoded set (SCAN, HSCAN and ZSCAN walk
 * their KeyDict with its own bucket cursor instead), and `parseCursor` for all four. A Map
 * iterator stays valid while the Map changes (deleted entries are skipped, added ones visited
 * once), so a scan that keeps its iterator returns every element present for the whole scan at
 * least once — the guarantee redis' reverse binary cursor gives. Cursors encode the number of
 * entries consumed (low 32 bits) and a nonce, so a cursor whose iterator was dropped (or one made
 * up by a client) resumes by position.
 */

const POSITION_SPACE = 2 ** 32;
const MAX_SESSIONS = 4096;

type Scannable<K> = Map<K, unknown> | Set<K>;

interface Session {
  readonly collection: Scannable<unknown>;
  readonly iterator: Iterator<unknown>;
  position: number;
  /** One entry read ahead to know whether the scan is over. */
  lookahead: { value: unknown } | undefined;
}

export interface ScanPage<K> {
  /** Cursor to continue with; 0 when the scan is complete. */
  readonly cursor: number;
  readonly items: K[];
}

/** Parses a cursor as redis does (strtoul): digits with an optional sign; undefined when invalid. */
export function parseCursor(s: string): number | undefined {
  if (s.length > 0 && /\s/.test(s[0])) return undefined;
  const m = /^([+-]?)(\d*)$/.exec(s);
  if (!m || (m[1] !== '' && m[2] === '')) return undefined;
  if (m[2] === '') return 0;
  const v = BigInt(m[2]);
  if (v > 18446744073709551615n) return undefined;
  const unsigned = m[1] === '-' && v !== 0n ? 18446744073709551616n - v : v;
  return Number(unsigned);
}

export class ScanCursors {
  private readonly sessions = new Map<number, Session>();

  /**
   * Takes up to `count` entries (keys for Maps, members for Sets) from where `cursor` left off.
   * Returns the next cursor (0 at the end) and the entries visited. One entry is read ahead, so an
   * entry deleted between two calls can still be returned: callers check that it exists.
   */
  public next<K>(collection: Scannable<K>, cursor: number, count: number): ScanPage<K> {
    let session = cursor === 0 ? undefined : this.sessions.get(cursor);
    this.sessions.delete(cursor);
    if (!session || session.collection !== collection) {
      const iterator = collection.keys();
      const skip = cursor === 0 ? 0 : cursor % POSITION_SPACE;
      for (let i = 0; i < skip; i++) if (iterator.next().done) break;
      session = { collection, iterator, position: skip, lookahead: undefined };
    }
    const items: K[] = [];
    const it = session.iterator as Iterator<K>;
    if (session.lookahead) {
      items.push(session.lookahead.value as K);
      session.lookahead = undefined;
    }
    while (items.length < count) {
      const n = it.next();
      if (n.done) return { cursor: 0, items };
      items.push(n.value);
    }
    const peek = it.next();
    if (peek.done) return { cursor: 0, items };
    session.lookahead = { value: peek.value };
    session.position += items.length;
    const next = this.newCursor(session.position);
    this.sessions.set(next, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as number);
    return { cursor: next, items };
  }

  private newCursor(position: number): number {
    for (;;) {
      const nonce = 1 + Math.floor(Math.random() * (2 ** 20 - 1));
      const cursor = nonce * POSITION_SPACE + (position % POSITION_SPACE);
      if (!this.sessions.has(cursor)) return cursor;
    }
  }
}
