/**
 * Engine settings: memcached 1.6's `settings` struct with its defaults, filled from ElastiCache
 * parameter names (`max_item_size`, `chunk_size_growth_factor`, `cas_disabled`, …) and memcached's
 * own option names (`hot_lru_pct`, `lru_crawler_sleep`, …), and validated with the same rules and
 * messages memcached applies at startup.
 */

export type BindingProtocol = 'auto' | 'ascii' | 'binary';

export interface MemcachedSettings {
  port: number;
  inter: string;
  /** Item memory in bytes (`-m`). */
  maxbytes: number;
  /** Simultaneous connections (`-c`, `max_simultaneous_connections`). */
  maxconns: number;
  verbose: number;
  /** false = return errors instead of evicting (`-M`, `error_on_memory_exhausted`). */
  evictToFree: boolean;
  chunkSize: number;
  factor: number;
  numThreads: number;
  reqsPerEvent: number;
  useCas: boolean;
  backlog: number;
  bindingProtocol: BindingProtocol;
  itemSizeMax: number;
  slabPageSize: number;
  slabChunkSizeMax: number;
  maxconnsFast: boolean;
  hashpowerInit: number;
  slabReassign: boolean;
  slabAutomove: number;
  slabAutomoveRatio: number;
  slabAutomoveWindow: number;
  slabAutomoveFreeratio: number;
  lruCrawler: boolean;
  lruCrawlerSleep: number;
  lruCrawlerTocrawl: number;
  tailRepairTime: number;
  flushEnabled: boolean;
  dumpEnabled: boolean;
  watchEnabled: boolean;
  hashAlgorithm: string;
  lruMaintainerThread: boolean;
  lruSegmented: boolean;
  hotLruPct: number;
  warmLruPct: number;
  hotMaxFactor: number;
  warmMaxFactor: number;
  tempLru: boolean;
  temporaryTtl: number;
  idleTimeout: number;
  watcherLogbufSize: number;
  workerLogbufSize: number;
  readBufMemLimit: number;
  trackSizes: boolean;
  inlineAsciiResponse: boolean;
  shutdownCommand: boolean;
  detailEnabled: boolean;
  statKeyPrefix: string;
  /** memcached 1.4's NOEXP LRU: items without expiry are never evicted. */
  expirezeroDoesNotEvict: boolean;
  /** Version string answered by `version` and `stats`. */
  version: string;
  /**
   * The meta commands (`mg`, `ms`, `md`, `ma`, `mn`, `me`): memcached has them from 1.5.19, so a
   * node of an older version (ElastiCache still offers 1.4.x and 1.5.x) answers them as unknown.
   */
  metaCommands: boolean;
  /** The meta `E` flag (explicit CAS): from memcached 1.6.21; older versions refuse it as an invalid flag. */
  explicitCasFlag: boolean;
  /** ASCII `touch` and binary TOUCH/GAT/GATQ/GATK/GATKQ: from memcached 1.4.8 (ElastiCache offers 1.4.5). */
  touchCommands: boolean;
  /** ASCII `gat`/`gats`: from memcached 1.5.3 (the 1.4.x versions ElastiCache offers lack them). */
  asciiGat: boolean;
  /**
   * ElastiCache parameters that have no memcached switch of their own (reported in `stats settings`
   * when they were given), e.g. `memcached_connections_overhead`, `large_memory_pages`.
   */
  reported: Map<string, string>;
  /** Text commands answered as unknown (`ERROR`), e.g. the admin commands a managed node refuses. */
  disabledCommands: Set<string>;
}

/** The memcached release whose behaviour the engine reproduces (ElastiCache's newest 1.6). */
export const DEFAULT_VERSION = '1.6.22';

export class MemcachedConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemcachedConfigError';
  }
}

