/**
 * The engine's configuration: a table of redis.conf parameters the engine honours, with redis'
 * parsing rules, ranges, aliases and error texts, so CONFIG GET/SET behave as on redis-server.
 * Parameters that would require persistence or threads we do not have are either absent (unknown
 * to CONFIG SET, as an unknown option is on redis) or fixed and reported truthfully (`save ""`,
 * `appendonly no`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatNotifyFlags, parseNotifyFlags } from './notify-flags';
import { printfFixed as formatFixed } from '../../resp/format-double';
import { globMatch } from '../util/glob';
import { parseDouble, parseInt64, parseInt64Big } from '../util/numbers';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;
const LONG_MAX = 9223372036854775807;
const ULLONG_MAX = 18446744073709551615;

type Kind = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

/** Output buffer limits of one client class (`client-output-buffer-limit`). */
export interface OutputBufferLimit {
  readonly hard: number;
  readonly soft: number;
  readonly softSeconds: number;
}

export interface OutputBufferLimits {
  readonly normal: OutputBufferLimit;
  readonly replica: OutputBufferLimit;
  readonly pubsub: OutputBufferLimit;
}

interface ParamDef {
  readonly name: string;
  readonly alias?: string;
  readonly kind: Kind;
  readonly def: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** Cannot change at run time (CONFIG SET answers "can't set immutable config"). */
  readonly immutable?: boolean;
  /** Changed at run time only with enable-protected-configs (CONFIG SET answers "can't set protected config"). */
  readonly protected?: boolean;
  /** First server version with the parameter; older emulated versions do not show it. */
  readonly since?: string;
  /** First Valkey release with the parameter (absent from redis and from Valkey 7.2). */
  readonly valkeySince?: string;
  /** What later releases changed (defaults, ranges, choices), oldest first. */
  readonly changes?: readonly ParamChange[];
  /** Adjusts an accepted value (hz is clamped to 1..500). */
  readonly normalize?: (v: number) => number;
  /** special: parse; returns an error message or the value. */
  readonly parse?: (raw: string) => { value: unknown; exact?: bigint } | { error: string };
  /** special: format for CONFIG GET. */
  readonly format?: (v: unknown) => string;
}

/** A release that changed a parameter: a redis-compatible version, or a Valkey release from 8.0 on. */
type Release = { readonly redis: string } | { readonly valkey: string };

/** A parameter's default, range or choices as they are from a release on. */
interface ParamChange {
  readonly since: Release;
  readonly set: Partial<Pick<ParamDef, 'def' | 'max' | 'values'>>;
}

/** The versions a Config emulates: the redis-compatible one, and the Valkey release in Valkey 8 mode. */
export interface ConfigVersions {
  readonly version?: string;
  readonly valkeyVersion?: string;
}

/** Valkey 8.0 made lazy freeing the default everywhere (its release notes' "changed defaults"). */
const LAZY_IN_VALKEY_8: readonly ParamChange[] = [{ since: { valkey: '8.0.0' }, set: { def: true } }];

