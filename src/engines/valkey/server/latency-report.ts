/**
 * LATENCY DOCTOR and LATENCY GRAPH texts, as redis 7 writes them (createLatencyReport and
 * latencyCommandGenSparkeline in its latency.c): one line of figures per event with remarks
 * that depend on the event and the configuration, then the advice those remarks call for, in
 * redis' order and words. Valkey 8 words the report its own way: plainer opening and closing
 * lines, its name where redis has "Redis", and its own site and CLI.
 */
import * as fs from 'fs';
import { analyzeLatencyEvent, LatencyEvent } from './latency';
import { printfFixed as formatFixed } from '../../resp/format-double';
import { renderSparkline } from '../util/sparkline';
import { inValkeyWords } from '../util/valkey-words';

/** What the report looks at besides the events. */
export interface LatencyReportContext {
  readonly events: ReadonlyMap<string, LatencyEvent>;
  /** latency-monitor-threshold, ms. */
  readonly threshold: number;
  /** slowlog-log-slower-than, µs. */
  readonly slowlogSlowerThan: number;
  readonly hz: number;
  readonly appendfsync: string;
  /** Unix time, seconds. */
  readonly now: number;
  /** Bytes of anonymous huge pages the process uses. */
  readonly anonHugePages: number;
  /** Valkey 8's words instead of redis'. */
  readonly valkeyWording?: boolean;
}

const DISABLED = 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n';
const OBSERVED = 'Dave, I have observed latency spikes in this Redis instance. You don\'t mind talking about it, do you Dave?\n\n';
const NO_SPIKES = 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
const NO_FIX = '\nWhile there are latency events logged, I\'m not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n';
const ADVICE_HEADER = '\nI have a few advices for you:\n\n';

/** The fixed parts of the report in Valkey 8's words. */
const VALKEY_TEXTS = {
  disabled: 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Valkey instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it.\n',
  observed: 'Latency spikes are observed in this Valkey instance.\n\n',
  noSpikes: 'No latency spike was observed during the lifetime of this Valkey instance, not in the slightest bit.\n',
  noFix: '\nThere are latency events logged that are not easy to fix. Please get some help from Valkey community, providing this report in your help request.\n',
  adviceHeader: '\nHere is some advice for you:\n\n',
};
const REDIS_TEXTS: typeof VALKEY_TEXTS = { disabled: DISABLED, observed: OBSERVED, noSpikes: NO_SPIKES, noFix: NO_FIX, adviceHeader: ADVICE_HEADER };


/** The advice redis can give, in the order it prints it. */
type Advice = 'betterVm' | 'slowlogEnabled' | 'slowlogTuning' | 'slowlogInspect' | 'scheduler' | 'localDisk' | 'ssd'
  | 'dataWriteback' | 'diskContention' | 'noAppendfsync' | 'relaxFsyncPolicy' | 'writeLoadInfo' | 'hz' | 'largeObjects'
  | 'massEviction' | 'disableThp';

function adviceText(advice: Advice, ctx: LatencyReportContext): string | undefined {
  const slowlogValue = ctx.threshold * 1000;
  switch (advice) {
    case 'betterVm': return '- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior that provides less latency during fork() calls. Xen is known to have poor fork() performance. Even in the context of the same VM provider, certain kinds of instances can execute fork faster than others.\n';
    case 'slowlogEnabled': return `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${slowlogValue}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
    case 'slowlogTuning': return `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${slowlogValue}'.\n`;
    case 'slowlogInspect': return '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
    case 'scheduler': return '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n'
      + '  1) Lower the system load.\n'
      + '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n'
      + '  3) Check if you have a "noisy neighbour" problem.\n'
      + '  4) Check with \'redis-cli --intrinsic-latency 100\' what is the intrinsic latency in your system.\n'
      + '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
    case 'localDisk': return '- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n';
    case 'ssd': return '- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n';
    case 'dataWriteback': return '- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n';
    case 'diskContention': return '- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n';
    case 'noAppendfsync': return '- Assuming from the point of view of data safety this is viable in your environment, you could try to enable the \'no-appendfsync-on-rewrite\' option, so that fsync will not be performed while there is a child rewriting the AOF file or producing an RDB file (the moment where there is high disk contention).\n';
    // Counted as advice whatever the policy, printed only under `appendfsync always` (as redis does).
    case 'relaxFsyncPolicy': return ctx.appendfsync === 'always' ? '- Your fsync policy is set to \'always\'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to \'onesec\'.\n' : undefined;
    case 'writeLoadInfo': return '- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n';
    case 'hz': return ctx.hz < 100 ? '- In order to make the Redis keys expiring process more incremental, try to set the \'hz\' configuration parameter to 100 using \'CONFIG SET hz 100\'.\n' : undefined;
    case 'largeObjects': return '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
    case 'massEviction': return '- Sudden changes to the \'maxmemory\' setting via \'CONFIG SET\', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n';
    case 'disableThp': return '- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command \'echo never > /sys/kernel/mm/transparent_hugepage/enabled\', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n';
  }
}

