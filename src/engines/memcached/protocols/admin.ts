/**
 * Administrative text commands: `stats …`, `slabs reassign|automove`, `lru tune|mode|temp_ttl`,
 * `lru_crawler …`, `watch`, `verbosity`, `cache_memlimit`, `shutdown`, and ElastiCache's
 * `config get cluster`. Replies and argument checks follow memcached 1.6.
 */
import type { Connection } from '../connection';
import { CrawlStart, parseClassList } from '../crawler';
import { parseInt32, parseUint32 } from '../numbers';
import { ReassignResult } from '../page-mover';
import { connsStats, generalStats, itemsStats, settingsStats, sizesStats, slabsStats, StatPair } from '../stats';
import { WATCH_FLAGS, WatchFlag } from '../watch';
import { setNoreplyMaybe, Tokens } from './tokens';

const MAX_VERBOSITY_LEVEL = 2;

/** Handles the command if it is an admin command; returns false otherwise. */
export function processAdminCommand(c: Connection, t: Tokens, n: number): boolean {
  if (t.is(0, 'stats')) {processStats(c, t, n);} else if (t.is(0, 'slabs')) {processSlabs(c, t, n);} else if (t.is(0, 'lru_crawler')) {processLruCrawler(c, t, n);} else if (t.is(0, 'watch')) {processWatch(c, t, n);} else if (t.is(0, 'lru')) {
    if (n < 3) c.reply('ERROR');
    else processLru(c, t, n);
  } else if (t.is(0, 'verbosity')) {
    if (n !== 3 && n !== 4) c.reply('ERROR');
    else processVerbosity(c, t, n);
  } else if (t.is(0, 'cache_memlimit')) {
    if (n !== 3 && n !== 4) c.reply('ERROR');
    else processMemlimit(c, t, n);
  } else if (t.is(0, 'shutdown')) {processShutdown(c, t, n);} else if (t.is(0, 'config')) {processConfig(c, t, n);} else {return false;}
  return true;
}

/** Frames name/value pairs as `STAT name value` lines, optionally followed by END. */
export function writeStats(c: Connection, pairs: StatPair[], end = true): void {
  const out = c.out;
  for (const [k, v] of pairs) {
    out.ensure(k.length + v.length + 8);
    out.ascii('STAT ');
    out.ascii(k);
    out.byte(32);
    out.ascii(v);
    out.crlf();
  }
  if (end) out.ascii('END\r\n');
}

function processStats(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  if (n === 2) {
    writeStats(c, generalStats(e, c.host.networkStats()));
    return;
  }
  const sub = t.text(1);
  switch (sub) {
    case 'reset':
      e.resetStats();
      c.reply('RESET');
      return;
    case 'detail': {
      const arg = n < 4 ? '' : t.text(2);
      if (arg === 'on') {
        e.settings.detailEnabled = true;
        c.reply('OK');
      } else if (arg === 'off') {
        e.settings.detailEnabled = false;
        c.reply('OK');
      } else if (arg === 'dump') {
        c.out.ascii(e.prefixes.dump());
      } else {
        c.reply('CLIENT_ERROR usage: stats detail on|off|dump');
      }
      return;
    }
    case 'settings':
      writeStats(c, settingsStats(e, c.host.networkStats()));
      return;
    case 'cachedump':
      return processCachedump(c, t, n);
    case 'conns':
      writeStats(c, connsStats(c.host.networkStats()));
      return;
    case 'items':
      writeStats(c, itemsStats(e));
      return;
    case 'slabs':
      writeStats(c, slabsStats(e));
      return;
    case 'sizes':
      writeStats(c, sizesStats(e));
      return;
    case 'sizes_enable': {
      const err = e.store.sizesEnable();
      // memcached sends these two without an END line.
      writeStats(c, err ? [['sizes_status', 'error'], ['sizes_error', err]] : [['sizes_status', 'enabled']], false);
      return;
    }
    case 'sizes_disable':
      e.store.sizesDisable();
      writeStats(c, [['sizes_status', 'disabled']], false);
      return;
    default:
      c.reply('ERROR');
  }
}

/** `stats cachedump <class> <limit>`: keys at the head of the class's COLD LRU. */
function processCachedump(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  if (!e.settings.dumpEnabled) return c.reply('CLIENT_ERROR stats cachedump not allowed');
  if (n < 5) return c.reply('CLIENT_ERROR bad command line');
  const id = parseUint32(t.buf, t.start[2], t.end[2]);
  const limit = id === undefined ? undefined : parseUint32(t.buf, t.start[3], t.end[3]);
  if (id === undefined || limit === undefined) return c.reply('CLIENT_ERROR bad command line format');
  if (id >= 64) return c.reply('CLIENT_ERROR Illegal slab id');
  const st = e.store;
  const memlimit = 2 * 1024 * 1024;
  let out = '';
  let shown = 0;
  for (let ref = st.heads[id + 128]; ref !== 0 && (limit === 0 || shown < limit); ref = st.lruNext(ref)) {
    let key = st.keyString(ref);
    const nul = key.indexOf('\0');
    if (nul >= 0) key = key.slice(0, nul);
    const exp = st.exptime(ref);
    const line = `ITEM ${key} [${st.nbytes(ref) - 2} b; ${exp === 0 ? 0 : exp + e.clock.processStarted} s]\r\n`;
    if (out.length + line.length + 6 > memlimit) break;
    out += line;
    shown++;
  }
  c.out.ascii(out + 'END\r\n');
}

