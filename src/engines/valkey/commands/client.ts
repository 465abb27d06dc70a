/**
 * CLIENT subcommands: ID, INFO, LIST, KILL, GETNAME, SETNAME, PAUSE, UNPAUSE, REPLY, NO-EVICT,
 * UNBLOCK, SETINFO and NO-TOUCH (7.2), HELP. Tracking (TRACKING, CACHING, GETREDIR, TRACKINGINFO)
 * belongs to the client-tracking family (tracking.ts).
 */
import { intArg, is, replyHelp, timeoutMsArg } from './args';
import { CLIENT_NAME_ERROR, invalidClientName } from './connection';
import { CLIENT, Client } from '../server/client';
import { clientMemory } from '../server/client-memory';
import type { CommandDef } from '../table/command';
import type { CommandSpecData } from '../table/spec-data';
import { VALKEY_SPECS } from '../table/spec-sources';
import { ERR } from '../util/errors';
import { parseInt64 } from '../util/numbers';

/** The flags letters of CLIENT LIST (redis catClientInfoString). */
function flagLetters(c: Client): string {
  let f = '';
  if (c.flags & CLIENT.MONITOR) f += 'O';
  else if (c.flags & CLIENT.REPLICA) f += 'S';
  if (c.flags & CLIENT.MASTER) f += 'M';
  if (c.flags & CLIENT.PUBSUB) f += 'P';
  if (c.flags & CLIENT.MULTI) f += 'x';
  if (c.flags & CLIENT.BLOCKED) f += 'b';
  if (c.flags & CLIENT.TRACKING) f += 't';
  if (c.flags & CLIENT.TRACKING_BROKEN_REDIR) f += 'R';
  if (c.flags & CLIENT.TRACKING_BCAST) f += 'B';
  if (c.flags & CLIENT.DIRTY_CAS) f += 'd';
  if (c.flags & CLIENT.CLOSE_AFTER_REPLY) f += 'c';
  if (c.flags & CLIENT.CLOSE_ASAP) f += 'A';
  if (c.flags & CLIENT.READONLY) f += 'r';
  if (c.flags & CLIENT.NO_EVICT) f += 'e';
  if (c.flags & CLIENT.NO_TOUCH) f += 'T';
  return f || 'N';
}

/** redis getClientType names. */
export function clientType(c: Client): 'normal' | 'replica' | 'pubsub' | 'master' {
  if (c.flags & CLIENT.MASTER) return 'master';
  if (c.flags & CLIENT.REPLICA && !(c.flags & CLIENT.MONITOR)) return 'replica';
  if (c.flags & CLIENT.PUBSUB) return 'pubsub';
  return 'normal';
}

function typeByName(name: string): string | undefined {
  const n = name.toLowerCase();
  if (n === 'normal' || n === 'pubsub' || n === 'master') return n;
  if (n === 'slave' || n === 'replica') return 'replica';
  return undefined;
}

/** The socket's file descriptor as libuv reports it, or -1 (redis' value for clients without one). */
function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: number } } | undefined)?._handle;
  return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : -1;
}

/** One CLIENT LIST / CLIENT INFO line. */
export function clientInfoLine(c: Client): string {
  const server = c.server;
  const now = Math.floor(server.mstime / 1000);
  const qbuf = c.queryBuffer.len;
  const qbufFree = c.queryBuffer.alloc - qbuf;
  const obl = c.out.len;
  const omem = c.unsentBytes;
  const { argvMem, multiMem, total: totMem } = clientMemory(c);
  const valkey8 = server.isValkey8;
  // Valkey 8 prints names as C strings (up to a NUL byte, which it lets into names).
  const text = valkey8 ? cString : (s: string) => s;
  let line = `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${socketFd(c)} name=${text(c.name)}`
    + ` age=${now - Math.floor(c.createdAt / 1000)} idle=${now - Math.floor(c.lastInteraction / 1000)}`
    + ` flags=${flagLetters(c)} db=${c.db.id} sub=${c.channels.size} psub=${c.patterns.size} ssub=${c.shardChannels.size}`
    + ` multi=${c.multi ? c.multi.commands.length : -1}${valkey8 ? ` watch=${c.watched.length}` : ''}`
    + ` qbuf=${qbuf} qbuf-free=${qbufFree} argv-mem=${argvMem}`
    + ` multi-mem=${multiMem} rbs=${c.replyBuffer.size} rbp=${c.replyBuffer.peak} obl=${obl} oll=0 omem=${omem}`
    + ` tot-mem=${totMem} events=r cmd=${c.lastCmd ? c.lastCmd.fullName : 'NULL'} user=${c.user}`
    + ` redir=${c.flags & CLIENT.TRACKING ? c.trackingRedirect : -1} resp=${c.resp}`;
  if (server.since72) line += ` lib-name=${text(c.libName)} lib-ver=${text(c.libVer)}`;
  if (valkey8) line += ` tot-net-in=${c.netInputBytes} tot-net-out=${c.netOutputBytes} tot-cmds=${c.commandsProcessed}`;
  return line;
}