export function defaultSettings(): MemcachedSettings {
  return {
    port: 11211,
    inter: '127.0.0.1',
    maxbytes: 64 * 1024 * 1024,
    maxconns: 1024,
    verbose: 0,
    evictToFree: true,
    chunkSize: 48,
    factor: 1.25,
    numThreads: 4,
    reqsPerEvent: 20,
    useCas: true,
    backlog: 1024,
    bindingProtocol: 'auto',
    itemSizeMax: 1024 * 1024,
    slabPageSize: 1024 * 1024,
    slabChunkSizeMax: 512 * 1024,
    maxconnsFast: true,
    hashpowerInit: 0,
    slabReassign: true,
    slabAutomove: 1,
    slabAutomoveRatio: 0.8,
    slabAutomoveWindow: 30,
    slabAutomoveFreeratio: 0.01,
    lruCrawler: true,
    lruCrawlerSleep: 100,
    lruCrawlerTocrawl: 0,
    tailRepairTime: 0,
    flushEnabled: true,
    dumpEnabled: true,
    watchEnabled: true,
    hashAlgorithm: 'murmur3',
    lruMaintainerThread: true,
    lruSegmented: true,
    hotLruPct: 20,
    warmLruPct: 40,
    hotMaxFactor: 0.2,
    warmMaxFactor: 2.0,
    tempLru: false,
    temporaryTtl: 61,
    idleTimeout: 0,
    watcherLogbufSize: 256 * 1024,
    workerLogbufSize: 64 * 1024,
    readBufMemLimit: 0,
    trackSizes: false,
    inlineAsciiResponse: false,
    shutdownCommand: false,
    detailEnabled: false,
    statKeyPrefix: ':',
    expirezeroDoesNotEvict: false,
    version: DEFAULT_VERSION,
    metaCommands: true,
    explicitCasFlag: true,
    touchCommands: true,
    asciiGat: true,
    reported: new Map(),
    disabledCommands: new Set(),
  };
}

type Kind = 'bool' | 'uint' | 'int' | 'float' | 'size' | 'string';

