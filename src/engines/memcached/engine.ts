/**
 * The engine without the network: item store, background maintenance, page mover, crawler,
 * watchers, per-prefix stats and the Auto Discovery configuration. Connections (connection.ts)
 * and the TCP server (server.ts) sit on top of it.
 */
import { EngineClock, WallClock } from './clock';
import { Crawler } from './crawler';
import { ClusterConfig } from './discovery';
import { ITEM_FETCHED } from './item-layout';
import { ItemEvents, ItemStore, StoreCommand, StoreResult } from './items';
import { Maintainer } from './maintainer';
import { PageMover } from './page-mover';
import { PrefixStats } from './prefix-stats';
import { MemcachedSettings } from './settings';
import { uriEncodeKey } from './uri';
import { WatchHub } from './watch';

const STORE_CMD_NAMES: Record<StoreCommand, string> = {
  [StoreCommand.SET]: 'set',
  [StoreCommand.ADD]: 'add',
  [StoreCommand.REPLACE]: 'replace',
  [StoreCommand.APPEND]: 'append',
  [StoreCommand.PREPEND]: 'prepend',
  [StoreCommand.CAS]: 'cas',
};

const STORE_STATUS_NAMES: Record<StoreResult, string> = {
  [StoreResult.STORED]: 'stored',
  [StoreResult.EXISTS]: 'exists',
  [StoreResult.NOT_FOUND]: 'not_found',
  [StoreResult.NOT_STORED]: 'not_stored',
};

export class MemcachedEngine {
  readonly clock: EngineClock;
  readonly store: ItemStore;
  readonly crawler: Crawler;
  readonly mover: PageMover;
  readonly maintainer: Maintainer;
  readonly watch: WatchHub;
  readonly prefixes: PrefixStats;
  cluster: ClusterConfig;
  /** True once a configuration was given explicitly (the server then keeps it at start). */
  clusterWasSet: boolean;
  /**
   * Auto Discovery requests (ElastiCache's `CmdConfigGet`/`CmdConfigSet` metrics): `config get`
   * calls from clients and configurations the service set. Kept out of `stats`, which real
   * memcached prints without them.
   */
  readonly discovery = { configGets: 0, configSets: 0 };
  /** The connection currently executing a command, for the `cfd=` field of log lines. */
  currentFd = 0;

  constructor(readonly settings: MemcachedSettings, wallClock?: WallClock, cluster?: ClusterConfig) {
    this.clock = new EngineClock(wallClock);
    this.store = new ItemStore(settings, this.clock);
    this.crawler = new Crawler(this.store);
    this.mover = new PageMover(this.store);
    this.maintainer = new Maintainer(this.store, this.crawler, this.mover);
    this.watch = new WatchHub(this.store.server, this.store.state, () => settings.watcherLogbufSize);
    this.prefixes = new PrefixStats(() => settings.statKeyPrefix.charCodeAt(0));
    this.cluster = cluster ?? new ClusterConfig(1, [{ host: 'localhost', ip: '127.0.0.1', port: settings.port || 11211 }]);
    this.clusterWasSet = cluster !== undefined;
    this.store.onEvict = (cls) => {
      if (settings.slabAutomove === 2 && settings.slabReassign) this.mover.reassign(-1, cls);
    };
    this.store.events = this.itemEvents();
  }

  setCluster(cluster: ClusterConfig): void {
    this.cluster = cluster;
    this.clusterWasSet = true;
    this.discovery.configSets++;
  }

  start(): void {
    this.maintainer.start();
  }

  stop(): void {
    this.maintainer.stop();
    this.crawler.stop();
    this.mover.stop();
  }

  /** `flush_all [delay]`, waking the maintainer so flushed items are reclaimed promptly. */
  flushAll(delay: number): void {
    this.store.flushAll(delay);
    this.maintainer.poke();
  }

  /** `stats reset`: memcached clears server stats, per-thread stats, item stats and prefix stats. */
  resetStats(): void {
    const st = this.store;
    for (const k of Object.keys(st.server) as Array<keyof typeof st.server>) (st.server[k] as number) = 0;
    const cmd = st.cmd;
    for (const [k, v] of Object.entries(cmd)) {
      if (v instanceof Float64Array) v.fill(0);
      else (cmd as unknown as Record<string, number>)[k] = 0;
    }
    st.itemStats.reset();
    this.prefixes.clear();
  }

  /** Log-line emitters for the watchers; each formats only when someone listens. */
  private itemEvents(): ItemEvents {
    const st = this.store;
    const hub = this.watch;
    return {
      fetch: (key, kStart, nkey, status, clsid) => {
        if (!hub.wants('fetchers')) return;
        const size = status === 'found' ? this.lastFetchSize(key, kStart, nkey) : 0;
        hub.emit('fetchers', `type=item_get key=${uriEncodeKey(key, kStart, nkey)} status=${status} clsid=${clsid} cfd=${this.currentFd} size=${size}`);
      },
      store: (ref, command, result) => {
        if (!hub.wants('mutations')) return;
        const [kb, ko] = st.keyView(ref);
        const exp = st.exptime(ref);
        const ttl = exp === 0 ? 0 : Math.max(0, exp - st.clock.current);
        hub.emit('mutations', `type=item_store key=${uriEncodeKey(kb, ko, st.nkey(ref))} status=${STORE_STATUS_NAMES[result]} ` +
          `cmd=${STORE_CMD_NAMES[command]} ttl=${ttl} clsid=${st.cls(ref)} cfd=${this.currentFd} size=${st.nbytes(ref) - 2}`);
      },
      evict: (ref) => {
        if (!hub.wants('evictions')) return;
        const [kb, ko] = st.keyView(ref);
        const exp = st.exptime(ref);
        const fetched = (st.itFlags(ref) & ITEM_FETCHED) !== 0; // eslint-disable-line no-bitwise
        hub.emit('evictions', `type=eviction key=${uriEncodeKey(kb, ko, st.nkey(ref))} fetch=${fetched ? 'yes' : 'no'} ` +
          `ttl=${exp === 0 ? -1 : exp - st.clock.current} la=${st.clock.current - st.time(ref)} clsid=${st.cls(ref)} size=${st.nbytes(ref) - 2}`);
      },
    };
  }

  private lastFetchSize(key: Uint8Array, kStart: number, nkey: number): number {
    const st = this.store;
    const ref = st.hash.find(key, kStart, nkey, st.hashKey(key, kStart, nkey));
    return ref ? st.nbytes(ref) - 2 : 0;
  }
}
