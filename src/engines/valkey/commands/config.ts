/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP. */
import { replyHelp } from './args';
import type { Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { ERR } from '../util/errors';

function configGet(c: Client, argv: string[]): void {
  const pairs = c.server.config.getMatching(argv.slice(2));
  c.out.mapHeader(pairs.length);
  for (const [name, value] of pairs) {
    c.out.bulk(name);
    c.out.bulk(value);
  }
}

function configSet(c: Client, argv: string[]): void {
  // Below the arity the dispatcher answers; an odd count of name/value words is a syntax error.
  if (argv.length % 2 !== 0) {
    c.out.error(ERR.SYNTAX);
    return;
  }
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  // Secrets never reach the slow log or MONITOR.
  for (let i = 2; i < argv.length; i += 2) {
    if (['requirepass', 'masterauth'].includes(argv[i].toLowerCase())) argv[i + 1] = '(redacted)';
  }
  const error = c.server.config.setMany(pairs);
  if (error) c.out.error(error);
  else c.out.ok();
}

/** CONFIG RESETSTAT: statistics, command statistics and error statistics start over. */
export function resetStats(c: Client): void {
  const server = c.server;
  server.stats.reset();
  for (const cmd of server.commands.allCommands()) {
    cmd.calls = 0;
    cmd.microseconds = 0;
    cmd.rejectedCalls = 0;
    cmd.failedCalls = 0;
  }
  server.memory.peak = server.usedMemory();
  c.out.ok();
}

function rewrite(c: Client): void {
  // The engine is configured by its process arguments, never by a file, like redis started without one.
  c.out.error('The server is running without a config file');
}

export const CONFIG_COMMANDS: CommandDef[] = [
  { name: 'config|get', handler: configGet },
  { name: 'config|set', handler: configSet },
  { name: 'config|resetstat', handler: resetStats },
  { name: 'config|rewrite', handler: rewrite },
  { name: 'config|help', handler: (c) => replyHelp(c, 'config') },
];
