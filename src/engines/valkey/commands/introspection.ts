/** INFO, SLOWLOG, LATENCY, MEMORY and the DEBUG subset the engine supports. */
import { intArg, is, replyHelp, replyHelpLines } from './args';
import { DICT_ENTRY_SIZE, dictTableSize, embeddedKeyOverhead, keyOverhead, ROBJ_SIZE } from '../keyspace/memory';
import type { Client } from '../server/client';
import { buildInfo } from '../server/info';
import { anonHugePagesBytes, latencyGraph, latencyReport } from '../server/latency-report';
import type { CommandDef } from '../table/command';
import { replyDouble } from '../util/double-reply';
import { ERR } from '../util/errors';
import { parseDouble, parseInt64 } from '../util/numbers';
import { inValkeyWords } from '../util/valkey-words';

function info(c: Client, argv: string[]): void {
  c.out.verbatim(buildInfo(c.server, argv.slice(1)));
}

// ---- SLOWLOG ---------------------------------------------------------------------------------------

function slowlogGet(c: Client, argv: string[]): void {
  const log = c.server.slowlog.entries;
  let count = 10;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]);
    if (n === undefined || n < -1) {
      c.out.error('count should be greater than or equal to -1');
      return;
    }
    count = n === -1 ? log.length : n;
  }
  const entries = log.slice(0, count);
  c.out.arrayHeader(entries.length);
  for (const e of entries) {
    c.out.arrayHeader(6);
    c.out.integer(e.id);
    c.out.integer(e.time);
    c.out.integer(e.durationMicros);
    c.out.bulkArray(e.argv);
    c.out.bulk(e.peer);
    c.out.bulk(e.clientName);
  }
}

// ---- LATENCY ---------------------------------------------------------------------------------------

function latencyLatest(c: Client): void {
  const events = c.server.latency.events;
  c.out.arrayHeader(events.size);
  for (const [name, ev] of events) {
    const last = ev.samples[ev.samples.length - 1];
    c.out.arrayHeader(4);
    c.out.bulk(name);
    c.out.integer(last.time);
    c.out.integer(last.latency);
    c.out.integer(ev.max);
  }
}

function latencyHistory(c: Client, argv: string[]): void {
  const ev = c.server.latency.events.get(argv[2]);
  const samples = ev ? ev.samples : [];
  c.out.arrayHeader(samples.length);
  for (const s of samples) {
    c.out.arrayHeader(2);
    c.out.integer(s.time);
    c.out.integer(s.latency);
  }
}

function latencyReset(c: Client, argv: string[]): void {
  c.out.integer(c.server.latency.reset(argv.slice(2)));
}

/** The inputs of LATENCY DOCTOR's report (THP is read only when asked, as redis reads it). */
function latencyDoctor(c: Client): void {
  const server = c.server;
  c.out.verbatim(latencyReport({
    events: server.latency.events,
    threshold: server.latencyThreshold,
    slowlogSlowerThan: server.slowlogThreshold,
    hz: server.hz,
    appendfsync: server.config.str('appendfsync'),
    now: server.unixSeconds(),
    anonHugePages: anonHugePagesBytes(),
    valkeyWording: server.isValkey8,
  }));
}

/** LATENCY GRAPH <event>: the event's name must match exactly (redis looks it up in its dict). */
function latencyGraphCommand(c: Client, argv: string[]): void {
  const ev = c.server.latency.events.get(argv[2]);
  if (!ev) return c.out.error(`No samples available for event '${argv[2]}'`);
  c.out.verbatim(latencyGraph(argv[2], ev, c.server.unixSeconds()));
}

function latencyHistogram(c: Client, argv: string[]): void {
  const table = c.server.commands;
  const cmds = argv.length > 2
    ? argv.slice(2).flatMap((name) => {
      const cmd = table.getByFullName(name);
      if (!cmd) return [];
      return cmd.subcommands ? [...cmd.subcommands.values()] : [cmd];
    })
    : table.allCommands();
  const withData = cmds.filter((cmd) => cmd.histogram && cmd.histogram.total > 0);
  c.out.mapHeader(withData.length);
  for (const cmd of withData) {
    const h = cmd.histogram!;
    c.out.bulk(cmd.fullName);
    c.out.mapHeader(2);
    c.out.bulk('calls');
    c.out.integer(h.total);
    c.out.bulk('histogram_usec');
    const buckets = h.powerOfTwoBuckets();
    c.out.mapHeader(buckets.length);
    for (const [bucket, count] of buckets) {
      c.out.integer(bucket);
      c.out.integer(count);
    }
  }
}

// ---- MEMORY ----------------------------------------------------------------------------------------

