/**
 * ACL: SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT, DRYRUN, LOG, GENPASS, LOAD/SAVE (no
 * ACL file: answered as redis answers without `aclfile`) and HELP. The users model, the rule
 * grammar and the enforcement hooks live in ../acl.
 */
import { randomBytes } from 'crypto';
import { intArg, is, replyHelp } from './args';
import { aclOf } from '../acl/acl';
import { categoryIndex } from '../acl/command-universe';
import { describeChannels, describeCommands, describeKeys, describeUser } from '../acl/describe';
import { ACL } from '../acl/permissions';
import type { Selector } from '../acl/selector';
import { USER_FLAG_NAMES } from '../acl/user';
import type { Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { ACL_CATEGORIES } from '../table/flags';
import { replyDouble } from '../util/double-reply';
import { arityError, cString, subcommandSyntaxError } from '../util/errors';

const GENPASS_MAX_BITS = 4096;

function setuser(c: Client, argv: string[]): void {
  const name = argv[2];
  const ops = argv.slice(3);
  // Rules may hold passwords: the slow log and MONITOR never see them.
  for (let j = 2; j < argv.length; j++) argv[j] = '(redacted)';
  const error = aclOf(c.server).setUser(name, ops);
  if (error) c.out.error(error);
  else c.out.ok();
}

function deluser(c: Client, argv: string[]): void {
  const acl = aclOf(c.server);
  for (let j = 2; j < argv.length; j++) {
    if (argv[j] === 'default') {
      c.out.error("The 'default' user cannot be removed");
      return;
    }
  }
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) if (acl.deleteUser(argv[j])) deleted++;
  c.out.integer(deleted);
}

function replySelector(c: Client, sel: Selector, style: '7.0' | '7.2'): void {
  c.out.bulk('commands');
  c.out.bulk(describeCommands(sel, style));
  c.out.bulk('keys');
  c.out.bulk(describeKeys(sel));
  c.out.bulk('channels');
  c.out.bulk(describeChannels(sel));
}

function getuser(c: Client, argv: string[]): void {
  const acl = aclOf(c.server);
  const u = acl.getUser(argv[2]);
  if (!u) {
    c.out.nullBulk();
    return;
  }
  const out = c.out;
  out.mapHeader(6);
  out.bulk('flags');
  const flags = USER_FLAG_NAMES.filter(([, f]) => u.flags & f);
  out.setHeader(flags.length);
  for (const [name] of flags) out.bulk(name);
  out.bulk('passwords');
  out.bulkArray(u.passwords);
  replySelector(c, u.root, acl.style);
  out.bulk('selectors');
  out.arrayHeader(u.selectors.length - 1);
  for (const sel of u.selectors.slice(1)) {
    out.mapHeader(3);
    replySelector(c, sel, acl.style);
  }
}

function list(c: Client): void {
  const acl = aclOf(c.server);
  const users = acl.listUsers();
  c.out.arrayHeader(users.length);
  for (const u of users) c.out.bulk(`user ${u.name} ${describeUser(u, acl.style)}`);
}

function usersCommand(c: Client): void {
  c.out.bulkArray(aclOf(c.server).listUsers().map((u) => u.name));
}

function whoami(c: Client): void {
  c.out.bulk(c.user);
}

function cat(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    c.out.bulkArray(ACL_CATEGORIES);
    return;
  }
  if (argv.length !== 3) {
    c.out.error(subcommandSyntaxError(argv[0], argv[1]));
    return;
  }
  const bit = categoryIndex(argv[2]);
  if (bit < 0) {
    c.out.error(`Unknown category '${argv[2].slice(0, 128)}'`);
    return;
  }
  const names = aclOf(c.server).universe.all.filter((cmd) => cmd.categories & (1 << bit)).map((cmd) => cmd.fullName);
  c.out.bulkArray(names);
}

