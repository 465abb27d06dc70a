import type { Command } from 'commander';

/**
 * Every subcommand of the bin registers itself here, one module per subcommand, so the entry
 * point stays small and each command can be tested on its own.
 */
export function registerCommands(_program: Command): void {
  // Subcommands are added by their modules (engine, simulate, synth).
}