/** printf("%f") with trailing zeros removed (redis trimDoubleString). */
export function formatTrimmed(x: number): string {
  const s = formatFixed(x, 6);
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** Multipliers of memtoull's units. */
const MEMORY_UNITS: Record<string, bigint> = { '': 1n, 'b': 1n, 'k': 1000n, 'kb': 1024n, 'm': 1000000n, 'mb': 1048576n, 'g': 1000000000n, 'gb': 1073741824n };
const TWO_64 = 1n << 64n;

/**
 * redis' memtoull, exactly: leading digits (strtoull, which saturates at 2^64 - 1 and reads none as
 * 0) times the unit, wrapping modulo 2^64 as the C multiplication does.
 */
export function parseMemoryExact(s: string): bigint | undefined {
  if (s.startsWith('-')) return undefined;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const mul = MEMORY_UNITS[s.slice(i).toLowerCase()];
  if (mul === undefined || i >= 128) return undefined;
  const digits = i === 0 ? 0n : BigInt(s.slice(0, i));
  const value = digits >= TWO_64 ? TWO_64 - 1n : digits;
  return (value * mul) % TWO_64;
}

/** parseMemoryExact as a number (rounded beyond 2^53). */
export function parseMemory(s: string): number | undefined {
  const exact = parseMemoryExact(s);
  return exact === undefined ? undefined : Number(exact);
}

/** A bound of the parameter table as the exact integer redis compares with (and prints). */
function exactBound(n: number): bigint {
  if (n === LONG_MAX) return (1n << 63n) - 1n;
  if (n === ULLONG_MAX) return TWO_64 - 1n;
  return BigInt(n);
}

const LIMIT_CLASSES: Record<string, keyof OutputBufferLimits> = { normal: 'normal', slave: 'replica', replica: 'replica', pubsub: 'pubsub' };

function parseOutputBufferLimits(raw: string, current: OutputBufferLimits): { value: unknown } | { error: string } {
  const args = raw.split(' ').filter((a) => a.length > 0);
  if (args.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const next: Record<keyof OutputBufferLimits, OutputBufferLimit> = { ...current };
  for (let i = 0; i < args.length; i += 4) {
    const cls = LIMIT_CLASSES[args[i].toLowerCase()];
    if (!cls) return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = parseMemory(args[i + 1]);
    const soft = parseMemory(args[i + 2]);
    const secs = parseInt64(args[i + 3]);
    if (hard === undefined || soft === undefined || secs === undefined || secs < 0) {
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    next[cls] = { hard, soft, softSeconds: secs };
  }
  return { value: next };
}

function formatOutputBufferLimits(v: unknown): string {
  const l = v as OutputBufferLimits;
  const f = (name: string, x: OutputBufferLimit) => `${name} ${x.hard} ${x.soft} ${x.softSeconds}`;
  return [f('normal', l.normal), f('slave', l.replica), f('pubsub', l.pubsub)].join(' ');
}

export const MAXMEMORY_POLICIES = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru',
  'allkeys-lfu', 'allkeys-random', 'noeviction'] as const;

const PARAMS: readonly ParamDef[] = [
  // Memory and eviction.
  { name: 'maxmemory', kind: 'memory', def: 0, min: 0, max: ULLONG_MAX },
  { name: 'maxmemory-policy', kind: 'enum', def: 'noeviction', values: MAXMEMORY_POLICIES },
  { name: 'maxmemory-samples', kind: 'int', def: 5, min: 1, max: INT_MAX, changes: [{ since: { valkey: '8.0.0' }, set: { max: 64 } }] },
  { name: 'maxmemory-eviction-tenacity', kind: 'int', def: 10, min: 0, max: 100 },
  // Client eviction is not enforced: the limit is validated and reported only (engine README).
  { name: 'maxmemory-clients', kind: 'special', def: 0, parse: parseMaxmemoryClients, format: formatMaxmemoryClients },
  { name: 'lfu-log-factor', kind: 'int', def: 10, min: 0, max: INT_MAX },
  { name: 'lfu-decay-time', kind: 'int', def: 1, min: 0, max: INT_MAX },
  { name: 'lazyfree-lazy-eviction', kind: 'bool', def: false, changes: LAZY_IN_VALKEY_8 },
  { name: 'lazyfree-lazy-expire', kind: 'bool', def: false, changes: LAZY_IN_VALKEY_8 },
  { name: 'lazyfree-lazy-server-del', kind: 'bool', def: false, changes: LAZY_IN_VALKEY_8 },
  { name: 'lazyfree-lazy-user-del', kind: 'bool', def: false, changes: LAZY_IN_VALKEY_8 },
  { name: 'lazyfree-lazy-user-flush', kind: 'bool', def: false, changes: LAZY_IN_VALKEY_8 },
  { name: 'activedefrag', kind: 'bool', def: false },
  // Tuning knobs a client may read; this engine has no active defrag, rehashing steps or threads.
  { name: 'active-defrag-cycle-min', kind: 'int', def: 1, min: 1, max: 99 },
  { name: 'active-defrag-cycle-max', kind: 'int', def: 25, min: 1, max: 99 },
  { name: 'active-defrag-threshold-lower', kind: 'int', def: 10, min: 0, max: 1000 },
  { name: 'active-defrag-threshold-upper', kind: 'int', def: 100, min: 0, max: 1000 },
  { name: 'active-defrag-ignore-bytes', kind: 'memory', def: 100 * 1024 * 1024, min: 1, max: LONG_MAX },
  { name: 'active-defrag-max-scan-fields', kind: 'int', def: 1000, min: 1, max: LONG_MAX },
  { name: 'activerehashing', kind: 'bool', def: true },
  { name: 'io-threads', kind: 'int', def: 1, min: 1, max: 128, immutable: true },
  // Valkey 8's I/O threads always read too: the parameter stays, fixed at yes by default.
  { name: 'io-threads-do-reads', kind: 'bool', def: false, immutable: true, changes: [{ since: { valkey: '8.0.0' }, set: { def: true } }] },
  // Expiry and the periodic cycle.
  { name: 'hz', kind: 'int', def: 10, min: 0, max: INT_MAX, normalize: (v) => Math.min(500, Math.max(1, v)) },
  { name: 'dynamic-hz', kind: 'bool', def: true },
  { name: 'active-expire-effort', kind: 'int', def: 1, min: 1, max: 10 },
  // Keyspace notifications.
  {
    name: 'notify-keyspace-events',
    kind: 'special',
    def: 0,
    parse: (raw) => {
      const flags = parseNotifyFlags(raw);
      return flags === undefined ? { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." } : { value: flags };
    },
    format: (v) => formatNotifyFlags(v as number),
  },
  // Connections and protocol.
  { name: 'port', kind: 'int', def: 6379, min: 0, max: 65535, immutable: true },
  { name: 'bind', kind: 'special', def: '127.0.0.1', immutable: true, parse: (raw) => ({ value: raw }), format: (v) => String(v) },
  { name: 'databases', kind: 'int', def: 16, min: 1, max: INT_MAX, immutable: true },
  { name: 'timeout', kind: 'int', def: 0, min: 0, max: INT_MAX },
  { name: 'tcp-keepalive', kind: 'int', def: 300, min: 0, max: INT_MAX },
  { name: 'tcp-backlog', kind: 'int', def: 511, min: 0, max: INT_MAX, immutable: true },
  {
    name: 'loglevel',
    kind: 'enum',
    def: 'notice',
    values: ['debug', 'verbose', 'notice', 'warning'],
    changes: [{ since: { redis: '7.2.0' }, set: { values: ['debug', 'verbose', 'notice', 'warning', 'nothing'] } }],
  },
  // Valkey 8's accept rate per event-loop turn; this engine accepts as Node hands connections over.
  { name: 'max-new-connections-per-cycle', kind: 'int', def: 10, min: 1, max: 1000, valkeySince: '8.0.0' },
  { name: 'max-new-tls-connections-per-cycle', kind: 'int', def: 1, min: 1, max: 1000, valkeySince: '8.0.0' },
  { name: 'maxclients', kind: 'int', def: 10000, min: 1, max: UINT_MAX },
  { name: 'requirepass', kind: 'string', def: '' },
  { name: 'proto-max-bulk-len', kind: 'memory', def: 512 * 1024 * 1024, min: 1024 * 1024, max: LONG_MAX },
  { name: 'client-query-buffer-limit', kind: 'memory', def: 1024 * 1024 * 1024, min: 1024 * 1024, max: LONG_MAX },
  {
    name: 'client-output-buffer-limit',
    kind: 'special',
    def: {
      normal: { hard: 0, soft: 0, softSeconds: 0 },
      replica: { hard: 256 * 1024 * 1024, soft: 64 * 1024 * 1024, softSeconds: 60 },
      pubsub: { hard: 32 * 1024 * 1024, soft: 8 * 1024 * 1024, softSeconds: 60 },
    } satisfies OutputBufferLimits,
    format: formatOutputBufferLimits,
  },
  { name: 'enable-debug-command', kind: 'enum', def: 'no', values: ['no', 'yes', 'local'], immutable: true },
  // Introspection.
  { name: 'slowlog-log-slower-than', kind: 'int', def: 10000, min: -1, max: LONG_MAX },
  { name: 'slowlog-max-len', kind: 'int', def: 128, min: 0, max: LONG_MAX },
  { name: 'latency-monitor-threshold', kind: 'int', def: 0, min: 0, max: LONG_MAX },
  { name: 'latency-tracking', kind: 'bool', def: true },
  {
    name: 'latency-tracking-info-percentiles',
    kind: 'special',
    def: [50, 99, 99.9],
    parse: (raw) => {
      // Split at every single space (sdssplitlen): a doubled, leading or trailing space leaves an empty, invalid word.
      const parts = raw === '' ? [] : raw.split(' ');
      const values: number[] = [];
      for (const p of parts) {
        // string2d: strtod's forms (hexadecimal, inf) without NaN, overflow or leading space.
        const v = parseDouble(p);
        if (v === undefined) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
        if (v < 0 || v > 100) return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
        values.push(v);
      }
      return { value: values };
    },
    format: (v) => (v as number[]).map((x) => formatTrimmed(x)).join(' '),
  },
  { name: 'acllog-max-len', kind: 'int', def: 128, min: 0, max: LONG_MAX },
  // Valkey 8 keeps keys and values out of its log lines; this engine never logs them.
  { name: 'hide-user-data-from-log', kind: 'bool', def: true, valkeySince: '8.0.0' },
  { name: 'acl-pubsub-default', kind: 'enum', def: 'resetchannels', values: ['allchannels', 'resetchannels'] },
  { name: 'tracking-table-max-keys', kind: 'int', def: 1000000, min: 0, max: LONG_MAX },
  // Scripts.
  { name: 'busy-reply-threshold', alias: 'lua-time-limit', kind: 'int', def: 5000, min: 0, max: LONG_MAX },
  // Data structure encodings (honoured by the command families' OBJECT ENCODING).
  { name: 'list-max-listpack-size', alias: 'list-max-ziplist-size', kind: 'int', def: -2, min: INT_MIN, max: INT_MAX },
  { name: 'list-compress-depth', kind: 'int', def: 0, min: 0, max: INT_MAX },
  { name: 'hash-max-listpack-entries', alias: 'hash-max-ziplist-entries', kind: 'int', def: 512, min: 0, max: LONG_MAX },
  { name: 'hash-max-listpack-value', alias: 'hash-max-ziplist-value', kind: 'memory', def: 64, min: 0, max: LONG_MAX },
  { name: 'set-max-intset-entries', kind: 'int', def: 512, min: 0, max: LONG_MAX },
  // Valkey 7.2 keeps small sets of strings in listpacks (redis 7.0 has neither the encoding nor these parameters).
  { name: 'set-max-listpack-entries', kind: 'int', def: 128, min: 0, max: LONG_MAX, since: '7.2.0' },
  { name: 'set-max-listpack-value', kind: 'memory', def: 64, min: 0, max: LONG_MAX, since: '7.2.0' },
  { name: 'zset-max-listpack-entries', alias: 'zset-max-ziplist-entries', kind: 'int', def: 128, min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-value', alias: 'zset-max-ziplist-value', kind: 'memory', def: 64, min: 0, max: LONG_MAX },
  { name: 'hll-sparse-max-bytes', kind: 'memory', def: 3000, min: 0, max: LONG_MAX },
  { name: 'stream-node-max-bytes', kind: 'memory', def: 4096, min: 0, max: LONG_MAX },
  { name: 'stream-node-max-entries', kind: 'int', def: 100, min: 0, max: LONG_MAX },
  // Replication and cluster (honoured by the simulator's replication and cluster layers).
  { name: 'replica-read-only', alias: 'slave-read-only', kind: 'bool', def: true },
  { name: 'replica-serve-stale-data', alias: 'slave-serve-stale-data', kind: 'bool', def: true },
  { name: 'replica-ignore-maxmemory', alias: 'slave-ignore-maxmemory', kind: 'bool', def: true },
  { name: 'replica-lazy-flush', alias: 'slave-lazy-flush', kind: 'bool', def: false, changes: LAZY_IN_VALKEY_8 },
  { name: 'min-replicas-to-write', alias: 'min-slaves-to-write', kind: 'int', def: 0, min: 0, max: INT_MAX },
  { name: 'min-replicas-max-lag', alias: 'min-slaves-max-lag', kind: 'int', def: 10, min: 0, max: INT_MAX },
  // resizeReplicationBacklog raises a smaller size to its 16 kB minimum.
  { name: 'repl-backlog-size', kind: 'memory', def: 1024 * 1024, min: 1, max: LONG_MAX, normalize: (n) => Math.max(n, 16 * 1024) },
  { name: 'repl-backlog-ttl', kind: 'int', def: 3600, min: 0, max: LONG_MAX },
  { name: 'repl-timeout', kind: 'int', def: 60, min: 1, max: INT_MAX },
  { name: 'repl-ping-replica-period', alias: 'repl-ping-slave-period', kind: 'int', def: 10, min: 1, max: INT_MAX },
  { name: 'masterauth', kind: 'string', def: '' },
  { name: 'masteruser', kind: 'string', def: '' },
  { name: 'cluster-enabled', kind: 'bool', def: false, immutable: true },
  { name: 'cluster-node-timeout', kind: 'int', def: 15000, min: 0, max: LONG_MAX },
  { name: 'cluster-require-full-coverage', kind: 'bool', def: true },
  { name: 'cluster-allow-reads-when-down', kind: 'bool', def: false },
  { name: 'cluster-allow-pubsubshard-when-down', kind: 'bool', def: true },
  // Persistence: RDB files on SAVE/BGSAVE/DEBUG RELOAD (the simulator's snapshots use the same
  // format); no append-only file.
  { name: 'appendonly', kind: 'special', def: false, parse: parseAppendonly, format: (v) => (v ? 'yes' : 'no') },
  { name: 'appendfsync', kind: 'enum', def: 'everysec', values: ['everysec', 'always', 'no'] },
  { name: 'dir', kind: 'special', def: process.cwd(), protected: true, parse: parseDir, format: (v) => String(v) },
  {
    name: 'dbfilename',
    kind: 'special',
    def: 'dump.rdb',
    protected: true,
    parse: (raw) => (raw.includes('/') ? { error: "dbfilename can't be a path, just a filename" } : { value: raw }),
    format: (v) => String(v),
  },
  { name: 'rdbcompression', kind: 'bool', def: true },
  { name: 'rdbchecksum', kind: 'bool', def: true, immutable: true },
  { name: 'enable-protected-configs', kind: 'enum', def: 'no', values: ['no', 'yes', 'local'], immutable: true },
  // Save points are validated and reported; no automatic BGSAVE follows from them (engine README).
  { name: 'save', kind: 'special', def: '', parse: parseSavePoints, format: (v) => String(v) },
];

/** `dir`: an existing directory (redis chdirs into it), reported as an absolute path. */
/** `appendonly`: there is no append-only file, so turning it on fails as a failed AOF start does. */
function parseAppendonly(raw: string): { value: unknown } | { error: string } {
  const l = raw.toLowerCase();
  if (l === 'no') return { value: false };
  if (l === 'yes') return { error: 'Unable to turn on AOF. Check server logs.' };
  return { error: "argument must be 'yes' or 'no'" };
}

/** `save "<seconds> <changes> …"` as redis checks it: pairs, seconds >= 1, changes >= 0. */
function parseSavePoints(raw: string): { value: unknown } | { error: string } {
  // Words at every single space (sdssplitlen), so "5 " is 5 seconds and an empty count of changes.
  const parts = raw === '' ? [] : raw.split(' ');
  if (parts.length % 2 !== 0) return { error: 'Invalid save parameters' };
  const values: bigint[] = [];
  for (let j = 0; j < parts.length; j++) {
    // strtoll: leading white space, an optional sign, digits saturating at the 64-bit limits; a
    // word without digits reads as 0 and is valid only when empty (nothing left after it).
    const m = /^[\t\n\v\f\r ]*([+-]?\d+)$/.exec(parts[j]);
    if (!m && parts[j] !== '') return { error: 'Invalid save parameters' };
    let v = m ? BigInt(m[1]) : 0n;
    if (v > BigInt(LONG_MAX)) v = (1n << 63n) - 1n;
    if (v < -(1n << 63n)) v = -(1n << 63n);
    if (v < (j % 2 === 0 ? 1n : 0n)) return { error: 'Invalid save parameters' };
    values.push(j % 2 === 0 ? v : BigInt.asIntN(32, v));
  }
  return { value: values.join(' ') };
}

/**
 * `maxmemory-clients`: bytes, or a percentage of maxmemory kept as a negative number as redis
 * does. A memory value of 2^63 or more reads as a negative long long, so as a percentage too.
 */
function parseMaxmemoryClients(raw: string): { value: unknown; exact: bigint } | { error: string } {
  const memory = parseMemoryExact(raw);
  let value: bigint;
  if (memory !== undefined) {
    value = BigInt.asIntN(64, memory);
  } else {
    const pct = raw.length > 1 && raw.endsWith('%') ? parseInt64Big(raw.slice(0, -1)) : undefined;
    if (pct === undefined || pct < 0n) return { error: 'argument must be a memory or percent value' };
    value = -pct;
  }
  if (value < -100n) return { error: 'percentage argument must be less or equal to 100' };
  return { value: Number(value), exact: value };
}

function formatMaxmemoryClients(v: unknown): string {
  const n = v as number;
  return n < 0 ? `${-n}%` : String(n);
}

function parseDir(raw: string): { value: unknown } | { error: string } {
  const dir = path.resolve(raw);
  try {
    if (!fs.statSync(dir).isDirectory()) return { error: 'Not a directory' };
  } catch {
    return { error: 'No such file or directory' };
  }
  return { value: dir };
}

const BY_NAME = new Map<string, ParamDef>();
for (const p of PARAMS) {
  BY_NAME.set(p.name, p);
  if (p.alias) BY_NAME.set(p.alias, p);
}

/** Thrown by `Config` constructors and `set()` with the message CONFIG SET would send. */
export class ConfigError extends Error {}

type Listener = (value: unknown, name: string) => void;

/** Compares dotted versions numerically. */
function versionAtLeast(version: string, since: string): boolean {
  const a = version.split('.').map(Number);
  const b = since.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** True when the emulated versions include `release`. An unversioned Config is the newest redis. */
function includes(versions: ConfigVersions, release: Release): boolean {
  if ('valkey' in release) return versions.valkeyVersion !== undefined && versionAtLeast(versions.valkeyVersion, release.valkey);
  return versions.version === undefined || versionAtLeast(versions.version, release.redis);
}

/** The parameter as the emulated release has it. */
function asOf(p: ParamDef, versions: ConfigVersions): ParamDef {
  let q = p;
  for (const change of p.changes ?? []) if (includes(versions, change.since)) q = { ...q, ...change.set };
  return q;
}

export class Config {
  /** Canonical names of every parameter (for documentation and tests). */
  public static parameterNames(): string[] {
    return PARAMS.map((p) => p.name);
  }

  private readonly values = new Map<string, unknown>();
  /** Integer values beyond 2^53 as set, exactly (the number in `values` is rounded), for CONFIG GET. */
  private readonly unsafeIntegers = new Map<string, bigint>();
  private readonly listeners = new Map<string, Listener[]>();
  /** Parameters of this version, by name and alias; newer ones keep their default, unseen by CONFIG. */
  private readonly visible = new Map<string, ParamDef>();

  /**
   * Starts from defaults, then applies `initial` (redis.conf names); throws ConfigError on bad
   * input. `versions` hide parameters added after them (they keep their defaults for the engine)
   * and choose each parameter's default, range and choices as of that release.
   */
  constructor(initial: Record<string, string> = {}, versions: ConfigVersions = {}) {
    for (const listed of PARAMS) {
      const p = asOf(listed, versions);
      this.values.set(p.name, p.def);
      if (versions.version !== undefined && p.since !== undefined && !versionAtLeast(versions.version, p.since)) continue;
      if (p.valkeySince !== undefined && !(versions.valkeyVersion !== undefined && versionAtLeast(versions.valkeyVersion, p.valkeySince))) continue;
      this.visible.set(p.name, p);
      if (p.alias) this.visible.set(p.alias, p);
    }
    const pairs = Object.entries(initial);
    if (pairs.length > 0) {
      const err = this.setMany(pairs, true);
      if (err) throw new ConfigError(err);
    }
  }

  /** True when the name (or alias) is a parameter. */
  public has(name: string): boolean {
    return this.visible.has(name.toLowerCase());
  }

  /** The parsed value of a parameter (numbers, booleans, strings, or a structured value). */
  public value(name: string): unknown {
    // The engine asks with lower-case constants: try the name as given before lower-casing a copy.
    const p = BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());
    if (!p) throw new Error(`unknown config parameter '${name}'`);
    return this.values.get(p.name);
  }

  public num(name: string): number {
    return this.value(name) as number;
  }

  public bool(name: string): boolean {
    return this.value(name) as boolean;
  }

  public str(name: string): string {
    return this.value(name) as string;
  }

  /** The value as CONFIG GET shows it. */
  public get(name: string): string | undefined {
    const p = this.visible.get(name.toLowerCase());
    if (!p) return undefined;
    return this.unsafeIntegers.get(p.name)?.toString() ?? formatValue(p, this.values.get(p.name));
  }

  /**
   * CONFIG GET with redis' rules: names without glob characters are looked up directly (and
   * echoed as given); patterns match every name and alias, case-insensitively.
   */
  public getMatching(patterns: readonly string[]): [string, string][] {
    const out = new Map<string, string>();
    for (const pattern of patterns) {
      if (!/[[*?]/.test(pattern)) {
        const key = pattern.toLowerCase();
        if ([...out.keys()].some((k) => k.toLowerCase() === key)) continue;
        const v = this.get(pattern);
        if (v !== undefined) out.set(pattern, v);
        continue;
      }
      for (const name of this.visible.keys()) {
        if (out.has(name)) continue;
        if (globMatch(pattern, name, true)) out.set(name, this.get(name)!);
      }
    }
    return [...out.entries()];
  }

  /** Registers a callback run after the parameter changes (by CONFIG SET or `set`). */
  public onChange(name: string, listener: Listener): void {
    const p = BY_NAME.get(name);
    if (!p) throw new Error(`unknown config parameter '${name}'`);
    const list = this.listeners.get(p.name) ?? [];
    list.push(listener);
    this.listeners.set(p.name, list);
  }

  /**
   * CONFIG SET semantics: every pair is validated first, then all are applied; on error nothing
   * changes and the full error text (without `ERR `) is returned.
   */
  public setMany(pairs: readonly (readonly [string, string])[], allowImmutable = false): string | undefined {
    // Checks run in redis' order: unknown names first, then immutable and duplicate parameters,
    // then values (whose errors name the parameter as the table spells it).
    const fail = (name: string, msg: string) => `CONFIG SET failed (possibly related to argument '${name}') - ${msg}`;
    let unknown: string | undefined;
    let early: string | undefined;
    const chosen: ParamDef[] = [];
    // A name and its alias are two entries of redis' table: giving both is no duplicate, the later wins.
    const spelled: string[] = [];
    for (const [name] of pairs) {
      const p = this.visible.get(name.toLowerCase());
      if (!p) {
        if (unknown === undefined && early === undefined) unknown = name;
        continue;
      }
      if (unknown !== undefined || early !== undefined) continue;
      if (p.immutable && !allowImmutable) early = fail(name, "can't set immutable config");
      else if (p.protected && !allowImmutable && this.values.get('enable-protected-configs') === 'no') early = fail(name, "can't set protected config");
      else if (spelled.includes(name.toLowerCase())) early = fail(name, 'duplicate parameter');
      chosen.push(p);
      spelled.push(name.toLowerCase());
    }
    if (unknown !== undefined) return `Unknown option or number of arguments for CONFIG SET - '${unknown}'`;
    if (early !== undefined) return early;
    const parsed: [ParamDef, unknown, bigint | undefined][] = [];
    for (let i = 0; i < pairs.length; i++) {
      const p = chosen[i];
      const result = parseValue(p, pairs[i][1], this.values.get(p.name));
      if ('error' in result) {
        const shown = p.alias === pairs[i][0].toLowerCase() ? p.alias : p.name;
        return fail(shown, result.error);
      }
      parsed.push([p, result.value, result.exact]);
    }
    for (const [p, v, exact] of parsed) {
      this.values.set(p.name, v);
      if (exact !== undefined && !Number.isSafeInteger(v)) this.unsafeIntegers.set(p.name, exact);
      else this.unsafeIntegers.delete(p.name);
      for (const l of this.listeners.get(p.name) ?? []) l(v, p.name);
    }
    return undefined;
  }

  /** Sets one parameter; throws ConfigError with the CONFIG SET message when invalid. */
  public set(name: string, value: string, allowImmutable = false): void {
    const err = this.setMany([[name, value]], allowImmutable);
    if (err) throw new ConfigError(err);
  }

}

function formatValue(p: ParamDef, v: unknown): string {
  switch (p.kind) {
    case 'bool': return v ? 'yes' : 'no';
    case 'int':
    case 'memory': return (v as number) > Number.MAX_SAFE_INTEGER ? BigInt(v as number).toString() : String(v);
    case 'special': return p.format!(v);
    default: return String(v);
  }
}

function parseValue(p: ParamDef, raw: string, current: unknown): { value: unknown; exact?: bigint } | { error: string } {
  switch (p.kind) {
    case 'bool': {
      const l = raw.toLowerCase();
      if (l === 'yes') return { value: true };
      if (l === 'no') return { value: false };
      return { error: "argument must be 'yes' or 'no'" };
    }
    case 'enum': {
      const l = raw.toLowerCase();
      if (p.values!.includes(l)) return { value: l };
      return { error: `argument(s) must be one of the following: ${p.values!.join(', ')}` };
    }
    case 'string':
      return { value: raw };
    case 'int':
    case 'memory': {
      // Exact 64-bit integers: 2^63 must fail a LONG_MAX bound that a double would round it to.
      const n = p.kind === 'memory' ? parseMemoryExact(raw) : parseInt64Big(raw);
      if (n === undefined) {
        return { error: p.kind === 'memory' ? 'argument must be a memory value' : "argument couldn't be parsed into an integer" };
      }
      if (n < exactBound(p.min!) || n > exactBound(p.max!)) return { error: `argument must be between ${exactBound(p.min!)} and ${exactBound(p.max!)} inclusive` };
      const value = Number(n);
      return { value: p.normalize ? p.normalize(value) : value, exact: n };
    }
    case 'special':
      if (p.name === 'client-output-buffer-limit') return parseOutputBufferLimits(raw, current as OutputBufferLimits);
      return p.parse!(raw);
  }
}