function processSlabs(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  if (n === 5 && t.is(1, 'reassign')) {
    if (!e.settings.slabReassign) return c.reply('CLIENT_ERROR slab reassignment disabled');
    const src = parseInt32(t.buf, t.start[2], t.end[2]);
    const dst = src === undefined ? undefined : parseInt32(t.buf, t.start[3], t.end[3]);
    if (src === undefined || dst === undefined) return c.reply('CLIENT_ERROR bad command line format');
    switch (e.mover.reassign(src, dst)) {
      case ReassignResult.OK: return c.reply('OK');
      case ReassignResult.RUNNING: return c.reply('BUSY currently processing reassign request');
      case ReassignResult.BADCLASS: return c.reply('BADCLASS invalid src or dst class id');
      case ReassignResult.NOSPARE: return c.reply('NOSPARE source class has no spare pages');
      case ReassignResult.SRC_DST_SAME: return c.reply('SAME src and dst class are identical');
    }
  }
  if (n >= 4 && t.is(1, 'automove')) {
    setNoreplyMaybe(c, t, n);
    if (t.is(2, 'ratio')) {
      const ratio = n < 5 ? undefined : parseDouble(t.text(3));
      if (ratio === undefined) return c.reply('ERROR');
      e.settings.slabAutomoveRatio = ratio;
    } else {
      const level = parseUint32(t.buf, t.start[2], t.end[2]);
      if (level === undefined) return c.reply('CLIENT_ERROR bad command line format');
      if (level > 2) return c.reply('ERROR');
      e.settings.slabAutomove = level;
    }
    return c.reply('OK');
  }
  c.reply('ERROR');
}

/** C `strtod` with memcached's `safe_strtod` terminator rule. */
function parseDouble(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))(?:[ \t\n\v\f\r].*)?$/i.exec(s);
  if (!m) return undefined;
  const v = Number(m[1].replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
  return Number.isNaN(v) && !/nan/i.test(m[1]) ? undefined : v;
}

function processLru(c: Connection, t: Tokens, n: number): void {
  const s = c.engine.settings;
  setNoreplyMaybe(c, t, n);
  if (t.is(1, 'tune') && n >= 7) {
    const pctHot = parseUint32(t.buf, t.start[2], t.end[2]);
    const pctWarm = parseUint32(t.buf, t.start[3], t.end[3]);
    const hotFactor = parseDouble(t.text(4));
    const factor = parseDouble(t.text(5));
    if (pctHot === undefined || pctWarm === undefined || hotFactor === undefined || factor === undefined) return c.reply('ERROR');
    if (pctHot + pctWarm > 80) return c.reply('ERROR hot and warm pcts must not exceed 80');
    if (factor <= 0 || hotFactor <= 0) return c.reply('ERROR hot/warm age factors must be greater than 0');
    s.hotLruPct = pctHot;
    s.warmLruPct = pctWarm;
    s.hotMaxFactor = hotFactor;
    s.warmMaxFactor = factor;
    return c.reply('OK');
  }
  if (t.is(1, 'mode') && n >= 4 && s.lruMaintainerThread) {
    if (t.is(2, 'flat')) s.lruSegmented = false;
    else if (t.is(2, 'segmented')) s.lruSegmented = true;
    else return c.reply('ERROR');
    return c.reply('OK');
  }
  if (t.is(1, 'temp_ttl') && n >= 4 && s.lruMaintainerThread) {
    const ttl = parseInt32(t.buf, t.start[2], t.end[2]);
    if (ttl === undefined) return c.reply('ERROR');
    if (ttl < 0) {
      s.tempLru = false;
    } else {
      s.tempLru = true;
      s.temporaryTtl = ttl;
    }
    return c.reply('OK');
  }
  c.reply('ERROR');
}