const ADVICE_ORDER: readonly Advice[] = ['betterVm', 'slowlogEnabled', 'slowlogTuning', 'slowlogInspect', 'scheduler', 'localDisk', 'ssd',
  'dataWriteback', 'diskContention', 'noAppendfsync', 'relaxFsyncPolicy', 'writeLoadInfo', 'hz', 'largeObjects', 'massEviction', 'disableThp'];

/** The advice an event calls for (redis counts every item, even one it later leaves unprinted). */
function adviceFor(event: string, ctx: LatencyReportContext): Advice[] {
  switch (event.toLowerCase()) {
    case 'command': {
      const slowlog: Advice[] = ctx.slowlogSlowerThan < 0 ? ['slowlogEnabled']
        : Math.trunc(ctx.slowlogSlowerThan / 1000) > ctx.threshold ? ['slowlogTuning'] : [];
      return [...slowlog, 'slowlogInspect', 'largeObjects'];
    }
    case 'fast-command': return ['scheduler'];
    case 'aof-write-pending-fsync': return ['localDisk', 'diskContention', 'ssd', 'dataWriteback'];
    case 'aof-write-active-child': return ['noAppendfsync', 'dataWriteback', 'ssd'];
    case 'aof-write-alone': return ['localDisk', 'dataWriteback', 'ssd'];
    case 'aof-fsync-always': return ['relaxFsyncPolicy'];
    case 'aof-fstat':
    case 'rdb-unlink-temp-file': return ['diskContention', 'localDisk'];
    case 'aof-rewrite-diff-write':
    case 'aof-rename': return ['writeLoadInfo', 'dataWriteback', 'ssd', 'localDisk'];
    case 'expire-cycle': return ['hz', 'largeObjects'];
    case 'eviction-del': return ['largeObjects'];
    case 'eviction-cycle': return ['massEviction'];
    default: return [];
  }
}

/** LATENCY DOCTOR's report. */
export function latencyReport(ctx: LatencyReportContext): string {
  const texts = ctx.valkeyWording ? VALKEY_TEXTS : REDIS_TEXTS;
  if (ctx.events.size === 0 && ctx.threshold === 0) return texts.disabled;
  let report = '';
  let eventnum = 0;
  let advices = 0;
  const advised = new Set<Advice>();
  for (const [event, ev] of ctx.events) {
    eventnum++;
    if (eventnum === 1) report += texts.observed;
    const ls = analyzeLatencyEvent(ev, ctx.now);
    report += `${eventnum}. ${event}: ${ls.samples} latency spikes (average ${ls.avg}ms, mean deviation ${ls.mad}ms, `
      + `period ${formatFixed(ls.period / ls.samples, 2)} sec). Worst all time event ${ev.max}ms.`;
    const advice = adviceFor(event, ctx);
    advices += advice.length;
    for (const a of advice) advised.add(a);
    report += '\n';
  }
  if (ctx.anonHugePages > 0) {
    advised.add('disableThp');
    advices++;
  }
  if (eventnum === 0 && advices === 0) return report + texts.noSpikes;
  if (advices === 0) return report + texts.noFix;
  report += texts.adviceHeader;
  for (const advice of ADVICE_ORDER) {
    if (!advised.has(advice)) continue;
    const text = adviceText(advice, ctx);
    if (text !== undefined) report += ctx.valkeyWording ? inValkeyWords(text) : text;
  }
  return report;
}

/** LATENCY GRAPH's chart of one event: a header, a rule, and an 80-column, 4-row sparkline. */
export function latencyGraph(name: string, ev: LatencyEvent, nowSec: number): string {
  const latencies = ev.samples.map((s) => s.latency);
  const samples = ev.samples.map((s) => ({ value: s.latency, label: elapsedLabel(nowSec - s.time) }));
  return `${name} - high ${Math.max(...latencies)} ms, low ${Math.min(...latencies)} ms (all time high ${ev.max} ms)\n`
    + `${'-'.repeat(80)}\n`
    + renderSparkline(samples, 80, 4, true);
}

/** How long ago a sample was taken: seconds, minutes, hours or days (C integer division). */
function elapsedLabel(elapsed: number): string {
  if (elapsed < 60) return `${elapsed}s`;
  if (elapsed < 3600) return `${Math.trunc(elapsed / 60)}m`;
  if (elapsed < 3600 * 24) return `${Math.trunc(elapsed / 3600)}h`;
  return `${Math.trunc(elapsed / (3600 * 24))}d`;
}

/** Bytes of anonymous huge pages in this process (redis reads the same field of its smaps). */
export function anonHugePagesBytes(): number {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/smaps', 'latin1');
  } catch {
    return 0;
  }
  let kb = 0;
  for (const m of text.matchAll(/^AnonHugePages:\s+(\d+) kB/gm)) kb += Number(m[1]);
  return kb * 1024;
}