function memoryUsage(c: Client, argv: string[]): void {
  // As redis: SAMPLES may repeat (the last one counts), a negative count is a syntax error.
  let samples = 5;
  for (let j = 3; j < argv.length; j++) {
    if (!is(argv[j], 'samples') || j + 1 >= argv.length) {
      c.out.error(ERR.SYNTAX);
      return;
    }
    const n = intArg(c, argv[j + 1]);
    if (n === undefined) return;
    if (n < 0) {
      c.out.error(ERR.SYNTAX);
      return;
    }
    samples = n;
    j++;
  }
  // redis reads the dictionary itself: no hit or miss is counted, and a key past its TTL that
  // nothing has deleted yet still has its size.
  const v = c.db.dict.get(argv[2]);
  if (v === undefined) {
    c.out.null();
    return;
  }
  const key = argv[2];
  c.out.integer(v.sampledMemoryUsage(samples) + (c.server.isValkey8 ? embeddedKeyOverhead(key) : keyOverhead(key)));
}

/** Each key's previous/next links in its cluster slot (redis 7.0 clusterDictEntryMetadata). */
const SLOT_TO_KEYS_LINKS = 16;

function memoryStats(c: Client): void {
  const s = c.server;
  const used = s.usedMemory();
  const rss = process.memoryUsage().rss;
  const overhead = used - s.memory.dataset;
  const keys = s.totalKeys();
  const dbs = s.dbs.filter((db) => db.size > 0);
  const out = c.out;
  const num: [string, number, boolean][] = [
    ['peak.allocated', Math.max(s.memory.peak, used), false],
    ['total.allocated', used, false],
    ['startup.allocated', s.baseMemory, false],
    ['replication.backlog', 0, false],
    ['clients.slaves', 0, false],
    ['clients.normal', s.clientsMemory(), false],
    ['cluster.links', 0, false],
    ['aof.buffer', 0, false],
    ['lua.caches', 0, false],
    ['functions.caches', 0, false],
  ];
  // Valkey 8 (kvstore's figures): the databases' bucket arrays and rehashing on their own lines, and
  // the allocator's muzzy pages.
  const valkey8 = s.isValkey8;
  const lut = dbs.reduce((n, db) => n + dictTableSize(db.size) + dictTableSize(db.expires.size), 0);
  const tail: [string, number, boolean][] = [
    ...(valkey8 ? [['overhead.db.hashtable.lut', lut, false], ['overhead.db.hashtable.rehashing', 0, false]] as [string, number, boolean][] : []),
    ['overhead.total', overhead, false],
    ...(valkey8 ? [['db.dict.rehashing.count', 0, false]] as [string, number, boolean][] : []),
    ['keys.count', keys, false],
    ['keys.bytes-per-key', keys === 0 ? 0 : Math.floor((used - s.baseMemory) / keys), false],
    ['dataset.bytes', s.memory.dataset, false],
    ['dataset.percentage', used - s.baseMemory === 0 ? 0 : (s.memory.dataset * 100) / (used - s.baseMemory), true],
    ['peak.percentage', (used * 100) / Math.max(s.memory.peak, used), true],
    ['allocator.allocated', used, false],
    ['allocator.active', used, false],
    ['allocator.resident', rss, false],
    ...(valkey8 ? [['allocator.muzzy', 0, false]] as [string, number, boolean][] : []),
    ['allocator-fragmentation.ratio', 1, true],
    ['allocator-fragmentation.bytes', 0, false],
    ['allocator-rss.ratio', rss / Math.max(1, used), true],
    ['allocator-rss.bytes', rss - used, false],
    ['rss-overhead.ratio', 1, true],
    ['rss-overhead.bytes', 0, false],
    ['fragmentation', rss / Math.max(1, used), true],
    ['fragmentation.bytes', rss - used, false],
  ];
  out.mapHeader(num.length + dbs.length + tail.length);
  const write = ([name, value, isDouble]: [string, number, boolean]) => {
    out.bulk(name);
    if (isDouble) replyDouble(c, value);
    else out.integer(value);
  };
  num.forEach(write);
  for (const db of dbs) {
    // redis' figures: entries, bucket arrays and key objects; slot-to-keys links in cluster mode.
    // Valkey 8 counts the bucket arrays on their own line and has no slot-to-keys links.
    out.bulk(`db.${db.id}`);
    out.mapHeader(valkey8 ? 2 : 3);
    out.bulk('overhead.hashtable.main');
    out.integer(db.size * (DICT_ENTRY_SIZE + ROBJ_SIZE) + (valkey8 ? 0 : dictTableSize(db.size)));
    out.bulk('overhead.hashtable.expires');
    out.integer(db.expires.size * DICT_ENTRY_SIZE + (valkey8 ? 0 : dictTableSize(db.expires.size)));
    if (!valkey8) {
      out.bulk('overhead.hashtable.slot-to-keys');
      out.integer(s.config.bool('cluster-enabled') ? db.size * SLOT_TO_KEYS_LINKS : 0);
    }
  }
  tail.forEach(write);
}

const MEMORY_DOCTOR = {
  empty: 'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n',
  fine: 'Hi Sam, I can\'t find any memory issue in your instance. I can only account for what occurs on this base.\n',
  intro: 'Sam, I detected a few issues in this Redis instance memory implants:\n\n',
  peak: ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n',
  bigClientBuffers: ' * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.\n\n',
  manyScripts: ' * Many scripts: There seem to be many cached scripts in this instance (more than 1000). This may be because scripts are generated and `EVAL`ed, instead of being parameterized (with KEYS and ARGV), `SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called periodically, the scripts\' caches may end up consuming most of your memory.\n\n',
  outro: 'I\'m here to keep you safe, Sam. I want to help you.\n',
};

