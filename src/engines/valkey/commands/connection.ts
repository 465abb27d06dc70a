/** Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH, SELECT. */
import { int32Arg, is } from './args';
import { discardTransaction } from '../exec/multi';
import { CLIENT, Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { ERR } from '../util/errors';
import { parseInt64 } from '../util/numbers';

const AUTH_FAILED = ERR.WRONGPASS;

/**
 * Client names may only contain printable ASCII without spaces (redis validateClientName); with
 * `cString` (Valkey 8) only the part before a NUL byte is checked.
 */
export function invalidClientName(name: string, cString = false): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    // Valkey 8 checks the name as a C string: whatever follows a NUL byte goes unchecked.
    if (ch === 0 && cString) return false;
    if (ch < 33 || ch > 126) return true;
  }
  return false;
}

export const CLIENT_NAME_ERROR = 'Client names cannot contain spaces, newlines or special characters.';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    c.out.error("wrong number of arguments for 'ping' command");
    return;
  }
  if (c.flags & CLIENT.PUBSUB && c.resp === 2) {
    c.out.arrayHeader(2);
    c.out.bulk('pong');
    c.out.bulk(argv.length === 1 ? '' : argv[1]);
  } else if (argv.length === 1) {
    c.out.raw('+PONG\r\n');
  } else {
    c.out.bulk(argv[1]);
  }
}

function quit(c: Client): void {
  c.out.ok();
  c.flags |= CLIENT.CLOSE_AFTER_REPLY;
}

/** Puts a client back in the state of a new connection (redis clearClientConnectionState). */
export function resetClientState(c: Client): void {
  const server = c.server;
  if (c.flags & CLIENT.MONITOR) {
    server.monitors.delete(c);
    c.flags &= ~CLIENT.MONITOR;
  }
  c.db = server.dbs[0];
  c.out.resp = 2;
  c.user = 'default';
  c.authenticated = !server.authRequiredByDefault();
  discardTransaction(c);
  server.pubsub.removeClient(c);
  c.name = '';
  c.flags &= ~(CLIENT.ASKING | CLIENT.READONLY | CLIENT.PUBSUB | CLIENT.NO_TOUCH | CLIENT.REPLY_OFF | CLIENT.REPLY_SKIP_NEXT | CLIENT.TRACKING);
  for (const h of server.hooks.clientReset) h(c);
}

function reset(c: Client): void {
  if (c.flags & (CLIENT.REPLICA | CLIENT.MASTER)) {
    c.out.error('can only reset normal client connections');
    return;
  }
  resetClientState(c);
  c.out.status('RESET');
}

function echo(c: Client, argv: string[]): void {
  c.out.bulk(argv[1]);
}

/** Replaces a secret argument so the slow log and MONITOR never show it (redis redactClientCommandArgument). */
export function redact(argv: string[], index: number): void {
  if (index < argv.length) argv[index] = '(redacted)';
}

function authenticate(c: Client, user: string, password: string): boolean {
  if (!c.server.checkCredentials(c, user, password)) return false;
  c.user = user;
  c.authenticated = true;
  return true;
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  const user = argv.length === 2 ? 'default' : argv[1];
  const password = argv[argv.length - 1];
  // redis redacts the first argument in both forms (so a user name never shows either).
  redact(argv, 1);
  if (argv.length === 3) redact(argv, 2);
  if (argv.length === 2 && c.server.defaultUserNoPass()) {
    c.out.error('AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
    return;
  }
  if (authenticate(c, user, password)) c.out.ok();
  else c.out.error(AUTH_FAILED);
}

function hello(c: Client, argv: string[]): void {
  let version = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseInt64(argv[next++]);
    if (v === undefined) {
      c.out.error('Protocol version is not an integer or out of range');
      return;
    }
    if (v < 2 || v > 3) {
      c.out.error('-NOPROTO unsupported protocol version');
      return;
    }
    version = v;
  }
  let user: string | undefined;
  let password: string | undefined;
  let name: string | undefined;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (is(opt, 'auth') && more >= 2) {
      user = argv[j + 1];
      password = argv[j + 2];
      redact(argv, j + 1);
      redact(argv, j + 2);
      j += 2;
    } else if (is(opt, 'setname') && more >= 1) {
      name = argv[j + 1];
      if (invalidClientName(name, c.server.isValkey8)) {
        c.out.error(CLIENT_NAME_ERROR);
        return;
      }
      j++;
    } else {
      c.out.error(`Syntax error in HELLO option '${opt}'`);
      return;
    }
  }
  if (user !== undefined && password !== undefined && !authenticate(c, user, password)) {
    c.out.error(AUTH_FAILED);
    return;
  }
  if (!c.authenticated) {
    // 7.2 added `<proto>` to the advice.
    const form = c.server.since72 ? 'HELLO <proto> AUTH' : 'HELLO AUTH';
    c.out.error(`-NOAUTH HELLO must be called with the client already authenticated, otherwise the ${form} <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time`);
    return;
  }
  if (name !== undefined) c.name = name;
  if (version) c.out.resp = version;
  const server = c.server;
  const out = c.out;
  out.mapHeader(7);
  out.bulk('server');
  out.bulk(server.serverName);
  out.bulk('version');
  out.bulk(server.releaseVersion);
  out.bulk('proto');
  out.integer(c.resp);
  out.bulk('id');
  out.integer(c.id);
  out.bulk('mode');
  out.bulk(server.config.bool('cluster-enabled') ? 'cluster' : 'standalone');
  out.bulk('role');
  out.bulk(server.isReplica ? 'replica' : 'master');
  out.bulk('modules');
  out.arrayHeader(0);
}

function select(c: Client, argv: string[]): void {
  const id = int32Arg(c, argv[1]);
  if (id === undefined) return;
  if (c.server.config.bool('cluster-enabled') && id !== 0) {
    c.out.error('SELECT is not allowed in cluster mode');
    return;
  }
  if (!c.server.selectDb(c, id)) c.out.error(ERR.INVALID_DB);
  else c.out.ok();
}

export const CONNECTION_COMMANDS: CommandDef[] = [
  { name: 'ping', handler: ping },
  { name: 'echo', handler: echo },
  { name: 'quit', handler: quit },
  { name: 'reset', handler: reset },
  { name: 'hello', handler: hello },
  { name: 'auth', handler: auth },
  { name: 'select', handler: select },
];
