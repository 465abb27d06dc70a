/** notify-keyspace-events classes (redis NOTIFY_*), their letters, and conversions. */
export const NOTIFY = {
  KEYSPACE: 1 << 0,
  KEYEVENT: 1 << 1,
  GENERIC: 1 << 2,
  STRING: 1 << 3,
  LIST: 1 << 4,
  SET: 1 << 5,
  HASH: 1 << 6,
  ZSET: 1 << 7,
  EXPIRED: 1 << 8,
  EVICTED: 1 << 9,
  STREAM: 1 << 10,
  KEY_MISS: 1 << 11,
  MODULE: 1 << 12,
  NEW: 1 << 13,
} as const;

/** 'A': every class except key-miss and new-key events. */
export const NOTIFY_ALL = NOTIFY.GENERIC | NOTIFY.STRING | NOTIFY.LIST | NOTIFY.SET | NOTIFY.HASH | NOTIFY.ZSET
  | NOTIFY.EXPIRED | NOTIFY.EVICTED | NOTIFY.STREAM | NOTIFY.MODULE;

const LETTERS: Record<string, number> = {
  A: NOTIFY_ALL,
  g: NOTIFY.GENERIC,
  $: NOTIFY.STRING,
  l: NOTIFY.LIST,
  s: NOTIFY.SET,
  h: NOTIFY.HASH,
  z: NOTIFY.ZSET,
  x: NOTIFY.EXPIRED,
  e: NOTIFY.EVICTED,
  K: NOTIFY.KEYSPACE,
  E: NOTIFY.KEYEVENT,
  t: NOTIFY.STREAM,
  m: NOTIFY.KEY_MISS,
  d: NOTIFY.MODULE,
  n: NOTIFY.NEW,
};

/** Parses the config string; undefined when a character is not a class letter. */
export function parseNotifyFlags(s: string): number | undefined {
  let flags = 0;
  for (const ch of s) {
    const f = LETTERS[ch];
    if (f === undefined) return undefined;
    flags |= f;
  }
  return flags;
}

/** Formats flags as redis does (`A` when all generic classes are on, then K, E, m). */
export function formatNotifyFlags(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    s += 'A';
  } else {
    const order: [string, number][] = [['g', NOTIFY.GENERIC], ['$', NOTIFY.STRING], ['l', NOTIFY.LIST], ['s', NOTIFY.SET],
      ['h', NOTIFY.HASH], ['z', NOTIFY.ZSET], ['x', NOTIFY.EXPIRED], ['e', NOTIFY.EVICTED], ['t', NOTIFY.STREAM],
      ['d', NOTIFY.MODULE], ['n', NOTIFY.NEW]];
    for (const [ch, f] of order) if (flags & f) s += ch;
  }
  if (flags & NOTIFY.KEYSPACE) s += 'K';
  if (flags & NOTIFY.KEYEVENT) s += 'E';
  if (flags & NOTIFY.KEY_MISS) s += 'm';
  return s;
}