function genpass(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.out.error(subcommandSyntaxError(argv[0], argv[1]));
    return;
  }
  let bits = 256;
  if (argv.length === 3) {
    const n = intArg(c, argv[2]);
    if (n === undefined) return;
    bits = n;
  }
  if (bits <= 0 || bits > GENPASS_MAX_BITS) {
    c.out.error(`ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`);
    return;
  }
  const chars = Math.floor((bits + 3) / 4);
  c.out.bulk(randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
}

function log(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.out.error(subcommandSyntaxError(argv[0], argv[1]));
    return;
  }
  const acl = aclOf(c.server);
  let count = 10;
  if (argv.length === 3) {
    if (is(argv[2], 'reset')) {
      acl.log.reset();
      c.out.ok();
      return;
    }
    const n = intArg(c, argv[2]);
    if (n === undefined) return;
    count = Math.max(0, n);
  }
  const entries = acl.log.entries.slice(0, count);
  const now = c.server.mstime;
  const v72 = acl.style === '7.2';
  const out = c.out;
  out.arrayHeader(entries.length);
  for (const e of entries) {
    out.mapHeader(v72 ? 10 : 7);
    out.bulk('count');
    out.integer(e.count);
    out.bulk('reason');
    out.bulk(e.reason);
    out.bulk('context');
    out.bulk(e.context);
    out.bulk('object');
    out.bulk(e.object);
    out.bulk('username');
    out.bulk(e.username);
    out.bulk('age-seconds');
    replyDouble(c, (now - e.ctime) / 1000);
    out.bulk('client-info');
    out.bulk(e.clientInfo);
    if (v72) {
      out.bulk('entry-id');
      out.integer(e.entryId);
      out.bulk('timestamp-created');
      out.integer(e.createdAt);
      out.bulk('timestamp-last-updated');
      out.integer(e.ctime);
    }
  }
}

function dryrun(c: Client, argv: string[]): void {
  const acl = aclOf(c.server);
  const u = acl.getUser(argv[2]);
  if (!u) {
    c.out.error(`User '${cString(argv[2])}' not found`);
    return;
  }
  const args = argv.slice(3);
  const found = c.server.commands.lookup(args);
  const cmd = found.cmd;
  if (!cmd) {
    c.out.error(`Command '${cString(argv[3])}' not found`);
    return;
  }
  if (!cmd.arityOk(args.length)) {
    c.out.error(arityError(cmd.fullName));
    return;
  }
  const r = acl.check(u, cmd, args);
  if (r.result === ACL.OK) {
    c.out.ok();
    return;
  }
  const arg = args[r.index];
  if (acl.style === '7.2') {
    c.out.bulk(acl.verboseRefusal(r.result, u.name, cmd, arg, true));
  } else if (r.result === ACL.DENIED_CMD) {
    c.out.bulk(`This user has no permissions to run the '${cmd.fullName}' command`);
  } else {
    c.out.bulk(`This user has no permissions to access the '${cString(arg)}' ${r.result === ACL.DENIED_KEY ? 'key' : 'channel'}`);
  }
}

/** Without an `aclfile`, LOAD and SAVE explain how users are persisted instead. */
function noAclFile(c: Client): void {
  // Valkey 8 words it without naming the server.
  c.out.error(c.server.isValkey8
    ? 'This instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a configuration file set) in order to store users in the configuration.'
    : 'This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.');
}

export const ACL_COMMANDS: CommandDef[] = [
  { name: 'acl|setuser', handler: setuser },
  { name: 'acl|getuser', handler: getuser },
  { name: 'acl|deluser', handler: deluser },
  { name: 'acl|list', handler: list },
  { name: 'acl|users', handler: usersCommand },
  { name: 'acl|whoami', handler: whoami },
  { name: 'acl|cat', handler: cat },
  { name: 'acl|genpass', handler: genpass },
  { name: 'acl|log', handler: log },
  { name: 'acl|dryrun', handler: dryrun },
  { name: 'acl|load', handler: noAclFile },
  { name: 'acl|save', handler: noAclFile },
  { name: 'acl|help', handler: (c) => replyHelp(c, 'acl') },
];