interface ParamSpec {
  readonly kind: Kind;
  readonly apply: (s: MemcachedSettings, v: ParsedValue, ctx: ApplyContext) => void;
  readonly allowed?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

interface ParsedValue {
  readonly raw: string;
  readonly num: number;
  readonly bool: boolean;
}

/** Remembers what was set explicitly, for the cross-checks memcached makes after option parsing. */
interface ApplyContext {
  slabChunkSizeChanged: boolean;
  maxCacheMemoryMb?: number;
  connectionsOverheadMb?: number;
  memoryLimitGiven: boolean;
  noModern: boolean;
}

const report = (name: string) => (s: MemcachedSettings, v: ParsedValue) => { s.reported.set(name, v.raw); };

/** Every parameter the engine accepts, by name. ElastiCache names first, then memcached `-o` names. */
const PARAMS: Record<string, ParamSpec> = {
  // --- ElastiCache parameter group names (memcached1.4 / 1.5 / 1.6 families) ---
  max_item_size: { kind: 'size', apply: (s, v) => { s.itemSizeMax = v.num; } },
  chunk_size: { kind: 'uint', min: 1, apply: (s, v) => { s.chunkSize = v.num; } },
  chunk_size_growth_factor: { kind: 'float', apply: (s, v) => { s.factor = v.num; } },
  cas_disabled: { kind: 'bool', apply: (s, v) => { s.useCas = !v.bool; } },
  disable_flush_all: { kind: 'bool', apply: (s, v) => { s.flushEnabled = !v.bool; } },
  error_on_memory_exhausted: { kind: 'bool', apply: (s, v) => { s.evictToFree = !v.bool; } },
  max_simultaneous_connections: { kind: 'uint', min: 1, apply: (s, v) => { s.maxconns = v.num; } },
  maxconns_fast: { kind: 'bool', apply: (s, v) => { s.maxconnsFast = v.bool; } },
  memcached_connections_overhead: {
    kind: 'uint',
    apply: (s, v, ctx) => { ctx.connectionsOverheadMb = v.num; s.reported.set('memcached_connections_overhead', v.raw); },
  },
  max_cache_memory: {
    kind: 'uint',
    min: 1,
    apply: (s, v, ctx) => { ctx.maxCacheMemoryMb = v.num; s.reported.set('max_cache_memory', v.raw); },
  },
  slab_reassign: { kind: 'bool', apply: (s, v) => { s.slabReassign = v.bool; } },
  slab_automove: { kind: 'uint', max: 2, apply: (s, v) => { s.slabAutomove = v.num; } },
  slab_chunk_max: { kind: 'size', apply: (s, v, ctx) => { s.slabChunkSizeMax = v.num; ctx.slabChunkSizeChanged = true; } },
  lru_crawler: { kind: 'bool', apply: (s, v) => { s.lruCrawler = v.bool; } },
  lru_maintainer: {
    kind: 'bool',
    apply: (s, v) => { s.lruMaintainerThread = v.bool; s.lruSegmented = v.bool; },
  },
  expirezero_does_not_evict: { kind: 'bool', apply: (s, v) => { s.expirezeroDoesNotEvict = v.bool; } },
  idle_timeout: { kind: 'uint', max: 86400, apply: (s, v) => { s.idleTimeout = v.num; } },
  track_sizes: { kind: 'bool', apply: (s, v) => { s.trackSizes = v.bool; } },
  watch: { kind: 'bool', apply: (s, v) => { s.watchEnabled = v.bool; } },
  watcher_logbuf_size: { kind: 'uint', apply: (s, v) => { s.watcherLogbufSize = v.num * 1024; } },
  worker_logbuf_size: { kind: 'uint', apply: (s, v) => { s.workerLogbufSize = v.num * 1024; } },
  binding_protocol: {
    kind: 'string',
    allowed: ['auto', 'ascii', 'binary'],
    apply: (s, v) => { s.bindingProtocol = v.raw as BindingProtocol; },
  },
  hash_algorithm: { kind: 'string', allowed: ['murmur3', 'jenkins', 'xxh3'], apply: (s, v) => { s.hashAlgorithm = v.raw; } },
  hashpower_init: { kind: 'uint', max: 32, apply: (s, v) => { s.hashpowerInit = v.num; } },
  requests_per_event: { kind: 'uint', min: 1, apply: (s, v) => { s.reqsPerEvent = v.num; } },
  backlog_queue_limit: { kind: 'uint', min: 1, apply: (s, v) => { s.backlog = v.num; } },
  modern: { kind: 'bool', apply: (s, v, ctx) => { ctx.noModern = !v.bool; if (v.bool) applyModern(s); else applyNoModern(s); } },
  no_modern: { kind: 'bool', apply: (s, v, ctx) => { ctx.noModern = v.bool; if (v.bool) applyNoModern(s); else applyModern(s); } },
  inline_ascii_resp: { kind: 'bool', apply: (s, v) => { s.inlineAsciiResponse = v.bool; } },
  large_memory_pages: { kind: 'bool', apply: report('large_memory_pages') },
  lock_down_paged_memory: { kind: 'bool', apply: report('lock_down_paged_memory') },
  maximize_core_file_limit: { kind: 'bool', apply: report('maximize_core_file_limit') },
  config_max: { kind: 'uint', apply: report('config_max') },
  config_size_max: { kind: 'uint', apply: report('config_size_max') },
  num_threads: { kind: 'uint', min: 1, apply: (s, v) => { s.numThreads = v.num; } },
  // --- memcached option names (`-o name=value` and the long flags) ---
  memory_limit: { kind: 'uint', min: 1, apply: (s, v, ctx) => { s.maxbytes = v.num * 1024 * 1024; ctx.memoryLimitGiven = true; } },
  hot_lru_pct: { kind: 'uint', min: 1, max: 80, apply: (s, v) => { s.hotLruPct = v.num; } },
  warm_lru_pct: { kind: 'uint', min: 1, max: 80, apply: (s, v) => { s.warmLruPct = v.num; } },
  hot_max_factor: { kind: 'float', apply: (s, v) => { s.hotMaxFactor = v.num; } },
  warm_max_factor: { kind: 'float', apply: (s, v) => { s.warmMaxFactor = v.num; } },
  temporary_ttl: { kind: 'uint', apply: (s, v) => { s.tempLru = true; s.temporaryTtl = v.num; } },
  lru_crawler_sleep: { kind: 'uint', max: 1000000, apply: (s, v) => { s.lruCrawlerSleep = v.num; } },
  lru_crawler_tocrawl: { kind: 'uint', apply: (s, v) => { s.lruCrawlerTocrawl = v.num; } },
  tail_repair_time: { kind: 'uint', apply: (s, v) => { s.tailRepairTime = v.num; } },
  slab_automove_ratio: { kind: 'float', apply: (s, v) => { s.slabAutomoveRatio = v.num; } },
  slab_automove_window: { kind: 'uint', min: 1, apply: (s, v) => { s.slabAutomoveWindow = v.num; } },
  slab_automove_freeratio: { kind: 'float', apply: (s, v) => { s.slabAutomoveFreeratio = v.num; } },
  read_buf_mem_limit: { kind: 'uint', apply: (s, v) => { s.readBufMemLimit = v.num * 1024 * 1024; } },
  enable_shutdown: { kind: 'bool', apply: (s, v) => { s.shutdownCommand = v.bool; } },
  disable_dumping: { kind: 'bool', apply: (s, v) => { s.dumpEnabled = !v.bool; } },
  disable_watch: { kind: 'bool', apply: (s, v) => { s.watchEnabled = !v.bool; } },
  verbosity: { kind: 'uint', max: 3, apply: (s, v) => { s.verbose = v.num; } },
  version: {
    kind: 'string',
    apply: (s, v) => {
      s.version = v.raw;
      s.metaCommands = versionAtLeast(v.raw, [1, 5, 19]);
      s.explicitCasFlag = versionAtLeast(v.raw, [1, 6, 21]);
      s.touchCommands = versionAtLeast(v.raw, [1, 4, 8]);
      s.asciiGat = versionAtLeast(v.raw, [1, 5, 3]);
    },
  },
};

/** True when a `major.minor.patch` version string is at least `min` (any other string: true). */
export function versionAtLeast(version: string, min: readonly [number, number, number]): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  for (let i = 0; i < 3; i++) {
    const part = Number(m[i + 1]);
    if (part !== min[i]) return part > min[i];
  }
  return true;
}

