/**
 * The state of one script invocation (redis scriptRunCtx): who called, with which flags, since
 * when, and whether it has written, timed out or been killed.
 */
import type { LuaState } from './lua';
import type { Client } from '../server/client';

/** Script flags from a `#!lua flags=…` shebang or `redis.register_function` (SCRIPT_FLAG_*). */
export const SCRIPT_FLAG = {
  NO_WRITES: 1,
  ALLOW_OOM: 2,
  ALLOW_STALE: 4,
  NO_CLUSTER: 8,
  /** An EVAL script without a shebang: the pre-7.0 rules apply. */
  EVAL_COMPAT: 16,
  ALLOW_CROSS_SLOT: 32,
} as const;

export const SCRIPT_FLAG_NAMES: ReadonlyArray<[string, number]> = [
  ['no-writes', SCRIPT_FLAG.NO_WRITES],
  ['allow-oom', SCRIPT_FLAG.ALLOW_OOM],
  ['allow-stale', SCRIPT_FLAG.ALLOW_STALE],
  ['no-cluster', SCRIPT_FLAG.NO_CLUSTER],
  ['allow-cross-slot-keys', SCRIPT_FLAG.ALLOW_CROSS_SLOT],
];

export class RunContext {
  /** Only reads allowed (EVAL_RO, FCALL_RO, `no-writes`). */
  public readOnly = false;
  public allowOom = false;
  /** A write command ran: the script can no longer be killed. */
  public writeDirty = false;
  /** Over busy-reply-threshold: other clients get -BUSY. */
  public timedOut = false;
  /** busy-reply-threshold when the script started (0: never busy). */
  public thresholdMs = 0;
  public killed = false;
  /** The error handler is running (the kill hook must not interrupt it). */
  public inHandler = false;
  /** The memory limit was exceeded when the script started (redis script_oom). */
  public oomAtStart = false;
  /** redis.set_repl flags (REPL_ALL by default). */
  public replFlags = 3;
  /** The script's protocol for redis.call replies (redis.setresp). */
  public resp = 2;
  /** May hand the event loop back while over the threshold. */
  public canYield = false;
  /** Suspended at least once (its client waits for the reply). */
  public suspended = false;
  public thread: LuaState | undefined;
  public readonly startMs: number;

  constructor(
    public readonly caller: Client,
    public readonly client: Client,
    /** SHA1 (EVAL) or function name (FCALL), as error messages name it. */
    public readonly name: string,
    public readonly isEval: boolean,
    /** The command that started the script (FUNCTION STATS shows it). */
    public readonly argv: readonly string[],
    now: number,
  ) {
    this.startMs = now;
  }
}
