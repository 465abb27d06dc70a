/**
 * The live metrics view of `simulate --metrics`: a compact table, one row per cache node or
 * serverless cache, of what happened since the previous refresh. It keeps its own metric sources
 * (the collector's minute-by-minute readings are not disturbed) and reads them on each refresh.
 */
import type { RunningCache } from '../runtime';
import { SourceSet } from './cache-sources';
import type { Derived } from './sources/source';

interface Column {
  readonly header: string;
  /** The value of the column in a reading, or undefined when the source has no such metric. */
  readonly value: (d: Derived, seconds: number) => number | undefined;
  readonly format: (n: number) => string;
}

const num = (d: Derived, name: string): number | undefined => (typeof d[name] === 'number' ? d[name] as number : undefined);
const first = (d: Derived, ...names: string[]) => names.map((n) => num(d, n)).find((v) => v !== undefined);
const perSecond = (v: number | undefined, seconds: number) => (v === undefined || seconds <= 0 ? undefined : v / seconds);

const percent = (n: number) => `${n.toFixed(1)}%`;
const count = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
function bytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const COLUMNS: readonly Column[] = [
  { header: 'CPU', value: (d) => first(d, 'EngineCPUUtilization', 'CPUUtilization'), format: percent },
  { header: 'MEMORY', value: (d) => first(d, 'DatabaseMemoryUsagePercentage'), format: percent },
  { header: 'USED', value: (d) => first(d, 'BytesUsedForCache', 'BytesUsedForCacheItems'), format: bytes },
  { header: 'CONN', value: (d) => first(d, 'CurrConnections'), format: count },
  { header: 'ITEMS', value: (d) => first(d, 'CurrItems'), format: count },
  { header: 'HITS/S', value: (d, s) => perSecond(first(d, 'CacheHits', 'GetHits'), s), format: count },
  { header: 'MISSES/S', value: (d, s) => perSecond(first(d, 'CacheMisses', 'GetMisses'), s), format: count },
  { header: 'EVICT', value: (d) => first(d, 'Evictions'), format: count },
  { header: 'IN/S', value: (d, s) => perSecond(first(d, 'NetworkBytesIn', 'BytesReadIntoMemcached'), s), format: bytes },
  { header: 'OUT/S', value: (d, s) => perSecond(first(d, 'NetworkBytesOut', 'BytesWrittenOutFromMemcached'), s), format: bytes },
  { header: 'ECPU/S', value: (d, s) => perSecond(first(d, 'ElastiCacheProcessingUnits'), s), format: count },
  { header: 'THROTTLED', value: (d) => first(d, 'ThrottledCmds'), format: count },
  { header: 'LAG', value: (d) => first(d, 'ReplicationLag'), format: (n) => `${n.toFixed(1)} s` },
];

export class LiveMetricsView {
  private readonly sources = new SourceSet(false);
  private lastReading = performance.now();

  constructor(private readonly caches: () => readonly RunningCache[]) {
    this.read();
  }

  /** Reads every source; rows of the sources that have a previous reading. */
  private read(): { key: string; derived: Derived }[] {
    const now = performance.now();
    const elapsed = now - this.lastReading;
    this.lastReading = now;
    const rows: { key: string; derived: Derived }[] = [];
    for (const cache of this.caches()) {
      for (const source of this.sources.sourcesOf(cache)) {
        const derived = source.sample(elapsed);
        if (derived) rows.push({ key: source.key, derived });
      }
    }
    return rows;
  }

  /** The table of what happened since the previous call (or since the view was made). */
  public render(): string {
    const since = this.lastReading;
    const rows = this.read();
    const seconds = (this.lastReading - since) / 1000;
    const used = COLUMNS.filter((c) => rows.some((r) => c.value(r.derived, seconds) !== undefined));
    const header = ['NODE', ...used.map((c) => c.header)];
    const cells = rows.map((r) => [r.key, ...used.map((c) => {
      const v = c.value(r.derived, seconds);
      return v === undefined ? '-' : c.format(v);
    })]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
    const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [line(header), ...cells.map(line)].join('\n');
  }
}
