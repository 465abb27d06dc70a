/** The slow log (SLOWLOG GET/LEN/RESET): commands slower than slowlog-log-slower-than µs. */

const SLOWLOG_ENTRY_MAX_ARGC = 32;
const SLOWLOG_ENTRY_MAX_STRING = 128;

export interface SlowlogEntry {
  readonly id: number;
  readonly time: number;
  readonly durationMicros: number;
  readonly argv: readonly string[];
  readonly peer: string;
  readonly clientName: string;
}

export class SlowLog {
  /** Newest first. */
  public entries: SlowlogEntry[] = [];
  private nextId = 0;

  /** Adds an entry, trimming arguments as redis does, and keeps at most maxLen entries. */
  public add(argv: readonly string[], durationMicros: number, timeSec: number, peer: string, clientName: string, maxLen: number): void {
    const slargc = Math.min(argv.length, SLOWLOG_ENTRY_MAX_ARGC);
    const kept: string[] = [];
    for (let i = 0; i < slargc; i++) {
      if (slargc !== argv.length && i === slargc - 1) {
        kept.push(`... (${argv.length - slargc + 1} more arguments)`);
      } else if (argv[i].length > SLOWLOG_ENTRY_MAX_STRING) {
        kept.push(`${argv[i].slice(0, SLOWLOG_ENTRY_MAX_STRING)}... (${argv[i].length - SLOWLOG_ENTRY_MAX_STRING} more bytes)`);
      } else {
        kept.push(argv[i]);
      }
    }
    this.entries.unshift({ id: this.nextId++, time: timeSec, durationMicros, argv: kept, peer, clientName });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  public trim(maxLen: number): void {
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  public reset(): void {
    this.entries = [];
  }
}