/** The text up to the first NUL byte, as printf's %s shows a C string. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function id(c: Client): void {
  c.out.integer(c.id);
}

function info(c: Client): void {
  c.out.verbatim(clientInfoLine(c) + '\n');
}

function list(c: Client, argv: string[]): void {
  let clients = [...c.server.clients.values()];
  if (argv.length === 4 && is(argv[2], 'type')) {
    const type = typeByName(argv[3]);
    if (!type) {
      c.out.error(`Unknown client type '${argv[3]}'`);
      return;
    }
    clients = clients.filter((x) => clientType(x) === type);
  } else if (argv.length > 3 && is(argv[2], 'id')) {
    const ids: number[] = [];
    for (let j = 3; j < argv.length; j++) {
      const n = parseInt64(argv[j]);
      if (n === undefined) {
        c.out.error('Invalid client ID');
        return;
      }
      ids.push(n);
    }
    clients = ids.map((i) => c.server.clients.get(i)).filter((x): x is Client => x !== undefined);
  } else if (argv.length !== 2) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  c.out.verbatim(clients.map((x) => clientInfoLine(x) + '\n').join(''));
}

function kill(c: Client, argv: string[]): void {
  let addr: string | undefined;
  let laddr: string | undefined;
  let type: string | undefined;
  let user: string | undefined;
  let targetId = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2];
    skipme = false;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i];
      const more = argv.length > i + 1;
      if (is(opt, 'id') && more) {
        const n = parseInt64(argv[i + 1]);
        if (n === undefined || n < 1) {
          c.out.error('client-id should be greater than 0');
          return;
        }
        targetId = n;
      } else if (is(opt, 'type') && more) {
        type = typeByName(argv[i + 1]);
        if (!type) {
          c.out.error(`Unknown client type '${argv[i + 1]}'`);
          return;
        }
      } else if (is(opt, 'addr') && more) {
        addr = argv[i + 1];
      } else if (is(opt, 'laddr') && more) {
        laddr = argv[i + 1];
      } else if (is(opt, 'user') && more) {
        user = argv[i + 1];
        if (!c.server.userExists(user)) {
          c.out.error(`No such user '${user}'`);
          return;
        }
      } else if (is(opt, 'skipme') && more) {
        if (is(argv[i + 1], 'yes')) {
          skipme = true;
        } else if (is(argv[i + 1], 'no')) {
          skipme = false;
        } else {
          c.out.error(ERR.SYNTAX);
          return;
        }
      } else {
        c.out.error(ERR.SYNTAX);
        return;
      }
    }
  }
  let killed = 0;
  let closeSelf = false;
  for (const other of [...c.server.clients.values()]) {
    if (addr !== undefined && other.addr !== addr) continue;
    if (laddr !== undefined && other.laddr !== laddr) continue;
    if (type !== undefined && clientType(other) !== type) continue;
    if (targetId !== 0 && other.id !== targetId) continue;
    if (user !== undefined && other.user !== user) continue;
    if (other === c && skipme) continue;
    if (other === c) closeSelf = true;
    else other.close();
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) c.out.error('No such client');
    else c.out.ok();
  } else {
    c.out.integer(killed);
  }
  if (closeSelf) c.flags |= CLIENT.CLOSE_AFTER_REPLY;
}

function getname(c: Client): void {
  if (c.name) c.out.bulk(c.name);
  else c.out.nullBulk();
}

function setname(c: Client, argv: string[]): void {
  if (invalidClientName(argv[2], c.server.isValkey8)) {
    c.out.error(CLIENT_NAME_ERROR);
    return;
  }
  c.name = argv[2];
  c.out.ok();
}

function pause(c: Client, argv: string[]): void {
  const timeout = timeoutMsArg(c, argv[2]);
  if (timeout === undefined) return;
  let type: 'all' | 'write' = 'all';
  if (argv.length === 4) {
    if (is(argv[3], 'write')) {
      type = 'write';
    } else if (!is(argv[3], 'all')) {
      c.out.error('CLIENT PAUSE mode must be WRITE or ALL');
      return;
    }
  }
  c.server.pauseClients(type, timeout > 0 ? c.server.mstime + timeout : 0);
  c.out.ok();
}

function unpause(c: Client): void {
  c.server.unpauseClients();
  c.out.ok();
}

function reply(c: Client, argv: string[]): void {
  const mode = argv[2];
  if (is(mode, 'on')) {
    c.flags &= ~(CLIENT.REPLY_SKIP | CLIENT.REPLY_OFF);
    c.out.ok();
  } else if (is(mode, 'off')) {
    c.flags |= CLIENT.REPLY_OFF;
  } else if (is(mode, 'skip')) {
    if (!(c.flags & CLIENT.REPLY_OFF)) c.flags |= CLIENT.REPLY_SKIP_NEXT;
  } else {
    c.out.error(ERR.SYNTAX);
  }
}

function onOff(c: Client, arg: string, flag: number): void {
  if (is(arg, 'on')) {
    c.flags |= flag;
  } else if (is(arg, 'off')) {
    c.flags &= ~flag;
  } else {
    c.out.error(ERR.SYNTAX);
    return;
  }
  c.out.ok();
}

function unblock(c: Client, argv: string[]): void {
  let asError = false;
  if (argv.length === 4) {
    if (is(argv[3], 'timeout')) {
      asError = false;
    } else if (is(argv[3], 'error')) {
      asError = true;
    } else {
      c.out.error('CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
  }
  const target = intArg(c, argv[2]);
  if (target === undefined) return;
  const other = c.server.clients.get(target);
  const done = other !== undefined && (other.flags & CLIENT.BLOCKED) !== 0 && c.server.blocking.unblockByRequest(other, asError);
  c.out.integer(done ? 1 : 0);
}

/**
 * CLIENT CAPA (Valkey 8): the client declares capabilities; unknown ones are ignored. Its one
 * capability, REDIRECT, asks a replica to send the client to its primary instead of refusing a
 * write; an engine node in Valkey 8 mode is always a primary, where, as on valkey-server, the
 * declaration changes nothing.
 */
