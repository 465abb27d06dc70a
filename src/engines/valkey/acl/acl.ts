/**
 * A server's ACL state (redis acl.c's globals): users, the default user, the ACL log, and the
 * server hooks that enforce them (command/key/channel permissions, AUTH/HELLO credentials, NOAUTH).
 * Also the API the simulator uses to install ElastiCache RBAC users and AUTH tokens.
 */
import { AclLog, AclLogContext, AclLogReason } from './acl-log';
import { CommandUniverse, commandUniverseFor } from './command-universe';
import { DescribeStyle } from './describe';
import { ACL, checkUserCommand, channelAllowed, PermissionResult, unrestricted, unrestrictedKeyAccess } from './permissions';
import { hasSpaces, RuleError, SELECTOR } from './selector';
import { User, USER } from './user';
import { clientInfoLine } from '../commands/client';
import { CLIENT, Client } from '../server/client';
import type { ValkeyServer } from '../server/server';
import type { Command } from '../table/command';
import { specSourceFor } from '../table/spec-sources';
import { cString } from '../util/errors';

/** ACLSetUserStringError texts. */
export const RULE_ERRORS: Record<RuleError, string> = {
  ENOENT: 'Unknown command or category name in ACL',
  EINVAL: 'Syntax error',
  EEXIST: "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  EISDIR: "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  ENODEV: 'The password you are trying to remove from the user does not exist',
  EBADMSG: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  ECHILD: 'Allowing first-arg of a subcommand is not supported',
};

/** ACL SETUSER rules for an RBAC definition: reset, passwords (or nopass), then the access string. */
function rbacRules(def: RbacUserDefinition): string[] {
  const rules = ['reset'];
  if (def.noPassword) rules.push('nopass');
  else for (const p of def.passwords ?? []) rules.push('>' + p);
  rules.push(...def.accessString.split(/\s+/).filter((r) => r !== ''));
  return rules;
}

/** An ElastiCache RBAC user (AWS::ElastiCache::User) as the simulator hands it to the engine. */
export interface RbacUserDefinition {
  /** The name clients authenticate with (ElastiCache `UserName`). */
  readonly userName: string;
  /** ElastiCache access string, e.g. `on ~app:* -@all +@read`. */
  readonly accessString: string;
  /** Passwords (ElastiCache allows one or two); ignored when `noPassword`. */
  readonly passwords?: readonly string[];
  /** The user authenticates without a password (`nopass`). */
  readonly noPassword?: boolean;
}

export class Acl {
  public readonly universe: CommandUniverse;
  public readonly log = new AclLog();
  public readonly style: DescribeStyle;
  private readonly users = new Map<string, User>();
  public readonly defaultUser: User;
  /** 7.2 merges `(` selectors only when no selector is open (the CVE-2024-51741 fix). */
  private readonly strictSelectorMerge: boolean;
  /** A client closing after its command; `mark` ends the reply it still gets. */
  private closing: { client: Client; depth: number; mark: number } | undefined;
  private closingHooks = false;
  /** Refusals by reason, for INFO's acl_access_denied_* (redis ACLUpdateInfoMetrics). */
  public readonly denied = { auth: 0, cmd: 0, key: 0, channel: 0 };

  constructor(private readonly server: ValkeyServer) {
    const v72 = server.since72;
    this.style = v72 ? '7.2' : '7.0';
    this.strictSelectorMerge = v72;
    this.universe = commandUniverseFor(server.valkeyVersion ?? server.version, server.commands, specSourceFor(server.valkeyVersion));
    this.defaultUser = this.createUser('default');
    for (const rule of ['+@all', '~*', '&*', 'on', 'nopass']) this.defaultUser.apply(rule);
    this.users.set('default', this.defaultUser);
    const requirepass = server.config.str('requirepass');
    if (requirepass !== '') this.updateDefaultPassword(requirepass);
    server.config.onChange('requirepass', (v) => this.updateDefaultPassword(String(v)));
    this.installHooks();
  }

  /** A new user with this server's defaults (acl-pubsub-default, 7.2's sanitize-payload). */
  public createUser(name: string): User {
    const pubsubDefault = this.server.config.str('acl-pubsub-default') === 'allchannels' ? SELECTOR.ALLCHANNELS : 0;
    return new User(name, this.universe, { pubsubDefault, sanitizeByDefault: this.style === '7.2' });
  }

  /** requirepass is the default user's password (ACLUpdateDefaultUserPassword). */
  private updateDefaultPassword(password: string): void {
    this.defaultUser.apply('resetpass');
    this.defaultUser.apply(password === '' ? 'nopass' : '>' + password);
  }