/** memcached `-o modern`: currently the defaults. */
function applyModern(s: MemcachedSettings): void {
  s.slabReassign = true;
  s.slabAutomove = 1;
  s.maxconnsFast = true;
  s.lruSegmented = true;
  s.lruMaintainerThread = true;
  s.lruCrawler = true;
  s.hashAlgorithm = 'murmur3';
}

/** memcached `-o no_modern` (ElastiCache's `no_modern=1`, the default of the 1.5/1.6 families). */
function applyNoModern(s: MemcachedSettings): void {
  s.slabReassign = false;
  s.slabAutomove = 0;
  s.maxconnsFast = false;
  s.lruSegmented = false;
  s.lruMaintainerThread = false;
  s.lruCrawler = false;
  s.hashAlgorithm = 'jenkins';
}

export function knownParameterNames(): string[] {
  return Object.keys(PARAMS).sort();
}

function parseValue(name: string, spec: ParamSpec, raw: string): ParsedValue {
  const fail = (what: string): never => {
    throw new MemcachedConfigError(`parameter ${name}: ${JSON.stringify(raw)} is not ${what}`);
  };
  const text = raw.trim();
  switch (spec.kind) {
    case 'bool': {
      const t = text.toLowerCase();
      if (['1', 'true', 'yes', 'on', 'enabled'].includes(t)) return { raw: '1', num: 1, bool: true };
      if (['0', 'false', 'no', 'off', 'disabled'].includes(t)) return { raw: '0', num: 0, bool: false };
      return fail('a boolean (0 or 1)');
    }
    case 'uint':
    case 'int': {
      if (!/^-?\d+$/.test(text)) return fail(spec.kind === 'uint' ? 'a non-negative integer' : 'an integer');
      const n = Number(text);
      if (spec.kind === 'uint' && n < 0) return fail('a non-negative integer');
      checkRange(name, spec, n, raw);
      return { raw: text, num: n, bool: n !== 0 };
    }
    case 'size': {
      const m = /^(\d+)([kmg]?)$/i.exec(text);
      if (!m) return fail('a size in bytes (optionally with a k, m or g suffix)');
      const mult = { '': 1, 'k': 1024, 'm': 1024 * 1024, 'g': 1024 * 1024 * 1024 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
      const n = Number(m[1]) * mult;
      checkRange(name, spec, n, raw);
      return { raw: String(n), num: n, bool: n !== 0 };
    }
    case 'float': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return fail('a number');
      checkRange(name, spec, n, raw);
      return { raw: text, num: n, bool: n !== 0 };
    }
    case 'string':
      if (spec.allowed && !spec.allowed.includes(text)) {
        throw new MemcachedConfigError(`parameter ${name}: ${JSON.stringify(raw)} is not allowed (allowed: ${spec.allowed.join(', ')})`);
      }
      return { raw: text, num: 0, bool: text !== '' };
  }
}

function checkRange(name: string, spec: ParamSpec, n: number, raw: string): void {
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    const range = `${spec.min ?? 0}..${spec.max ?? 'unbounded'}`;
    throw new MemcachedConfigError(`parameter ${name}: ${JSON.stringify(raw)} is out of range (allowed: ${range})`);
  }
}

