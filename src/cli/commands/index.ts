import type { Command } from 'commander';
import { registerEngineCommand } from './engine';
import { registerSimulateCommand } from './simulate';
import { registerSummaryCommand } from './summary';

/**
 * Every subcommand of the bin registers itself here, one module per subcommand, so the entry
 * point stays small and each command can be tested on its own.
 */
export function registerCommands(program: Command): void {
  registerSummaryCommand(program);
  registerEngineCommand(program);
  registerSimulateCommand(program);
  // Subcommands are added by their modules (engine, simulate, synth).
}