function capa(c: Client): void {
  c.out.ok();
}

function setinfo(c: Client, argv: string[]): void {
  const attr = argv[2];
  const value = argv[3];
  const field = is(attr, 'lib-name') ? 'libName' : is(attr, 'lib-ver') ? 'libVer' : undefined;
  if (!field) {
    c.out.error(`Unrecognized option '${attr}'`);
    return;
  }
  if (invalidClientName(value, c.server.isValkey8) && value !== '') {
    c.out.error(`${attr} cannot contain spaces, newlines or special characters.`);
    return;
  }
  c[field] = value;
  c.out.ok();
}

/** Metadata of the 7.2 subcommands, which the captured (7.0) specs do not have. */
function spec72(name: string, summary: string, args: CommandSpecData['docs']): Partial<CommandSpecData> {
  return {
    name,
    arity: name === 'client|setinfo' ? 4 : 3,
    flags: ['noscript', 'loading', 'stale'],
    firstKey: 0,
    lastKey: 0,
    keyStep: 0,
    acl: ['@slow', '@connection'],
    tips: name === 'client|setinfo' ? ['request_policy:all_nodes', 'response_policy:all_succeeded'] : [],
    keySpecs: [],
    docs: { m: ['summary', summary, 'since', '7.2.0', 'group', 'connection', 'complexity', 'O(1)', 'arguments', args] },
  };
}

export const CLIENT_COMMANDS: CommandDef[] = [
  { name: 'client|id', handler: id },
  { name: 'client|info', handler: info },
  { name: 'client|list', handler: list },
  { name: 'client|kill', handler: kill },
  { name: 'client|getname', handler: getname },
  { name: 'client|setname', handler: setname },
  { name: 'client|pause', handler: pause, internalFlags: [] },
  { name: 'client|unpause', handler: unpause },
  { name: 'client|reply', handler: reply },
  { name: 'client|no-evict', handler: (c, argv) => onOff(c, argv[2], CLIENT.NO_EVICT) },
  { name: 'client|unblock', handler: unblock },
  { name: 'client|capa', handler: capa, spec: VALKEY_SPECS.byName.get('client|capa') },
  { name: 'client|help', handler: (c) => replyHelp(c, 'client') },
  {
    name: 'client|setinfo',
    handler: setinfo,
    spec: spec72('client|setinfo', 'Set client or connection specific info', [
      {
        m: ['name', 'attr', 'type', 'oneof', 'arguments', [
          { m: ['name', 'libname', 'type', 'string', 'token', 'LIB-NAME'] },
          { m: ['name', 'libver', 'type', 'string', 'token', 'LIB-VER'] },
        ]],
      },
    ]),
  },
  {
    name: 'client|no-touch',
    handler: (c, argv) => onOff(c, argv[2], CLIENT.NO_TOUCH),
    spec: spec72('client|no-touch', 'Controls whether commands sent by the client affect the LRU/LFU of accessed keys', [
      {
        m: ['name', 'enabled', 'type', 'oneof', 'arguments', [
          { m: ['name', 'on', 'type', 'pure-token', 'token', 'ON'] },
          { m: ['name', 'off', 'type', 'pure-token', 'token', 'OFF'] },
        ]],
      },
    ]),
  },
];
