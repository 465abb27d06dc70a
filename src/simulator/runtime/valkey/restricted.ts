/**
 * Commands ElastiCache does not offer on Valkey / Redis OSS nodes. The documented list
 * ("Restricted commands" in the ElastiCache guide: bgrewriteaof, bgsave, config, debug, migrate,
 * replicaof, save, slaveof, shutdown, sync) plus PSYNC, SYNC's sibling in the replication
 * handshake. The service answers them as unknown commands, which the engine does for a disabled
 * command. Users are managed through the ElastiCache API, so the ACL subcommands that change
 * users answer as unknown subcommands.
 */
import type { ValkeyServer } from '../../../engines/valkey';

export const RESTRICTED_COMMANDS = [
  'bgrewriteaof', 'bgsave', 'config', 'debug', 'migrate', 'replicaof', 'save', 'slaveof', 'shutdown', 'sync', 'psync',
] as const;

export const RESTRICTED_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  acl: ['setuser', 'deluser', 'load', 'save'],
};

/** Disables the restricted commands the engine has (commands it lacks are unknown already). */
export function restrictCommands(server: ValkeyServer): void {
  for (const name of RESTRICTED_COMMANDS) {
    if (server.commands.get(name)) server.commands.disable(name);
  }
  for (const [container, subs] of Object.entries(RESTRICTED_SUBCOMMANDS)) {
    const table = server.commands.get(container)?.subcommands;
    for (const sub of subs) table?.delete(sub);
  }
}
