/**
 * Permission checks (redis ACLCheckAllUserCommandPerm): may a user run a command with these
 * arguments? Each selector checks the command (or an allowed first argument), then the keys its
 * key specs find (read/write permissions), then the pub/sub channels. The first selector that
 * allows everything wins; otherwise the most relevant refusal is reported with the argument index.
 */
import type { AclCommand } from './command-universe';
import { KEY_PERM, SELECTOR, Selector } from './selector';
import type { User } from './user';
import type { Command } from '../table/command';
import type { KeyRef } from '../table/key-specs';
import { cString } from '../util/errors';
import { stringMatch } from '../util/glob';

/** redis ACL_* results; the numeric order decides which refusal is reported. */
export const ACL = { OK: 0, DENIED_CMD: 1, DENIED_KEY: 2, DENIED_AUTH: 3, DENIED_CHANNEL: 4 } as const;

export interface PermissionResult {
  readonly result: number;
  /** Index in argv of the refused key or channel (0 for a refused command). */
  readonly index: number;
}

const OK: PermissionResult = { result: ACL.OK, index: 0 };

/** How a command names pub/sub channels (redis ACLDoesCommandHaveChannels). */
function channelArgs(fullName: string): 'first' | 'all' | 'patterns' | undefined {
  switch (fullName) {
    case 'publish': case 'spublish': return 'first';
    case 'subscribe': case 'ssubscribe': return 'all';
    case 'psubscribe': return 'patterns';
    default: return undefined;
  }
}

/** Read/write permissions a key needs, from its key spec flags. */
function keyPermissionsNeeded(flags: readonly string[]): number {
  let need = 0;
  for (const f of flags) {
    if (f === 'access') need |= KEY_PERM.READ;
    else if (f === 'insert' || f === 'delete' || f === 'update') need |= KEY_PERM.WRITE;
  }
  return need;
}

export function selectorAllowsKey(sel: Selector, key: string, flags: readonly string[]): boolean {
  if (sel.flags & SELECTOR.ALLKEYS) return true;
  const need = keyPermissionsNeeded(flags);
  for (const p of sel.patterns) {
    if ((p.flags & need) !== need) continue;
    if (stringMatch(p.pattern, key)) return true;
  }
  return false;
}

/**
 * A channel against a list of ACL channel patterns: a channel name is glob-matched; a pattern
 * (PSUBSCRIBE) must equal an ACL pattern literally (compared as C strings).
 */
export function channelAllowed(list: readonly string[], channel: string, isPattern: boolean): boolean {
  if (isPattern) {
    const literal = cString(channel);
    return list.some((p) => p === literal);
  }
  return list.some((p) => stringMatch(p, channel));
}

class KeyCache {
  private keys: KeyRef[] | undefined;
  private done = false;
  constructor(private readonly cmd: Command, private readonly argv: readonly string[]) {}

  public get(): readonly KeyRef[] {
    if (!this.done) {
      this.keys = this.cmd.findKeys(this.argv);
      this.done = true;
    }
    return this.keys ?? [];
  }
}

function checkSelector(sel: Selector, acl: AclCommand | undefined, cmd: Command, argv: readonly string[], keys: KeyCache): PermissionResult {
  if (!(sel.flags & SELECTOR.ALLCOMMANDS) && !(acl?.noAuth ?? false)) {
    if (!acl || !sel.getBit(acl.id)) {
      const allowedArgs = acl ? sel.firstArgs?.get(acl.id) : undefined;
      if (argv.length < 2 || !allowedArgs) return { result: ACL.DENIED_CMD, index: 0 };
      const arg = argv[acl!.parent ? 2 : 1];
      if (arg === undefined || !allowedArgs.some((a) => a.toLowerCase() === arg.toLowerCase())) {
        return { result: ACL.DENIED_CMD, index: 0 };
      }
    }
  }
  if (!(sel.flags & SELECTOR.ALLKEYS) && cmd.hasKeys()) {
    for (const k of keys.get()) {
      if (!selectorAllowsKey(sel, argv[k.pos], k.flags)) return { result: ACL.DENIED_KEY, index: k.pos };
    }
  }
  if (!(sel.flags & SELECTOR.ALLCHANNELS)) {
    const kind = channelArgs(cmd.fullName);
    if (kind) {
      const last = kind === 'first' ? 1 : argv.length - 1;
      for (let j = 1; j <= last; j++) {
        if (!channelAllowed(sel.channels, argv[j], kind === 'patterns')) return { result: ACL.DENIED_CHANNEL, index: j };
      }
    }
  }
  return OK;
}

/** True when the user's root selector allows every command, key and channel (the common case). */
export function unrestricted(u: User): boolean {
  const f = u.selectors[0].flags;
  return (f & (SELECTOR.ALLCOMMANDS | SELECTOR.ALLKEYS | SELECTOR.ALLCHANNELS)) === (SELECTOR.ALLCOMMANDS | SELECTOR.ALLKEYS | SELECTOR.ALLCHANNELS);
}

/** Checks every selector of the user; the first that allows the command wins. */
export function checkUserCommand(u: User, acl: AclCommand | undefined, cmd: Command, argv: readonly string[]): PermissionResult {
  if (unrestricted(u)) return OK;
  const keys = new KeyCache(cmd, argv);
  let relevant: PermissionResult = { result: ACL.DENIED_CMD, index: 0 };
  for (const sel of u.selectors) {
    const r = checkSelector(sel, acl, cmd, argv, keys);
    if (r.result === ACL.OK) return OK;
    if (r.result > relevant.result || (r.result === relevant.result && r.index > relevant.index)) relevant = r;
  }
  return relevant;
}

/**
 * redis ACLUserCheckCmdWithUnrestrictedKeyAccess: true when a selector that allows the command
 * also allows every key with `perm` (SORT's BY and GET patterns name keys no key spec can see).
 */
export function unrestrictedKeyAccess(u: User, acl: AclCommand | undefined, cmd: Command, argv: readonly string[], perm: number): boolean {
  const keys = new KeyCache(cmd, argv);
  for (const sel of u.selectors) {
    if (checkSelector(sel, acl, cmd, argv, keys).result === ACL.OK && sel.allKeysAllowed(perm)) return true;
  }
  return false;
}
