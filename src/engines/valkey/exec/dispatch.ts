/**
 * Command execution: redis' processCommand (lookup, arity, auth, transaction, permission, memory,
 * pub/sub-context and pause checks, in redis' order, with its rejection errors) and call() (runs the
 * handler, keeps statistics, slow log and latency, and propagates the effect).
 */
import { performance } from 'perf_hooks';
import { discardTransaction, flagTransaction, queueCommand } from './multi';
import { enoughGoodReplicas } from '../cluster/replication-view';
import { CLIENT, Client } from '../server/client';
import { LatencyHistogram } from '../server/latency-histogram';
import { LOG_LEVEL } from '../server/log-level';
import type { ValkeyServer } from '../server/server';
import type { Command } from '../table/command';
import { CMD } from '../table/flags';
import { arityError, cString, ERR, unknownCommandError, unknownSubcommandError } from '../util/errors';

/** Commands that run immediately even inside MULTI. */
const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
/** Commands allowed to a RESP2 client in subscribed mode. */
const PUBSUB_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);
/** Commands Valkey 8.0.0 and 8.0.1 refuse from a client with no subscriptions (NOSUB). */
const UNSUBSCRIBE_COMMANDS = new Set(['unsubscribe', 'punsubscribe', 'sunsubscribe']);

/** Rejects a command before execution (redis rejectCommand): error reply + aborted transaction. */
function reject(c: Client, cmd: Command | undefined, error: string): void {
  flagTransaction(c);
  if (cmd) cmd.rejectedCalls++;
  if (cmd && cmd === c.server.execCommand) {
    // redis execCommandAbort: a rejected EXEC discards the transaction (and the watches), even outside MULTI.
    discardTransaction(c);
    c.out.error(`-EXECABORT Transaction discarded because of: ${error.charCodeAt(0) === 45 ? error.slice(1) : error}`);
  } else {
    c.out.error(error);
  }
  if (c.server.nesting === 0) afterCommand(c.server, c, cmd);
}

/** A top-level command is done, executed or rejected (redis afterCommand/resetClient). */
function afterCommand(server: ValkeyServer, c: Client, cmd: Command | undefined): void {
  const hooks = server.hooks.afterCommand;
  for (let i = 0; i < hooks.length; i++) hooks[i](c, cmd);
}

/**
 * POST or Host: in any case. The first letter is checked before lowercasing: most command names
 * (LPUSH, MSET, HSET…) have these lengths, and a lowercase copy per command is garbage.
 */
function looksLikeHttp(name: string): boolean {
  const first = name.charCodeAt(0) | 0x20;
  if (name.length === 4) return first === 0x70 && name.toLowerCase() === 'post';
  if (name.length === 5) return first === 0x68 && name.toLowerCase() === 'host:';
  return false;
}

