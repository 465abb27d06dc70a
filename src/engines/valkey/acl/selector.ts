/**
 * An ACL selector (redis' aclSelector): which commands, keys and channels a set of rules allows.
 * Every user has a root selector (the rules written outside parentheses) and may have more,
 * written `(…)`; a command is allowed when any selector allows it. Rules are applied with redis'
 * semantics and errors (`apply` returns the reason code for ACLSetUserStringError).
 */
import type { AclCommand, CommandUniverse } from './command-universe';
import { categoryIndex } from './command-universe';
import { ACL_CATEGORIES } from '../table/flags';

export const SELECTOR = {
  ROOT: 1 << 0,
  ALLKEYS: 1 << 1,
  ALLCOMMANDS: 1 << 2,
  ALLCHANNELS: 1 << 3,
} as const;

export const KEY_PERM = { READ: 1, WRITE: 2, ALL: 3 } as const;

/** Why a rule was refused (redis sets errno; the texts are in rule-errors.ts). */
export type RuleError = 'ENOENT' | 'EINVAL' | 'EEXIST' | 'EISDIR' | 'ENODEV' | 'EBADMSG' | 'ECHILD';

export interface KeyPattern {
  readonly pattern: string;
  flags: number;
}

/** True for C isspace() characters and NUL, which redis refuses in names and patterns. */
export function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c === 32 || (c >= 9 && c <= 13)) return true;
  }
  return false;
}

/** strcasecmp against an ASCII keyword. */
function same(op: string, keyword: string): boolean {
  return op.length === keyword.length && op.toLowerCase() === keyword;
}

export class Selector {
  public flags: number;
  /** Bit per command id (see CommandUniverse), plus the reserved future-commands bit. */
  public allowed: Uint32Array;
  /** Allowed first arguments of otherwise refused commands (`+select|0`), by command id. */
  public firstArgs: Map<number, string[]> | undefined;
  public patterns: KeyPattern[] = [];
  public channels: string[] = [];
  /** The command rules as written, deduplicated (what 7.2 shows in ACL LIST). */
  public commandRules = '';

  constructor(public readonly universe: CommandUniverse, flags: number) {
    this.flags = flags;
    this.allowed = new Uint32Array((universe.bitCount + 31) >>> 5);
  }

  public clone(): Selector {
    const s = new Selector(this.universe, this.flags);
    s.allowed.set(this.allowed);
    if (this.firstArgs) s.firstArgs = new Map([...this.firstArgs].map(([k, v]) => [k, v.slice()]));
    s.patterns = this.patterns.map((p) => ({ pattern: p.pattern, flags: p.flags }));
    s.channels = this.channels.slice();
    s.commandRules = this.commandRules;
    return s;
  }

  public getBit(id: number): boolean {
    return (this.allowed[id >>> 5] & (1 << (id & 31))) !== 0;
  }

  private setBit(id: number, value: boolean): void {
    if (value) {
      this.allowed[id >>> 5] |= 1 << (id & 31);
    } else {
      this.allowed[id >>> 5] &= ~(1 << (id & 31));
      // A refused command means bits must be checked one by one again.
      this.flags &= ~SELECTOR.ALLCOMMANDS;
    }
  }

  /** True when `+@all` (or allcommands) started the rules: future commands are allowed too. */
  public get allowsFutureCommands(): boolean {
    return this.getBit(this.universe.futureId);
  }

  /** Allows or refuses a command; a container takes its subcommands along (ACLChangeSelectorPerm). */
  public changePerm(cmd: AclCommand, allow: boolean): void {
    this.setBit(cmd.id, allow);
    this.firstArgs?.delete(cmd.id);
    if (cmd.subcommands) for (const sub of cmd.subcommands.values()) this.setBit(sub.id, allow);
  }

  /** Applies a category to every command and subcommand in it. */
  public changeCategory(bit: number, allow: boolean): void {
    const mask = 1 << bit;
    for (const cmd of this.universe.commands) {
      if (cmd.categories & mask) this.changePerm(cmd, allow);
      if (cmd.subcommands) {
        for (const sub of cmd.subcommands.values()) if (sub.categories & mask) this.changePerm(sub, allow);
      }
    }
  }

  public setAll(allow: boolean): void {
    this.allowed.fill(allow ? 0xffffffff : 0);
    if (allow) this.flags |= SELECTOR.ALLCOMMANDS;
    else this.flags &= ~SELECTOR.ALLCOMMANDS;
    this.commandRules = '';
    this.firstArgs = undefined;
  }

  private addFirstArg(id: number, arg: string): void {
    if (!this.firstArgs) this.firstArgs = new Map();
    const list = this.firstArgs.get(id) ?? [];
    if (list.some((a) => a.toLowerCase() === arg.toLowerCase())) return;
    list.push(arg);
    this.firstArgs.set(id, list);
  }

