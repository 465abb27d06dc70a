/**
 * Replies the endpoint assembles from several internal shards, so a command about the whole cache
 * answers for the whole cache: DBSIZE (sum), SCAN (one cursor walking the shards in turn),
 * PUBSUB SHARDCHANNELS (union) and SHARDNUMSUB (sum per channel: a shard channel lives on one
 * shard), and INFO's keyspace section (totals). Replies are parsed and re-encoded in the
 * connection's protocol version.
 */
import { ReplyParser, ReplyWriter, RespValue } from '../../../../engines/resp';

/** Parses one complete reply. */
export function parseReply(bytes: Buffer): RespValue {
  const parser = new ReplyParser();
  parser.append(bytes);
  const parsed = parser.next();
  if (!parsed) throw new Error('incomplete reply from an internal shard');
  return parsed.value;
}

export function isError(bytes: Buffer): boolean {
  return bytes.length > 0 && (bytes[0] === 0x2d || bytes[0] === 0x21);
}

function writer(resp: number): ReplyWriter {
  const w = new ReplyWriter(64);
  w.resp = resp;
  return w;
}

/** DBSIZE of the cache: the shards' sizes added up. */
export function sumIntegers(replies: readonly Buffer[]): Buffer {
  let total = 0n;
  for (const r of replies) total += parseReply(r).value as bigint;
  return Buffer.from(`:${total}\r\n`, 'latin1');
}

/** A SCAN cursor of the endpoint: the shard's own cursor and which shard it belongs to. */
export interface ShardCursor {
  readonly shard: number;
  readonly cursor: bigint;
}

/** Splits an endpoint cursor (undefined when it is not a number: the shard then answers the error). */
export function splitCursor(text: string, shards: number): ShardCursor | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  const n = BigInt(shards);
  return { shard: Number(value % n), cursor: value / n };
}

/** The SCAN reply of a shard with its cursor turned into the endpoint's (moving to the next shard at its end). */
export function rewriteScanReply(reply: Buffer, at: ShardCursor, shards: number, resp: number): Buffer {
  const value = parseReply(reply);
  const [cursor, keys] = value.value as RespValue[];
  const shardNext = BigInt(cursor.value as string);
  let next: bigint;
  if (shardNext !== 0n) next = shardNext * BigInt(shards) + BigInt(at.shard);
  else next = at.shard + 1 < shards ? BigInt(at.shard + 1) : 0n;
  const w = writer(resp);
  w.arrayHeader(2);
  w.bulk(String(next));
  const items = keys.value as RespValue[];
  w.arrayHeader(items.length);
  for (const item of items) w.bulk(item.value as string);
  return w.take();
}

/** PUBSUB SHARDCHANNELS of the cache: every shard's channels. */
export function unionArrays(replies: readonly Buffer[], resp: number): Buffer {
  const all: string[] = [];
  for (const r of replies) for (const item of parseReply(r).value as RespValue[]) all.push(item.value as string);
  const w = writer(resp);
  w.arrayHeader(all.length);
  for (const s of all) w.bulk(s);
  return w.take();
}

/** PUBSUB SHARDNUMSUB of the cache: each channel's subscriber counts added over the shards. */
export function sumChannelCounts(replies: readonly Buffer[], resp: number): Buffer {
  const channels: string[] = [];
  const counts: bigint[] = [];
  replies.forEach((r, i) => {
    const flat = parseReply(r).value as RespValue[];
    for (let j = 0; j < flat.length; j += 2) {
      if (i === 0) {
        channels.push(flat[j].value as string);
        counts.push(0n);
      }
      counts[j / 2] += flat[j + 1].value as bigint;
    }
  });
  const w = writer(resp);
  w.mapHeader(channels.length);
  channels.forEach((ch, i) => {
    w.bulk(ch);
    w.integer(counts[i]);
  });
  return w.take();
}

/** Totals of one database's keyspace line (`db0:keys=…,expires=…,avg_ttl=…`). */
export interface KeyspaceTotals {
  readonly keys: number;
  readonly expires: number;
  readonly avgTtl: number;
}

/** INFO with its `# Keyspace` section showing the whole cache (other sections are the first shard's). */
export function rewriteInfoKeyspace(reply: Buffer, totals: KeyspaceTotals, resp: number): Buffer {
  const value = parseReply(reply);
  if (value.type !== 'bulk' && value.type !== 'verbatim') return reply;
  const text = value.value as string;
  const start = text.indexOf('# Keyspace\r\n');
  if (start < 0) return reply;
  const body = start + '# Keyspace\r\n'.length;
  const end = text.indexOf('\r\n\r\n', body);
  const line = totals.keys > 0 ? `db0:keys=${totals.keys},expires=${totals.expires},avg_ttl=${totals.avgTtl}\r\n` : '';
  const rewritten = text.slice(0, body) + line + (end < 0 ? '' : text.slice(end + 2));
  const w = writer(resp);
  if (value.type === 'verbatim') w.verbatim(rewritten, value.format ?? 'txt');
  else w.bulk(rewritten);
  return w.take();
}