export function processCommand(server: ValkeyServer, c: Client, argv: string[]): void {
  server.updateTime();
  c.lastInteraction = server.mstime;
  const name = argv[0];
  // redis drops connections that look like HTTP requests aimed at it (cross-protocol scripting).
  if (looksLikeHttp(name)) {
    server.log('Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis.', LOG_LEVEL.WARNING);
    c.close();
    return;
  }

  const cmd = server.commands.find(argv);
  if (!cmd) {
    const found = server.commands.lookup(argv);
    const error = found.unknown === 'subcommand'
      ? unknownSubcommandError(cString(argv[0]), cString(argv[1]))
      : unknownCommandError(argv);
    reject(c, undefined, error);
    return;
  }
  c.cmd = cmd;
  c.lastCmd = cmd;
  if (!cmd.arityOk(argv.length) || !cmd.handler) {
    reject(c, cmd, arityError(cmd.fullName));
    return;
  }
  if (cmd.flags & CMD.PROTECTED && !server.protectedCommandAllowed(c, cmd)) {
    const which = cmd.fullName === 'debug' ? 'DEBUG' : 'MODULE';
    reject(c, cmd, `${which} command not allowed. If the ${which === 'DEBUG' ? 'enable-debug-command' : 'enable-module-command'} option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`);
    return;
  }
  const inMulti = (c.flags & CLIENT.MULTI) !== 0;
  const execFlags = cmd === server.execCommand && c.multi ? c.multi.flags : 0;
  const flags = cmd.flags | execFlags;

  // As redis' authRequired(): a default user that became passwordless lets everyone in.
  if (!c.authenticated && !(cmd.flags & CMD.NO_AUTH) && server.authRequiredByDefault()) {
    reject(c, cmd, ERR.NOAUTH);
    return;
  }
  if (inMulti && cmd.flags & CMD.NO_MULTI) {
    reject(c, cmd, ERR.NO_MULTI);
    return;
  }
  const hooks = server.hooks;
  if (hooks.checkPermission) {
    const denied = hooks.checkPermission(c, cmd, argv, false);
    if (denied) {
      reject(c, cmd, denied);
      return;
    }
  }
  if (hooks.route) {
    const redirect = hooks.route(c, cmd, argv);
    if (redirect) {
      reject(c, cmd, redirect);
      return;
    }
  }
  if (server.maxmemory > 0) {
    const outOfMemory = !server.performEvictions();
    const isExecLike = cmd.fullName === 'exec' || cmd.fullName === 'discard' || cmd.fullName === 'quit' || cmd.fullName === 'reset';
    const rejectOnOom = (flags & CMD.DENYOOM) !== 0 || (inMulti && !isExecLike);
    if (outOfMemory && rejectOnOom) {
      reject(c, cmd, ERR.OOM);
      return;
    }
  }
  if (server.minReplicasToWrite > 0 && flags & CMD.WRITE && !enoughGoodReplicas(server)) {
    reject(c, cmd, ERR.NOREPLICAS);
    return;
  }
  if (hooks.checkWrite && (flags & CMD.WRITE || execFlags & CMD.WRITE)) {
    const refused = hooks.checkWrite(c, cmd);
    if (refused) {
      reject(c, cmd, refused);
      return;
    }
  }
  if (c.flags & CLIENT.PUBSUB && c.out.resp === 2 && !PUBSUB_CONTEXT.has(cmd.fullName)) {
    reject(c, cmd, `Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
    return;
  }
  // Valkey 8.0.0 and 8.0.1 refuse to unsubscribe a client that has no subscriptions of any kind,
  // in RESP2 and RESP3 alike (redis 7 and Valkey from 8.0.2 reply with an empty confirmation);
  // inside MULTI this aborts the EXEC.
  if (server.refusesUnsubscribeWhenUnsubscribed && !(c.flags & CLIENT.PUBSUB) && UNSUBSCRIBE_COMMANDS.has(cmd.fullName)) {
    reject(c, cmd, `-NOSUB '${cmd.fullName}' command executed not in subscribed mode`);
    return;
  }
  if (hooks.busy && !(cmd.flags & CMD.ALLOW_BUSY)) {
    const busy = hooks.busy();
    if (busy) {
      reject(c, cmd, busy);
      return;
    }
  }
  if (server.pausedFor(flags)) {
    server.blocking.postpone(c, argv);
    return;
  }
  if (inMulti && !NOT_QUEUED.has(cmd.fullName)) {
    queueCommand(c, cmd, argv);
    c.out.raw('+QUEUED\r\n');
    return;
  }
  // The clock reading of updateTime above (at the top level) starts the duration too, unless
  // evictions ran in between: their time is not the command's (redis times them on their own).
  const startedAt = server.nesting === 0 && server.maxmemory === 0 ? server.clockStamp : undefined;
  call(server, c, cmd, argv, true, startedAt);
  if (server.blocking.hasReadyKeys) server.blocking.handleReadyKeys();
}

/**
 * A handler that throws is a fault of ours, not of the client's input: the client gets an error and
 * its connection is closed after it (a reply may have been cut short), the fault is logged, and the
 * node, with every other client's data, stays up.
 */
function handlerFault(server: ValkeyServer, c: Client, cmd: Command, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  server.log(`Internal error running '${cmd.fullName}': ${message}`, LOG_LEVEL.WARNING);
  c.out.error(`internal error running '${cmd.fullName}'`);
  // eslint-disable-next-line no-bitwise
  c.flags |= CLIENT.CLOSE_AFTER_REPLY;
}

/**
 * Runs a command (redis call()): the handler, then statistics, slow log, latency monitor, MONITOR
 * feed and propagation of what it changed. Nested calls (EXEC, scripts) propagate as one unit.
 * `propagate` false (redis.set_repl without REPL_REPLICA, redis' call flags) keeps the command's
 * own argv out of the stream; what the command adds itself (SPOP's SREM, lazy expiry DELs) still
 * goes, as in redis, whose alsoPropagate ignores the call flags. `startedAt` is a clock reading
 * taken for the command already (processCommand's), where the duration starts.
 */
export function call(server: ValkeyServer, c: Client, cmd: Command, argv: string[], propagate = true, startedAt?: number): void {
  const dirtyBefore = server.dirty;
  const offsetBefore = server.propagation.offset;
  const prevCmd = c.cmd;
  const prevArgv = c.argv;
  const prevProp = c.propagateArgv;
  const prevPrevent = c.preventPropagation;
  const prevForce = c.forcePropagation;
  c.cmd = cmd;
  c.argv = argv;
  c.propagateArgv = undefined;
  c.preventPropagation = false;
  c.forcePropagation = false;
  const stats = server.stats;
  stats.errorRepliesSeen = stats.totalErrorReplies;
  const prevClient = server.currentClient;
  const outermost = server.nesting === 0;
  if (outermost) server.outerClient = c;
  server.currentClient = c;
  server.nesting++;
  const start = startedAt ?? performance.now();
  try {
    cmd.handler!(c, argv);
  } catch (err) {
    handlerFault(server, c, cmd, err);
  }
  const end = performance.now();
  const micros = Math.round((end - start) * 1000);
  if (outermost) server.stats.eventLoop.command(start, end);
  server.nesting--;
  server.currentClient = prevClient;

  // A command that blocked is counted when it is finally served (a re-run that did not block again).
  const rerunServed = (c.flags & CLIENT.REPROCESSING) !== 0 && c.blocked !== undefined && !c.blocked.reblocked;
  const blocked = (c.flags & CLIENT.BLOCKED) !== 0 && !rerunServed;
  if (stats.totalErrorReplies > stats.errorRepliesSeen) cmd.failedCalls++;
  stats.errorRepliesSeen = stats.totalErrorReplies;
  if (!blocked) {
    cmd.calls++;
    cmd.microseconds += micros;
    if (server.latencyTracking) (cmd.histogram ??= new LatencyHistogram()).record(micros);
    server.afterCommandTimed(c, cmd, argv, micros);
  }
  // A command re-run after blocking was shown when it first ran.
  if (server.monitors.size > 0 && !(cmd.flags & (CMD.SKIP_MONITOR | CMD.ADMIN)) && !(c.flags & CLIENT.REPROCESSING)) {
    server.feedMonitors(c, argv);
  }
  const afterCall = server.hooks.afterCall;
  for (let i = 0; i < afterCall.length; i++) afterCall[i](c, cmd, argv);

  // Propagate what changed: the (possibly rewritten) command, never EXEC itself.
  const changed = server.dirty > dirtyBefore || c.forcePropagation;
  if (changed && propagate && !c.preventPropagation && cmd !== server.execCommand) {
    server.propagation.add(c.db.id, c.propagateArgv ?? argv);
  }
  if (server.nesting === 0) server.propagation.flush();
  if (server.propagation.offset !== offsetBefore) c.woff = server.propagation.offset;
  server.stats.totalCommandsProcessed++;
  // A script's commands count for the client that ran the script (Valkey 8's tot-cmds).
  (server.outerClient ?? c).commandsProcessed++;
  if (outermost) {
    afterCommand(server, c, cmd);
    server.outerClient = undefined;
  }

  if (server.nesting > 0) {
    c.cmd = prevCmd;
    c.argv = prevArgv;
    c.propagateArgv = prevProp;
    c.preventPropagation = prevPrevent;
    c.forcePropagation = prevForce;
  }
}

/**
 * Runs one command read from a client, applying CLIENT REPLY OFF/SKIP: replies written while the
 * mode is on are dropped, as redis refuses to queue them (prepareClientToWrite).
 */
export function processClientCommand(server: ValkeyServer, c: Client, argv: string[]): void {
  const mark = c.out.len;
  processCommand(server, c, argv);
  if (c.flags & (CLIENT.REPLY_OFF | CLIENT.REPLY_SKIP)) c.out.truncate(mark);
  c.flags &= ~CLIENT.REPLY_SKIP;
  if (c.flags & CLIENT.REPLY_SKIP_NEXT) c.flags = (c.flags & ~CLIENT.REPLY_SKIP_NEXT) | CLIENT.REPLY_SKIP;
}
