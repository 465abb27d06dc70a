/**
 * The command set of a serverless Valkey / Redis OSS cache. The ElastiCache guide's page
 * "Supported and restricted Valkey, Memcached, and Redis OSS commands"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SupportedCommands.html) lists the
 * commands serverless caches support, family by family; everything else the engine has answers as
 * an unknown command or subcommand, as it does for the restricted commands of node-based caches.
 *
 * Containers keep only the subcommands the page lists (e.g. CLIENT GETNAME/SETNAME/REPLY, the
 * read-only ACL subcommands, SCRIPT EXISTS/FLUSH/LOAD); the whole-command list below names the
 * commands the page leaves out (KEYS, MOVE, OBJECT, WAIT, MONITOR, pattern subscriptions,
 * functions, latency/memory/slow-log introspection…). CLIENT SETINFO is kept: clients send it
 * while connecting and it changes nothing but the connection's name tags.
 */
import type { ValkeyServer } from '../../../../engines/valkey';
import { restrictCommands } from '../../valkey/restricted';

/** Top-level commands serverless caches do not offer (beyond the node-based restrictions). */
export const SERVERLESS_UNSUPPORTED_COMMANDS: readonly string[] = [
  'asking', 'failover', 'fcall', 'fcall_ro', 'function', 'keys', 'lastsave', 'latency', 'memory', 'monitor', 'move',
  'object', 'pfdebug', 'pfselftest', 'psubscribe', 'punsubscribe', 'slowlog', 'swapdb', 'wait', 'waitaof',
];

/** Containers whose subcommands are limited on serverless caches: the subcommands kept. */
export const SERVERLESS_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  acl: ['cat', 'dryrun', 'genpass', 'getuser', 'list', 'users', 'whoami'],
  client: ['getname', 'reply', 'setinfo', 'setname'],
  cluster: ['countkeysinslot', 'getkeysinslot', 'info', 'keyslot', 'myid', 'nodes', 'replicas', 'shards', 'slots'],
  pubsub: ['channels', 'numsub', 'shardchannels', 'shardnumsub'],
  script: ['exists', 'flush', 'load'],
};

/** Leaves an engine with the serverless command set (node-based restrictions included). */
export function restrictToServerless(server: ValkeyServer): void {
  restrictCommands(server);
  for (const name of SERVERLESS_UNSUPPORTED_COMMANDS) {
    if (server.commands.get(name)) server.commands.disable(name);
  }
  for (const [container, kept] of Object.entries(SERVERLESS_SUBCOMMANDS)) {
    const table = server.commands.get(container)?.subcommands;
    if (!table) continue;
    for (const sub of [...table.keys()]) if (!kept.includes(sub)) table.delete(sub);
  }
}