function processLruCrawler(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  const s = e.settings;
  if (n === 4 && t.is(1, 'crawl')) {
    if (!s.lruCrawler) return c.reply('CLIENT_ERROR lru crawler disabled');
    const ids = parseClassList(t.text(2));
    if (!ids) return c.reply('BADCLASS invalid class id');
    switch (e.crawler.crawl(ids)) {
      case CrawlStart.OK: return c.reply('OK');
      case CrawlStart.RUNNING: return c.reply('BUSY currently processing crawler request');
      case CrawlStart.BADCLASS: return c.reply('BADCLASS invalid class id');
      case CrawlStart.NOTSTARTED: return c.reply('NOTSTARTED no items to crawl');
    }
  }
  if (n === 4 && t.is(1, 'metadump')) {
    if (!s.lruCrawler) return c.reply('CLIENT_ERROR lru crawler disabled');
    if (!s.dumpEnabled) return c.reply('ERROR metadump not allowed');
    if (c.hasPendingReplies()) return c.reply('ERROR cannot pipeline other commands before metadump');
    const arg = t.text(2);
    const ids = arg === 'hash' ? 'hash' : parseClassList(arg);
    if (!ids) return c.reply('BADCLASS invalid class id');
    if (e.crawler.running) return c.reply('BUSY currently processing crawler request');
    for (const line of e.crawler.metadump(ids)) c.out.ascii(line);
    c.out.ascii('END\r\n');
    return;
  }
  if (n === 4 && t.is(1, 'tocrawl')) {
    const v = parseUint32(t.buf, t.start[2], t.end[2]);
    if (v === undefined) return c.reply('CLIENT_ERROR bad command line format');
    s.lruCrawlerTocrawl = v;
    return c.reply('OK');
  }
  if (n === 4 && t.is(1, 'sleep')) {
    const v = parseUint32(t.buf, t.start[2], t.end[2]);
    if (v === undefined) return c.reply('CLIENT_ERROR bad command line format');
    if (v > 1000000) return c.reply('CLIENT_ERROR sleep must be one second or less');
    s.lruCrawlerSleep = v;
    return c.reply('OK');
  }
  if (n === 3) {
    if (t.is(1, 'enable')) {
      if (s.lruCrawler) return c.reply('ERROR failed to start lru crawler thread');
      s.lruCrawler = true;
      return c.reply('OK');
    }
    if (t.is(1, 'disable')) {
      s.lruCrawler = false;
      e.crawler.stop();
      return c.reply('OK');
    }
  }
  c.reply('ERROR');
}

function processWatch(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  setNoreplyMaybe(c, t, n);
  if (!e.settings.watchEnabled) return c.reply('CLIENT_ERROR watch commands not allowed');
  if (c.hasPendingReplies()) return c.reply('ERROR cannot pipeline other commands before watch');
  const flags = new Set<WatchFlag>();
  if (n > 2) {
    for (let i = 1; i < n - 1; i++) {
      const f = t.text(i) as WatchFlag;
      if (!WATCH_FLAGS.includes(f)) return c.reply('ERROR');
      flags.add(f);
    }
  } else {
    flags.add('fetchers');
  }
  c.reply('OK');
  c.becomeWatcher(flags);
}

function processVerbosity(c: Connection, t: Tokens, n: number): void {
  setNoreplyMaybe(c, t, n);
  const level = parseUint32(t.buf, t.start[1], t.end[1]);
  if (level === undefined) return c.reply('CLIENT_ERROR bad command line format');
  c.engine.settings.verbose = Math.min(level, MAX_VERBOSITY_LEVEL);
  c.reply('OK');
}

function processMemlimit(c: Connection, t: Tokens, n: number): void {
  const e = c.engine;
  setNoreplyMaybe(c, t, n);
  const mb = parseUint32(t.buf, t.start[1], t.end[1]);
  if (mb === undefined) return c.reply('ERROR');
  if (mb < 8) return c.reply('MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m');
  if (mb > 1000000000) return c.reply('MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes');
  e.settings.maxbytes = mb * 1024 * 1024;
  e.store.slabs.adjustMemLimit(e.settings.maxbytes);
  c.reply('OK');
}

function processShutdown(c: Connection, t: Tokens, n: number): void {
  if (!c.engine.settings.shutdownCommand) return c.reply('ERROR: shutdown not enabled');
  if (n === 2) {
    c.abort('shutdown');
    c.host.shutdown(false);
  } else if (n === 3 && t.is(1, 'graceful')) {
    c.abort('shutdown');
    c.host.shutdown(true);
  } else {
    c.reply('CLIENT_ERROR invalid shutdown mode');
  }
}

/** ElastiCache Auto Discovery: `config get cluster`. Other keys are unknown configuration (END). */
function processConfig(c: Connection, t: Tokens, n: number): void {
  if (n !== 4 || !t.is(1, 'get')) return c.reply('ERROR');
  c.engine.discovery.configGets++;
  if (t.is(2, 'cluster')) {
    const body = c.engine.cluster.payload();
    const out = c.out;
    out.ascii(`CONFIG cluster 0 ${body.length}\r\n`);
    out.bytes(body, 0, body.length);
    out.ascii('\r\nEND\r\n');
    return;
  }
  c.out.ascii('END\r\n');
}