  /**
   * Keeps the written command rules in order (7.2's ACLUpdateCommandRules): a rule replaces an
   * earlier rule on the same command (and on its subcommands), then is appended.
   */
  private recordRule(rule: string, allow: boolean): void {
    const name = rule.toLowerCase();
    const kept = this.commandRules === '' ? [] : this.commandRules.split(' ').filter((r) => {
      const existing = r.slice(1);
      return !(existing === name || (existing.startsWith(name) && existing[name.length] === '|'));
    });
    kept.push((allow ? '+' : '-') + name);
    this.commandRules = kept.join(' ');
  }

  /** Applies one selector rule (ACLSetSelector); returns the refusal reason, if any. */
  public apply(op: string): RuleError | undefined {
    if (same(op, 'allkeys') || op === '~*') {
      this.flags |= SELECTOR.ALLKEYS;
      this.patterns = [];
    } else if (same(op, 'resetkeys')) {
      this.flags &= ~SELECTOR.ALLKEYS;
      this.patterns = [];
    } else if (same(op, 'allchannels') || op === '&*') {
      this.flags |= SELECTOR.ALLCHANNELS;
      this.channels = [];
    } else if (same(op, 'resetchannels')) {
      this.flags &= ~SELECTOR.ALLCHANNELS;
      this.channels = [];
    } else if (same(op, 'allcommands') || same(op, '+@all')) {
      this.setAll(true);
    } else if (same(op, 'nocommands') || same(op, '-@all')) {
      this.setAll(false);
    } else if (op[0] === '~' || op[0] === '%') {
      return this.addKeyPattern(op);
    } else if (op[0] === '&') {
      if (this.flags & SELECTOR.ALLCHANNELS) return 'EISDIR';
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) return 'EINVAL';
      if (!this.channels.includes(pattern)) this.channels.push(pattern);
      this.flags &= ~SELECTOR.ALLCHANNELS;
    } else if (op[0] === '+' && op[1] !== '@') {
      return this.allowCommand(op.slice(1));
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = this.universe.lookup(op.slice(1));
      if (!cmd) return 'ENOENT';
      this.changePerm(cmd, false);
      this.recordRule(cmd.fullName, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const bit = categoryIndex(op.slice(2));
      if (bit < 0) return 'ENOENT';
      this.recordRule('@' + ACL_CATEGORIES[bit], op[0] === '+');
      this.changeCategory(bit, op[0] === '+');
    } else {
      return 'EINVAL';
    }
    return undefined;
  }

  private addKeyPattern(op: string): RuleError | undefined {
    if (this.flags & SELECTOR.ALLKEYS) return 'EEXIST';
    let flags = 0;
    let offset = 1;
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const ch = op[offset].toUpperCase();
        if (ch === 'R' && !(flags & KEY_PERM.READ)) {
          flags |= KEY_PERM.READ;
        } else if (ch === 'W' && !(flags & KEY_PERM.WRITE)) {
          flags |= KEY_PERM.WRITE;
        } else if (op[offset] === '~') {
          offset++;
          break;
        } else {
          return 'EINVAL';
        }
      }
      if (flags === 0) return 'EINVAL';
    } else {
      flags = KEY_PERM.ALL;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return 'EINVAL';
    const existing = this.patterns.find((p) => p.pattern === pattern);
    if (existing) existing.flags |= flags;
    else this.patterns.push({ pattern, flags });
    this.flags &= ~SELECTOR.ALLKEYS;
    return undefined;
  }

  private allowCommand(name: string): RuleError | undefined {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const cmd = this.universe.lookup(name);
      if (!cmd) return 'ENOENT';
      this.changePerm(cmd, true);
      this.recordRule(cmd.fullName, true);
      return undefined;
    }
    const base = this.universe.lookup(name.slice(0, bar));
    const sub = name.slice(bar + 1);
    if (!base) return 'ENOENT';
    if (base.parent) return 'ECHILD';
    if (sub === '') return 'EINVAL';
    if (base.subcommands) {
      const cmd = this.universe.lookup(name);
      if (!cmd) return 'ENOENT';
      this.changePerm(cmd, true);
    } else {
      // `+select|0`: the first argument of an otherwise refused command (deprecated by redis).
      this.addFirstArg(base.id, sub);
    }
    this.recordRule(name, true);
    return undefined;
  }

  /** True when every key is allowed with the given permission (for SORT BY/GET and the like). */
  public allKeysAllowed(perm: number): boolean {
    if (this.flags & SELECTOR.ALLKEYS) return true;
    return this.patterns.some((p) => (p.flags & perm) === perm && p.pattern === '*');
  }
}
