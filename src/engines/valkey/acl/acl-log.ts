/**
 * The ACL security log (ACL LOG): refused commands, keys, channels and failed authentications,
 * newest first. Similar events within a minute (same reason, context, object and user) are
 * folded into one entry whose count grows, looking at the 10 newest entries as redis does.
 */

export type AclLogReason = 'command' | 'key' | 'channel' | 'auth';
export type AclLogContext = 'toplevel' | 'multi' | 'lua' | 'module';

export interface AclLogEntry {
  count: number;
  readonly reason: AclLogReason;
  readonly context: AclLogContext;
  readonly object: string;
  readonly username: string;
  /** Time of the last update (ms). */
  ctime: number;
  /** CLIENT LIST line of the last client that caused it. */
  clientInfo: string;
  readonly entryId: number;
  readonly createdAt: number;
}

const GROUPING_WINDOW_MS = 60000;
const SCAN_FOR_DUPLICATES = 10;

export class AclLog {
  /** Newest first. */
  public entries: AclLogEntry[] = [];
  private nextId = 0;

  public add(e: Omit<AclLogEntry, 'count' | 'entryId' | 'createdAt'>, maxLen: number): void {
    const scan = Math.min(SCAN_FOR_DUPLICATES, this.entries.length);
    for (let i = 0; i < scan; i++) {
      const cur = this.entries[i];
      if (cur.reason === e.reason && cur.context === e.context && Math.abs(cur.ctime - e.ctime) <= GROUPING_WINDOW_MS
        && cur.object === e.object && cur.username === e.username) {
        cur.count++;
        cur.ctime = e.ctime;
        cur.clientInfo = e.clientInfo;
        this.entries.splice(i, 1);
        this.entries.unshift(cur);
        return;
      }
    }
    this.entries.unshift({ ...e, count: 1, entryId: this.nextId++, createdAt: e.ctime });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  public reset(): void {
    this.entries = [];
  }
}
