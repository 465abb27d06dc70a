/**
 * Turns replies into comparable text. By default that is the exact bytes; directives relax only
 * what the case says is nondeterministic (element order, cursors, values of TIME…).
 */
import type { CompareOptions } from './script';
import type { ParsedReply, RespValue } from '../../../../src/engines/resp';

/** Escapes bytes for readable diffs: \r\n shown, other control and high bytes as \xHH. */
export function show(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c === 13) out += '\\r';
    else if (c === 10) out += '\\n';
    else if (c === 92) out += '\\\\';
    else if (c < 32 || c > 126) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += bytes[i];
  }
  return out;
}

/** Canonical text of a value; `sorted` sorts the elements of the top-level aggregate. */
function encode(v: RespValue): string {
  switch (v.type) {
    case 'array': case 'set': case 'push': {
      const items = v.value as RespValue[] | null;
      if (items === null) return `${v.type}(null)`;
      return `${v.type}[${items.map(encode).join(', ')}]`;
    }
    case 'map': case 'attribute': {
      const items = v.value as RespValue[];
      const pairs: string[] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push(`${encode(items[i])}: ${encode(items[i + 1])}`);
      return `${v.type}{${pairs.join(', ')}}`;
    }
    case 'integer': return `:${String(v.value)}`;
    case 'bulk': return v.value === null ? '$nil' : `$"${show(v.value as string)}"`;
    case 'verbatim': return `=${v.format}:"${show(v.value as string)}"`;
    default: return `${v.type}:${show(String(v.value))}`;
  }
}

function shape(v: RespValue): string {
  switch (v.type) {
    case 'array': case 'set': case 'push': case 'map': {
      const items = v.value as RespValue[] | null;
      if (items === null) return `${v.type}(null)`;
      return `${v.type}[${items.map(shape).join(', ')}]`;
    }
    default: return v.type;
  }
}

function sortedItems(v: RespValue): string {
  const items = (v.value as RespValue[] | null) ?? [];
  return `${v.type}(unordered)[${items.map(encode).sort().join(', ')}]`;
}

function sortedPairs(v: RespValue): string {
  const items = (v.value as RespValue[] | null) ?? [];
  const pairs: string[] = [];
  for (let i = 0; i < items.length; i += 2) pairs.push(`${encode(items[i])}: ${encode(items[i + 1])}`);
  return `${v.type}(unordered pairs){${pairs.sort().join(', ')}}`;
}

/** Masks the values of the given map keys (flat RESP2 pairs or RESP3 maps), at any depth. */
function masked(v: RespValue, keys: readonly string[]): RespValue {
  if ((v.type !== 'map' && v.type !== 'array' && v.type !== 'push') || !Array.isArray(v.value)) return v;
  const items = (v.value as RespValue[]).map((item) => masked(item, keys));
  for (let i = 0; i + 1 < items.length; i += 2) {
    if (keys.includes(String(items[i].value))) items[i + 1] = { type: 'simple', value: '<masked>' };
  }
  return { ...v, value: items };
}

/** A MONITOR line with its time and client address replaced (`lua` and `unix` are kept). */
function monitorLine(line: string): string {
  return line.replace(/^\d+\.\d{6} \[(\d+) ([^\]]*)\]/, (_all, db: string, addr: string) => {
    const kind = addr === 'lua' || addr.startsWith('unix') ? addr : '<addr>';
    return `<time> [${db} ${kind}]`;
  });
}

/**
 * ACL rule texts with their single-command rules (`+get`, `-client|kill`, `+select|0`) sorted
 * within each selector: redis walks its command table, a hash table, to emit them.
 */
function aclRulesUnordered(v: RespValue): RespValue {
  if (v.type === 'bulk' && typeof v.value === 'string') {
    const text = v.value.split(/(?=\()|(?<=\))/).map((segment) => {
      const words = segment.split(' ');
      const single = (w: string) => /^\(?[+-][^@]/.test(w);
      const sorted = words.filter(single).map((w) => w.replace(/^\(|\)$/g, '')).sort();
      return words.map((w) => {
        if (!single(w)) return w;
        const open = w.startsWith('(') ? '(' : '';
        const close = w.endsWith(')') ? ')' : '';
        return open + sorted.shift()! + close;
      }).join(' ');
    }).join('');
    return { ...v, value: text };
  }
  if (Array.isArray(v.value)) return { ...v, value: (v.value as RespValue[]).map(aclRulesUnordered) };
  return v;
}

/** An integer reply in a normalized text (raw `:n\r\n` or encoded `:n`), captured for splitting. */
const INTEGER_ITEM = /:(-?\d+)(?=\\r\\n|[,\]}]|$)/;

/**
 * Two normalized texts are equal, allowing integers to differ by `approx` at any depth (idle times
 * inside XPENDING entries, timestamps in XINFO replies), the rest being identical.
 */
export function sameWithin(a: string, b: string, approx: number): boolean {
  if (a === b) return true;
  if (approx === 0) return false;
  const pa = a.split(INTEGER_ITEM);
  const pb = b.split(INTEGER_ITEM);
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) {
    if (i % 2 === 0 ? pa[i] !== pb[i] : Math.abs(Number(pa[i]) - Number(pb[i])) > approx) return false;
  }
  return true;
}

export function normalize(reply: ParsedReply | undefined, options: CompareOptions): string {
  if (!reply) return '<no reply>';
  const directives = options.directives;
  if (options.masks.length > 0) return encode(masked(reply.value, options.masks));
  if (options.directives.includes('acl-rules')) return encode(aclRulesUnordered(reply.value));
  if (options.directives.includes('monitor') && reply.value.type === 'simple') {
    return `monitor:${monitorLine(String(reply.value.value))}`;
  }
  const v = reply.value;
  if (directives.includes('shape')) return `shape ${shape(v)}`;
  if (directives.includes('sort') && (v.type === 'array' || v.type === 'set') && v.value !== null) return sortedItems(v);
  if (directives.includes('sort-pairs') && (v.type === 'array' || v.type === 'map')) return sortedPairs(v);
  if (directives.includes('sort-scan') && v.type === 'array' && Array.isArray(v.value) && v.value.length === 2) {
    const [cursor, items] = v.value as RespValue[];
    const done = cursor.value === '0' ? 'cursor 0' : 'cursor non-zero';
    return `${done} ${sortedItems(items)}`;
  }
  if (directives.includes('lines') && (v.type === 'bulk' || v.type === 'verbatim')) {
    return `${v.type} lines{${String(v.value).split(/\r?\n/).sort().join(' | ')}}`;
  }
  return show(reply.raw.toString('latin1'));
}