export interface SettingsInput {
  /** Item memory in MB; wins over `max_cache_memory` − `memcached_connections_overhead`. */
  readonly memoryLimitMb?: number;
  readonly port?: number;
  readonly bind?: string;
  /** Parameters by ElastiCache or memcached name. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  readonly disabledCommands?: readonly string[];
}

/** Builds validated settings. Throws MemcachedConfigError with memcached's wording on bad combinations. */
export function buildSettings(input: SettingsInput = {}): MemcachedSettings {
  const s = defaultSettings();
  const ctx: ApplyContext = { slabChunkSizeChanged: false, memoryLimitGiven: false, noModern: false };
  if (input.port !== undefined) s.port = input.port;
  if (input.bind !== undefined) s.inter = input.bind;
  // Aliases first (modern/no_modern), so explicit parameters given with them win.
  const entries = Object.entries(input.parameters ?? {}).sort(([a], [b]) => aliasRank(a) - aliasRank(b));
  for (const [rawName, rawValue] of entries) {
    const name = rawName.trim().replace(/-/g, '_');
    const spec = PARAMS[name];
    if (!spec) {
      throw new MemcachedConfigError(`unknown parameter ${JSON.stringify(rawName)} (known: ${knownParameterNames().join(', ')})`);
    }
    spec.apply(s, parseValue(name, spec, String(typeof rawValue === 'boolean' ? (rawValue ? 1 : 0) : rawValue)), ctx);
  }
  if (input.memoryLimitMb !== undefined) {
    if (!Number.isInteger(input.memoryLimitMb) || input.memoryLimitMb < 1) {
      throw new MemcachedConfigError(`memory limit: ${input.memoryLimitMb} is not a positive number of megabytes`);
    }
    s.maxbytes = input.memoryLimitMb * 1024 * 1024;
  } else if (!ctx.memoryLimitGiven && ctx.maxCacheMemoryMb !== undefined) {
    const overhead = ctx.connectionsOverheadMb ?? 100;
    const mb = ctx.maxCacheMemoryMb - overhead;
    if (mb < 1) {
      throw new MemcachedConfigError(
        `max_cache_memory (${ctx.maxCacheMemoryMb} MB) minus memcached_connections_overhead (${overhead} MB) leaves no item memory`);
    }
    s.maxbytes = mb * 1024 * 1024;
  }
  for (const c of input.disabledCommands ?? []) s.disabledCommands.add(c);
  validate(s, ctx);
  return s;
}

function aliasRank(name: string): number {
  return name === 'modern' || name === 'no_modern' ? 0 : 1;
}

/** The checks of memcached's `main()` after option parsing, with its messages. */
function validate(s: MemcachedSettings, ctx: ApplyContext): void {
  if (s.itemSizeMax < 1024) throw new MemcachedConfigError('Item max size cannot be less than 1024 bytes.');
  if (s.itemSizeMax > s.maxbytes / 2) throw new MemcachedConfigError('Cannot set item size limit higher than 1/2 of memory max.');
  if (s.itemSizeMax > 1024 * 1024 * 1024) throw new MemcachedConfigError('Cannot set item size limit higher than a gigabyte.');
  if (!ctx.slabChunkSizeChanged) {
    // no_modern keeps whole-page chunks; items above 1 MB always need half-page chunks.
    s.slabChunkSizeMax = ctx.noModern && s.itemSizeMax <= s.slabPageSize ? s.slabPageSize : s.slabPageSize / 2;
  }
  if (s.slabChunkSizeMax > s.itemSizeMax) {
    throw new MemcachedConfigError(`slab_chunk_max (bytes: ${s.slabChunkSizeMax}) cannot be larger than -I (item_size_max ${s.itemSizeMax})`);
  }
  if (s.itemSizeMax % s.slabChunkSizeMax !== 0) {
    throw new MemcachedConfigError(`-I (item_size_max: ${s.itemSizeMax}) must be evenly divisible by slab_chunk_max (bytes: ${s.slabChunkSizeMax})`);
  }
  if (s.slabPageSize % s.slabChunkSizeMax !== 0) {
    throw new MemcachedConfigError(`slab_chunk_max (bytes: ${s.slabChunkSizeMax}) must divide evenly into ${s.slabPageSize} (slab_page_size)`);
  }
  if (s.factor <= 1.0) throw new MemcachedConfigError('Factor must be greater than 1');
  if (s.hotLruPct + s.warmLruPct > 80) throw new MemcachedConfigError('hot_lru_pct + warm_lru_pct cannot be more than 80% combined');
  if (s.temporaryTtl > 0 && !s.lruMaintainerThread) s.tempLru = false;
  if (s.port < 0 || s.port > 65535) throw new MemcachedConfigError(`port ${s.port} is out of range (allowed: 0..65535)`);
}