  private installHooks(): void {
    const hooks = this.server.hooks;
    hooks.checkPermission = (c, cmd, argv, inExec) => this.checkPermission(c, cmd, argv, inExec);
    hooks.authenticate = (c, user, password) => this.authenticate(c, user, password);
    hooks.authRequired = () => !(this.defaultUser.flags & USER.NOPASS) || (this.defaultUser.flags & USER.DISABLED) !== 0;
    hooks.defaultUserNoPass = () => (this.defaultUser.flags & USER.NOPASS) !== 0;
    hooks.userExists = (name) => this.users.has(name);
    hooks.aclInfo = () => this.denied;
  }

  // ---- users -------------------------------------------------------------------------------------

  public getUser(name: string): User | undefined {
    return this.users.get(name);
  }

  /** Users in name order (redis keeps them in a radix tree). */
  public listUsers(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Joins selector rules written over several arguments (`(~a` `+get)` → `(~a +get)`), as
   * ACLMergeSelectorArguments does; returns the index of an unclosed `(` on error.
   */
  public mergeSelectorArgs(ops: readonly string[]): string[] | { unclosed: number } {
    const out: string[] = [];
    let open = -1;
    let selector = '';
    for (let j = 0; j < ops.length; j++) {
      const op = ops[j];
      const opensSelector = op[0] === '(' && op[op.length - 1] !== ')';
      if (opensSelector && (open === -1 || !this.strictSelectorMerge)) {
        selector = op;
        open = j;
        continue;
      }
      if (open !== -1) {
        selector += ' ' + op;
        if (op[op.length - 1] === ')') {
          open = -1;
          out.push(selector);
        }
        continue;
      }
      out.push(op);
    }
    if (open !== -1) return { unclosed: open };
    return out;
  }

  /**
   * ACL SETUSER: applies all rules to a copy, then to the user (created when missing); nothing
   * changes when a rule is refused. Returns the error text, or undefined on success.
   */
  public setUser(name: string, ops: readonly string[]): string | undefined {
    if (hasSpaces(name)) return "Usernames can't contain spaces or null characters";
    const merged = this.mergeSelectorArgs(ops);
    if (!Array.isArray(merged)) return `Unmatched parenthesis in acl selector starting at '${cString(ops[merged.unclosed])}'.`;
    const existing = this.users.get(name);
    const staged = existing ? existing.copy() : this.createUser(name);
    for (const op of merged) {
      const error = staged.apply(op);
      // redis formats the rule with %s: it ends at a NUL byte.
      if (error) return `Error in ACL SETUSER modifier '${cString(op)}': ${RULE_ERRORS[error]}`;
    }
    if (existing) {
      this.killPubsubClientsIfNeeded(staged, existing);
      existing.copyFrom(staged);
    } else {
      this.users.set(name, staged);
    }
    return undefined;
  }

  /** ACL DELUSER of one user: its connections are closed. False when there was no such user. */
  public deleteUser(name: string): boolean {
    const u = this.users.get(name);
    if (!u || u === this.defaultUser) return false;
    this.users.delete(name);
    this.killClientsOf(name);
    return true;
  }

  /**
   * Closes the connections authenticated as a user (ACLFreeUserAndKillClients): they fall back
   * to the unauthenticated default user first; the client running the command gets its reply.
   */
  public killClientsOf(name: string): number {
    let n = 0;
    for (const c of [...this.server.clients.values()]) {
      if (c.user !== name) continue;
      c.user = 'default';
      c.authenticated = false;
      if (c === this.server.outerClient) this.closeAfterCommand(c);
      else c.close();
      n++;
    }
    return n;
  }

  /**
   * The client running the command is closed once this command has replied (redis
   * CLIENT_CLOSE_AFTER_COMMAND): inside EXEC or a script, what later commands reply is dropped.
   */
  private closeAfterCommand(c: Client): void {
    c.flags |= CLIENT.CLOSE_AFTER_REPLY;
    // The hooks are installed the first time they are needed: they would cost every command otherwise.
    if (!this.closingHooks) {
      this.closingHooks = true;
      this.server.hooks.afterCall.push((cl) => this.afterCall(cl));
      this.server.hooks.afterCommand.push((cl) => this.afterCommand(cl));
    }
    this.closing = { client: c, depth: this.server.nesting, mark: -1 };
  }


  /** Marks the end of the reply of the command that closed its own client. */
  private afterCall(c: Client): void {
    const closing = this.closing;
    if (closing && closing.client === c && closing.mark < 0 && this.server.nesting < closing.depth) closing.mark = c.out.len;
  }

  private afterCommand(c: Client): void {
    const closing = this.closing;
    if (!closing || closing.client !== c) return;
    this.closing = undefined;
    if (closing.mark >= 0) c.out.truncate(closing.mark);
  }

  /**
   * Subscribers of a user whose channel permissions shrink are disconnected when a subscription
   * is no longer allowed (ACLKillPubsubClientsIfNeeded).
   */
  private killPubsubClientsIfNeeded(next: User, original: User): void {
    if (next.selectors.some((s) => s.flags & SELECTOR.ALLCHANNELS)) return;
    const upcoming = next.selectors.flatMap((s) => s.channels);
    let superset = true;
    for (const s of original.selectors) {
      // "All channels" is no subset of any list.
      if (s.flags & SELECTOR.ALLCHANNELS) {
        superset = false;
        break;
      }
      if (s.channels.some((ch) => !upcoming.includes(ch))) {
        superset = false;
        break;
      }
    }
    if (superset) return;
    for (const c of [...this.server.clients.values()]) {
      if (c.user !== original.name || !(c.flags & CLIENT.PUBSUB) || c.flags & (CLIENT.MASTER | CLIENT.REPLICA)) continue;
      const kill = [...c.patterns].some((p) => !channelAllowed(upcoming, p, true))
        || [...c.channels].some((ch) => !channelAllowed(upcoming, ch, false))
        || [...c.shardChannels].some((ch) => !channelAllowed(upcoming, ch, false));
      if (!kill) continue;
      if (c === this.server.outerClient) this.closeAfterCommand(c);
      else c.close();
    }
  }

  // ---- the simulator's RBAC API ------------------------------------------------------------------

  /**
   * Creates or replaces a user from an ElastiCache RBAC definition: the user is reset, then gets
   * its passwords (or nopass) and its access string. Throws with redis' error text when the
   * access string is invalid (nothing changes then).
   */
  public applyRbacUser(def: RbacUserDefinition): void {
    const error = this.setUser(def.userName, rbacRules(def));
    if (error) throw new Error(error);
  }

  /**
   * Replaces the whole user set (like ACL LOAD): users not in `defs` are deleted and their
   * connections closed; a definition named `default` replaces the default user's rules, else the
   * default user gets its initial rules back. Everything is validated before anything changes.
   */
  public replaceUsers(defs: readonly RbacUserDefinition[]): void {
    for (const d of defs) {
      if (hasSpaces(d.userName)) throw new Error(`Usernames can't contain spaces or null characters: '${d.userName}'`);
      const ops = rbacRules(d);
      const merged = this.mergeSelectorArgs(ops);
      if (!Array.isArray(merged)) throw new Error(`Unmatched parenthesis in acl selector starting at '${ops[merged.unclosed]}'.`);
      const probe = this.createUser(d.userName);
      for (const op of merged) {
        const e = probe.apply(op);
        if (e) throw new Error(`Error in ACL SETUSER modifier '${op}': ${RULE_ERRORS[e]}`);
      }
    }
    const wanted = new Set(defs.map((d) => d.userName));
    for (const u of this.listUsers()) if (!wanted.has(u.name)) this.deleteUser(u.name);
    if (!wanted.has('default')) this.setUser('default', ['reset', '+@all', '~*', '&*', 'on', 'nopass']);
    for (const d of defs) this.applyRbacUser(d);
  }

  // ---- enforcement -------------------------------------------------------------------------------

  private userOf(c: Client): User | undefined {
    return c.user === 'default' ? this.defaultUser : this.users.get(c.user);
  }

  /** Result of the permission check for a user (no logging): ACL DRYRUN, scripts' acl_check_cmd. */
  public check(u: User, cmd: Command, argv: readonly string[]): PermissionResult {
    return checkUserCommand(u, this.universe.byName(cmd.fullName), cmd, argv);
  }

  /**
   * True when the client's user may use every key with `perm` for this command (SORT BY/GET).
   * Connections without a user (replication links, in-process callers) have no restrictions.
   */
  public fullKeyAccess(c: Client, cmd: Command, argv: readonly string[], perm: number): boolean {
    if (!c.socket && !(c.flags & CLIENT.SCRIPT)) return true;
    const u = this.userOf(c);
    return u !== undefined && unrestrictedKeyAccess(u, this.universe.byName(cmd.fullName), cmd, argv, perm);
  }

  /** True when the client's user may run the command with these arguments (nothing is logged). */
  public canRun(c: Client, cmd: Command, argv: readonly string[]): boolean {
    // User-less connections (replication links, in-process callers) may run anything, as in checkPermission.
    if (!c.socket && !(c.flags & CLIENT.SCRIPT)) return true;
    const u = this.userOf(c);
    return u !== undefined && this.check(u, cmd, argv).result === ACL.OK;
  }

  private checkPermission(c: Client, cmd: Command, argv: readonly string[], inExec: boolean): string | undefined {
    // Connections without a socket that are not scripts (replication links, in-process callers)
    // run as redis' user-less clients: unrestricted.
    if (!c.socket && !(c.flags & CLIENT.SCRIPT)) return undefined;
    const u = this.userOf(c);
    if (u && unrestricted(u)) return undefined;
    const r = u ? this.check(u, cmd, argv) : { result: ACL.DENIED_CMD, index: 0 };
    if (r.result === ACL.OK) return undefined;
    const script = (c.flags & CLIENT.SCRIPT) !== 0;
    const context: AclLogContext = script ? 'lua' : inExec || c.flags & CLIENT.MULTI ? 'multi' : 'toplevel';
    this.addLogEntry(c, r.result, context, r.result === ACL.DENIED_CMD ? cmd.fullName : argv[r.index], c.user);
    if (inExec) return this.execRefusal(r.result);
    if (script) return this.scriptRefusal(r.result, c.user, cmd, argv[r.index]);
    return this.refusal(r.result, c.user, cmd);
  }

  /** The error a refused command gets (processCommand). */
  private refusal(result: number, user: string, cmd: Command): string {
    if (this.style === '7.0') {
      if (result === ACL.DENIED_CMD) return `-NOPERM this user has no permissions to run the '${cmd.fullName}' command`;
      if (result === ACL.DENIED_KEY) return '-NOPERM this user has no permissions to access one of the keys used as arguments';
      return '-NOPERM this user has no permissions to access one of the channels used as arguments';
    }
    if (result === ACL.DENIED_CMD) return `-NOPERM User ${user} has no permissions to run the '${cmd.fullName}' command`;
    if (result === ACL.DENIED_KEY) return '-NOPERM No permissions to access a key';
    return '-NOPERM No permissions to access a channel';
  }

  /** EXEC re-checks queued commands: rules may have changed since they were queued. */
  private execRefusal(result: number): string {
    const reason = result === ACL.DENIED_CMD ? 'no permission to execute the command or subcommand'
      : result === ACL.DENIED_KEY ? 'no permission to touch the specified keys'
        : 'no permission to access one of the channels used as arguments';
    return '-NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. '
      + `This command is no longer allowed for the following reason: ${reason}`;
  }

  /** The error a script's redis.call gets (scriptVerifyACL). */
  private scriptRefusal(result: number, user: string, cmd: Command, arg: string): string {
    if (this.style === '7.0') {
      if (result === ACL.DENIED_CMD) return "The user executing the script can't run this command or subcommand";
      if (result === ACL.DENIED_KEY) return "The user executing the script can't access at least one of the keys mentioned in the command arguments";
      return "The user executing the script can't publish to the channel mentioned in the command";
    }
    return 'ACL failure in script: ' + this.verboseRefusal(result, user, cmd, arg, false);
  }

  /** getAclErrorMessage (7.2), also ACL DRYRUN's answer when `verbose`. */
  public verboseRefusal(result: number, user: string, cmd: Command, arg: string, verbose: boolean): string {
    if (result === ACL.DENIED_CMD) return `User ${user} has no permissions to run the '${cmd.fullName}' command`;
    if (result === ACL.DENIED_KEY) return verbose ? `User ${user} has no permissions to access the '${arg}' key` : 'No permissions to access a key';
    return verbose ? `User ${user} has no permissions to access the '${arg}' channel` : 'No permissions to access a channel';
  }

  private addLogEntry(c: Client, result: number, context: AclLogContext, object: string, username: string): void {
    const reason: AclLogReason = result === ACL.DENIED_CMD ? 'command' : result === ACL.DENIED_KEY ? 'key'
      : result === ACL.DENIED_CHANNEL ? 'channel' : 'auth';
    this.denied[reason === 'command' ? 'cmd' : reason]++;
    // A script's entry describes the client that ran the script.
    const real = c.flags & CLIENT.SCRIPT && this.server.currentClient ? this.server.currentClient : c;
    this.log.add({
      reason,
      context,
      object,
      username,
      ctime: this.server.mstime,
      clientInfo: clientInfoLine(real),
    }, this.server.config.num('acllog-max-len'));
  }

  /** AUTH / HELLO AUTH: checks the pair and logs failures (ACLAuthenticateUser). */
  private authenticate(c: Client, username: string, password: string): boolean {
    const u = this.users.get(username);
    if (u && !(u.flags & USER.DISABLED) && u.checkPassword(password)) return true;
    const context: AclLogContext = c.flags & CLIENT.MULTI ? 'multi' : 'toplevel';
    this.addLogEntry(c, ACL.DENIED_AUTH, context, c.argv[0] ?? 'auth', username);
    return false;
  }
}

const ACLS = new WeakMap<ValkeyServer, Acl>();

/** Creates the server's ACL state and installs its hooks (run by the server at construction). */
export function setupAcl(server: ValkeyServer): void {
  if (!ACLS.has(server)) ACLS.set(server, new Acl(server));
}

/** The server's ACL state. */
export function aclOf(server: ValkeyServer): Acl {
  let acl = ACLS.get(server);
  if (!acl) {
    acl = new Acl(server);
    ACLS.set(server, acl);
  }
  return acl;
}