/**
 * MEMORY DOCTOR (redis getMemoryDoctorReport): under 5 MB used the instance is "empty"; above, a
 * peak over 150 % of what is used now, client buffers over 200 KB per client on average and more
 * than 1000 cached scripts are reported, in redis' words. redis' checks of allocator fragmentation
 * and RSS overhead are not made: this process' resident size is V8's, not an allocator's.
 */
function memoryDoctor(c: Client): void {
  const s = c.server;
  const used = s.usedMemory();
  if (used < 5 * 1024 * 1024) return c.out.verbatim(MEMORY_DOCTOR.empty);
  let report = '';
  if (Math.fround(Math.fround(s.memory.peak) / Math.fround(used)) > 1.5) report += MEMORY_DOCTOR.peak;
  // Replicas of this engine are not its clients: every client is a normal one. (An in-process
  // caller is not a listed client: at least one client is assumed.)
  if (Math.floor(s.clientsMemory() / Math.max(1, s.clients.size)) > 200 * 1024) report += MEMORY_DOCTOR.bigClientBuffers;
  if ((s.hooks.scriptsInfo?.().cachedScripts ?? 0) > 1000) report += MEMORY_DOCTOR.manyScripts;
  const text = report === '' ? MEMORY_DOCTOR.fine : MEMORY_DOCTOR.intro + report + MEMORY_DOCTOR.outro;
  // Valkey 8 names itself in the findings (its own report's words).
  c.out.verbatim(s.isValkey8 ? inValkeyWords(text) : text);
}

// ---- DEBUG -----------------------------------------------------------------------------------------

const DEBUG_HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not accessed (otherwise the Redis behavior). Setting it to 1 reenables back the default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'HELP',
  '    Print this help.',
];

/** A DEBUG subcommand provided by another family (DEBUG RELOAD by persistence). */
export interface DebugSubcommand {
  /** Its lines in DEBUG HELP (inserted before HELP's own). */
  readonly help: readonly string[];
  readonly handler: (c: Client, argv: string[]) => void;
}

/** DEBUG subcommands other families add, by lower-case name. */
export const DEBUG_SUBCOMMANDS = new Map<string, DebugSubcommand>();

function debug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const extra = DEBUG_SUBCOMMANDS.get(sub.toLowerCase());
  if (extra) {
    extra.handler(c, argv);
  } else if (is(sub, 'help') && argv.length === 2) {
    const lines = DEBUG_HELP.slice(0, -2);
    for (const e of DEBUG_SUBCOMMANDS.values()) lines.push(...e.help);
    replyHelpLines(c, [...lines, ...DEBUG_HELP.slice(-2)]);
  } else if (is(sub, 'sleep') && argv.length === 3) {
    const secs = parseDouble(argv[2]) ?? 0;
    // DEBUG SLEEP blocks the whole server, as in redis.
    if (secs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, secs * 1000);
    c.out.ok();
  } else if (is(sub, 'set-active-expire') && argv.length === 3) {
    c.server.activeExpireEnabled = parseInt64(argv[2]) !== 0;
    c.out.ok();
  } else {
    c.out.error(`Unknown subcommand or wrong number of arguments for '${sub}'. Try DEBUG HELP.`);
  }
}

export const INTROSPECTION_COMMANDS: CommandDef[] = [
  { name: 'info', handler: info },
  { name: 'slowlog|get', handler: slowlogGet },
  { name: 'slowlog|len', handler: (c) => c.out.integer(c.server.slowlog.entries.length) },
  {
    name: 'slowlog|reset',
    handler: (c) => {
      c.server.slowlog.reset();
      c.out.ok();
    },
  },
  { name: 'slowlog|help', handler: (c) => replyHelp(c, 'slowlog') },
  { name: 'latency|latest', handler: latencyLatest },
  { name: 'latency|history', handler: latencyHistory },
  { name: 'latency|reset', handler: latencyReset },
  { name: 'latency|doctor', handler: latencyDoctor },
  { name: 'latency|graph', handler: latencyGraphCommand },
  { name: 'latency|histogram', handler: latencyHistogram },
  { name: 'latency|help', handler: (c) => replyHelp(c, 'latency') },
  { name: 'memory|usage', handler: memoryUsage },
  { name: 'memory|stats', handler: memoryStats },
  { name: 'memory|doctor', handler: memoryDoctor },
  { name: 'memory|malloc-stats', handler: (c) => c.out.verbatim('Stats not supported for the current allocator') },
  {
    name: 'memory|purge',
    handler: (c) => {
      // redis asks its allocator to return free pages; the closest here is a full collection (node --expose-gc).
      const gc = (globalThis as { gc?: () => void }).gc;
      if (typeof gc === 'function') gc();
      c.out.ok();
    },
  },
  { name: 'memory|help', handler: (c) => replyHelp(c, 'memory') },
  { name: 'debug', handler: debug, internalFlags: ['protected'] },
];

