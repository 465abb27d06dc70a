/**
 * An ACL user (redis' `user`): flags (on/off, nopass, payload sanitizing), password hashes and
 * selectors, with the user-level rules of ACL SETUSER (ACLSetUser) on top of the selector rules.
 */
import { createHash } from 'crypto';
import type { CommandUniverse } from './command-universe';
import { RuleError, SELECTOR, Selector } from './selector';
import { parseInlineArgs } from '../../resp/inline-args';

export const USER = {
  ENABLED: 1 << 0,
  DISABLED: 1 << 1,
  NOPASS: 1 << 2,
  SANITIZE_PAYLOAD_SKIP: 1 << 3,
  SANITIZE_PAYLOAD: 1 << 4,
} as const;

/** Flag names in the order ACL LIST and ACL GETUSER print them. */
export const USER_FLAG_NAMES: ReadonlyArray<[string, number]> = [
  ['on', USER.ENABLED],
  ['off', USER.DISABLED],
  ['nopass', USER.NOPASS],
  ['skip-sanitize-payload', USER.SANITIZE_PAYLOAD_SKIP],
  ['sanitize-payload', USER.SANITIZE_PAYLOAD],
];

/** SHA-256 of the password bytes, lower-case hex (redis ACLHashPassword). */
export function hashPassword(password: string): string {
  return createHash('sha256').update(Buffer.from(password, 'latin1')).digest('hex');
}

/** A valid `#<hash>`: exactly 64 lower-case hex characters. */
function validHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

function same(op: string, keyword: string): boolean {
  return op.length === keyword.length && op.toLowerCase() === keyword;
}

/** Settings that shape new users (acl-pubsub-default, and whether 7.2's defaults apply). */
export interface UserDefaults {
  /** SELECTOR.ALLCHANNELS when acl-pubsub-default is allchannels, else 0. */
  readonly pubsubDefault: number;
  /** New users start with sanitize-payload (Redis/Valkey 7.2 and later). */
  readonly sanitizeByDefault: boolean;
}

export class User {
  public flags: number;
  public passwords: string[] = [];
  /** The root selector first, then `(…)` selectors in the order they were added. */
  public selectors: Selector[];

  constructor(public readonly name: string, private readonly universe: CommandUniverse, private readonly defaults: UserDefaults) {
    this.flags = USER.DISABLED | (defaults.sanitizeByDefault ? USER.SANITIZE_PAYLOAD : 0);
    this.selectors = [new Selector(universe, SELECTOR.ROOT | defaults.pubsubDefault)];
  }

  public get root(): Selector {
    return this.selectors[0];
  }

  public get enabled(): boolean {
    return (this.flags & USER.DISABLED) === 0 && (this.flags & USER.ENABLED) !== 0;
  }

  /** A copy under another name (the staging user of ACL SETUSER, or a fresh copy). */
  public copy(name = this.name): User {
    const u = new User(name, this.universe, this.defaults);
    u.copyFrom(this);
    return u;
  }

  /** Takes the rules of another user, keeping this name (ACLCopyUser). */
  public copyFrom(src: User): void {
    this.flags = src.flags;
    this.passwords = src.passwords.slice();
    this.selectors = src.selectors.map((s) => s.clone());
  }

  /** True when the password is one of the user's (or the user needs none). */
  public checkPassword(password: string): boolean {
    if (this.flags & USER.NOPASS) return true;
    if (this.passwords.length === 0) return false;
    const hashed = hashPassword(password);
    return this.passwords.includes(hashed);
  }

  /** Applies one rule of ACL SETUSER (ACLSetUser); returns the refusal reason, if any. */
  public apply(op: string): RuleError | undefined {
    if (op.length === 0) return undefined;
    if (same(op, 'on')) {
      this.flags = (this.flags | USER.ENABLED) & ~USER.DISABLED;
    } else if (same(op, 'off')) {
      this.flags = (this.flags | USER.DISABLED) & ~USER.ENABLED;
    } else if (same(op, 'skip-sanitize-payload')) {
      this.flags = (this.flags | USER.SANITIZE_PAYLOAD_SKIP) & ~USER.SANITIZE_PAYLOAD;
    } else if (same(op, 'sanitize-payload')) {
      this.flags = (this.flags | USER.SANITIZE_PAYLOAD) & ~USER.SANITIZE_PAYLOAD_SKIP;
    } else if (same(op, 'nopass')) {
      this.flags |= USER.NOPASS;
      this.passwords = [];
    } else if (same(op, 'resetpass')) {
      this.flags &= ~USER.NOPASS;
      this.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      const hash = op[0] === '>' ? hashPassword(op.slice(1)) : op.slice(1);
      if (!validHash(hash)) return 'EBADMSG';
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.flags &= ~USER.NOPASS;
    } else if (op[0] === '<' || op[0] === '!') {
      const hash = op[0] === '<' ? hashPassword(op.slice(1)) : op.slice(1);
      if (!validHash(hash)) return 'EBADMSG';
      const i = this.passwords.indexOf(hash);
      if (i < 0) return 'ENODEV';
      this.passwords.splice(i, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      return this.addSelector(op);
    } else if (same(op, 'clearselectors')) {
      this.selectors = [this.selectors[0]];
    } else if (same(op, 'reset')) {
      this.apply('resetpass');
      this.apply('resetkeys');
      this.apply('resetchannels');
      if (this.defaults.pubsubDefault & SELECTOR.ALLCHANNELS) this.apply('allchannels');
      this.apply('off');
      this.apply('sanitize-payload');
      this.apply('clearselectors');
      this.apply('-@all');
    } else {
      return this.root.apply(op);
    }
    return undefined;
  }

  /** `(rule rule …)`: a new selector (aclCreateSelectorFromOpSet); its rules are split like redis-cli args. */
  private addSelector(op: string): RuleError | undefined {
    const selector = new Selector(this.universe, this.defaults.pubsubDefault);
    // Unbalanced quotes leave no rules: redis then adds an empty selector.
    const rules = splitRules(op.slice(1, -1)) ?? [];
    for (const rule of rules) {
      const error = selector.apply(rule);
      if (error) return error;
    }
    this.selectors.push(selector);
    return undefined;
  }
}

/** Splits selector contents with sdssplitargs rules (quotes, escapes); undefined when unbalanced. */
function splitRules(s: string): string[] | undefined {
  return parseInlineArgs(Buffer.from(s, 'latin1'));
}
