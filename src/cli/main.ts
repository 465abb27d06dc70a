import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';

/** Reads our own version from the package manifest that ships beside `lib/`. */
export function packageVersion(): string {
  const manifest = path.join(__dirname, '..', '..', 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

/** Builds the `cdk-elasticache` command line. Exported so tests can drive it without a child process. */
export function buildProgram(): Command {
  const program = new Command('cdk-elasticache')
    .description('Amazon ElastiCache constructs for the AWS CDK, and a local simulator that runs them.')
    .version(packageVersion(), '-v, --version', 'print the version and exit')
    .showHelpAfterError()
    .enablePositionalOptions();
  registerCommands(program);
  return program;
}

/** Entry point of the `cdk-elasticache` bin. */
export function main(argv: string[]): void {
  const program = buildProgram();
  program.exitOverride();
  program.parseAsync(argv, { from: 'user' }).catch((err: unknown) => {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`cdk-elasticache: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
