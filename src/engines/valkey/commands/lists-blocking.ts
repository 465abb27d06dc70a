/**
 * Blocking list commands: BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH. Each serves at once when it can
 * (propagated as the non-blocking pop or move it performed), answers as a timeout where blocking is
 * not allowed (MULTI, scripts), and otherwise blocks; a woken client re-runs its command, as
 * Valkey 7.2 does, keeping its place in the FIFO of clients blocked on the key.
 */
import { timeoutSecondsArg } from './args';
import { elementsRemoved, lmoveGeneric, parseMpop, parseSide, popRangeWithKey } from './lists';
import { CLIENT, Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { ListValue } from '../types/list/list-value';
import { ERR } from '../util/errors';

function timedOut(c: Client): void {
  c.out.nullArray();
}

/**
 * The first non-empty list among `keys`, or undefined. A wrong type is an error, except while a
 * woken client re-runs: redis only wakes list clients for lists, so such a key is passed over.
 * Returns null after replying WRONGTYPE.
 */
function firstNonEmpty(c: Client, keys: readonly string[]): [string, ListValue] | undefined | null {
  const reprocessing = (c.flags & CLIENT.REPROCESSING) !== 0;
  for (const key of keys) {
    const v = c.db.lookupWrite(key);
    if (v === undefined) continue;
    if (!(v instanceof ListValue)) {
      if (reprocessing) continue;
      c.out.error(ERR.WRONGTYPE);
      return null;
    }
    if (v.length > 0) return [key, v];
  }
  return undefined;
}

/** redis blockingPopGenericCommand: `count` -1 for BLPOP/BRPOP's single element, else BLMPOP. */
function blockingPop(c: Client, keys: string[], head: boolean, timeoutArgument: string, count: number): void {
  const timeout = timeoutSecondsArg(c, timeoutArgument);
  if (timeout === undefined) return;
  const found = firstNonEmpty(c, keys);
  if (found === null) return;
  if (found) {
    const [key, list] = found;
    if (count !== -1) {
      popRangeWithKey(c, key, list, head, count);
      return;
    }
    const value = list.pop(head)!;
    c.out.arrayHeader(2);
    c.out.bulk(key);
    c.out.bulk(value);
    elementsRemoved(c, key, head, list, 1);
    c.propagateArgv = [head ? 'LPOP' : 'RPOP', key];
    return;
  }
  const blocking = c.server.blocking;
  if (!blocking.canBlock(c)) {
    c.out.nullArray();
    return;
  }
  blocking.blockOnKeys(c, keys, { timeoutMs: timeout, onTimeout: timedOut });
}

function blmpop(c: Client, argv: string[]): void {
  const args = parseMpop(c, argv, 2);
  if (!args) return;
  blockingPop(c, args.keys, args.where, argv[1], args.count);
}

/**
 * What a BLMOVE/BRPOPLPUSH that moved propagates. Redis 7.0 serves a woken client outside the
 * command and writes the sides with its shared lower-case objects; 7.2 re-runs the command, which
 * keeps the client's own arguments.
 */
function movePropagation(c: Client, argv: string[], fromHead: boolean, toHead: boolean, rpoplpush: boolean): string[] {
  if (rpoplpush) return ['RPOPLPUSH', argv[1], argv[2]];
  if (c.flags & CLIENT.REPROCESSING && !c.server.since72) {
    return ['LMOVE', argv[1], argv[2], fromHead ? 'left' : 'right', toHead ? 'left' : 'right'];
  }
  return ['LMOVE', argv[1], argv[2], argv[3], argv[4]];
}

/** BLMOVE/BRPOPLPUSH: moves when the source has elements, else blocks on the source. */
function blmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean, timeoutArgument: string, rpoplpush: boolean): void {
  const timeout = timeoutSecondsArg(c, timeoutArgument);
  if (timeout === undefined) return;
  const found = firstNonEmpty(c, [argv[1]]);
  if (found === null) return;
  if (found) {
    lmoveGeneric(c, argv, fromHead, toHead);
    c.propagateArgv = movePropagation(c, argv, fromHead, toHead, rpoplpush);
    return;
  }
  const blocking = c.server.blocking;
  if (!blocking.canBlock(c)) {
    c.out.nullBulk();
    return;
  }
  blocking.blockOnKeys(c, [argv[1]], { timeoutMs: timeout, onTimeout: timedOut });
}

function blmove(c: Client, argv: string[]): void {
  const fromHead = parseSide(c, argv[3]);
  if (fromHead === undefined) return;
  const toHead = parseSide(c, argv[4]);
  if (toHead === undefined) return;
  blmoveGeneric(c, argv, fromHead, toHead, argv[5], false);
}

export const BLOCKING_LIST_COMMANDS: CommandDef[] = [
  { name: 'blpop', handler: (c, argv) => blockingPop(c, argv.slice(1, -1), true, argv[argv.length - 1], -1) },
  { name: 'brpop', handler: (c, argv) => blockingPop(c, argv.slice(1, -1), false, argv[argv.length - 1], -1) },
  { name: 'blmpop', handler: blmpop },
  { name: 'blmove', handler: blmove },
  { name: 'brpoplpush', handler: (c, argv) => blmoveGeneric(c, argv, false, true, argv[3], true) },
];
