/**
 * Log watchers (`watch fetchers mutations evictions connevents …`): connections that receive one
 * `key=value` line per event, in memcached's logger formats. A watcher that does not keep up has
 * lines skipped (counted in `log_watcher_skipped`) once `watcher_logbuf_size` bytes are queued.
 */
import { ServerCounters, ServerState } from './counters';

export type WatchFlag = 'fetchers' | 'mutations' | 'evictions' | 'connevents' | 'sysevents' | 'rawcmds' | 'proxyreqs' | 'proxyevents' | 'proxyuser';

export const WATCH_FLAGS: readonly WatchFlag[] = [
  'rawcmds', 'evictions', 'fetchers', 'mutations', 'sysevents', 'connevents', 'proxyreqs', 'proxyevents', 'proxyuser',
];

/** What the hub needs from a watching connection. */
export interface WatchSink {
  /** Bytes queued on the socket and not yet sent. */
  pendingBytes(): number;
  write(text: string): void;
}

interface Watcher {
  readonly sink: WatchSink;
  readonly flags: ReadonlySet<WatchFlag>;
  skipped: number;
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private gid = 0;
  /** Counts per flag, so emitters can skip formatting when nobody listens. */
  private readonly listening = new Map<WatchFlag, number>();

  constructor(private readonly counters: ServerCounters, private readonly state: ServerState, private readonly bufferLimit: () => number) {}

  add(sink: WatchSink, flags: ReadonlySet<WatchFlag>): () => void {
    const w: Watcher = { sink, flags, skipped: 0 };
    this.watchers.add(w);
    for (const f of flags) this.listening.set(f, (this.listening.get(f) ?? 0) + 1);
    this.state.logWatchers = this.watchers.size;
    return () => {
      if (!this.watchers.delete(w)) return;
      for (const f of flags) this.listening.set(f, (this.listening.get(f) ?? 1) - 1);
      this.state.logWatchers = this.watchers.size;
    };
  }

  wants(flag: WatchFlag): boolean {
    return (this.listening.get(flag) ?? 0) > 0;
  }

  /** Sends one event line (without the ts/gid prefix) to every watcher of `flag`. */
  emit(flag: WatchFlag, body: string): void {
    if (!this.wants(flag)) return;
    const now = Date.now();
    const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
    const line = `ts=${ts} gid=${++this.gid} ${body}\n`;
    this.counters.logWorkerWritten++;
    for (const w of this.watchers) {
      if (!w.flags.has(flag)) continue;
      if (w.sink.pendingBytes() > this.bufferLimit()) {
        w.skipped++;
        this.counters.logWatcherSkipped++;
        continue;
      }
      if (w.skipped > 0) {
        w.sink.write(`[skipped: ${w.skipped}]\n`);
        w.skipped = 0;
      }
      w.sink.write(line);
      this.counters.logWatcherSent++;
    }
  }
}
