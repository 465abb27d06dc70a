import type { Command } from 'commander';
import { registerMemcachedEngine } from './engine-memcached';
import { prepareForShutdown } from '../../engines/valkey/commands/persistence';
import { ValkeyServer } from '../../engines/valkey/server/server';

/**
 * `cdk-elasticache engine <name>`: runs one of our engines as a standalone server, as a drop-in
 * for redis-server or memcached in tests. Each engine adds its own subcommand.
 */
export function registerEngineCommand(program: Command): Command {
  const engine = program.command('engine').description('run an engine (valkey, memcached) as a standalone server');
  registerValkeyEngine(engine);
  registerMemcachedEngine(engine);
  return engine;
}

export interface ValkeyEngineOptions {
  readonly port: string;
  readonly bind: string;
  readonly requirepass?: string;
  readonly config: string[];
  readonly version?: string;
}

/** Collects repeated `--config name=value` options. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Turns `name=value` strings into a config record; throws on a malformed entry. */
export function parseConfigPairs(pairs: readonly string[]): Record<string, string> {
  const config: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--config expects name=value, got '${pair}'`);
    config[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return config;
}

function registerValkeyEngine(engine: Command): void {
  engine
    .command('valkey')
    .description('a Valkey / Redis OSS 7 compatible server (RESP2/RESP3)')
    .option('--port <port>', 'TCP port (0 picks a free one)', '6379')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--requirepass <password>', 'password of the default user')
    .option('--config <name=value>', 'a redis.conf parameter (repeatable)', collect, [])
    .option('--version-compat <version>', 'server version to emulate (e.g. 7.0.15, 7.2.4)')
    .option('--valkey-version <version>', 'Valkey release from 8.0 on to emulate (e.g. 8.0.1; redis_version stays 7.2.4)')
    .action(async (opts: ValkeyEngineOptions & { versionCompat?: string; valkeyVersion?: string }) => {
      const config = parseConfigPairs(opts.config);
      if (opts.requirepass !== undefined) config.requirepass = opts.requirepass;
      let stopped: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        stopped = resolve;
      });
      const server = new ValkeyServer({
        port: Number(opts.port),
        bind: opts.bind,
        config,
        version: opts.versionCompat ?? (opts.valkeyVersion ? '7.2.4' : undefined),
        valkeyVersion: opts.valkeyVersion,
        logger: (line) => process.stderr.write(`${line}\n`),
        // SHUTDOWN (and a signal) end the process once the server has closed, as redis-server exits.
        onShutdown: () => stopped(),
      });
      const { host, port } = await server.start();
      // A signal shuts down as redis' default shutdown-on-sigterm/sigint does: a final save when
      // save points are configured, and no exit while that save fails.
      const onSignal = (signal: string) => {
        server.log(`Received ${signal} scheduling shutdown...`);
        prepareForShutdown(server, {});
      };
      const onSigint = () => onSignal('SIGINT');
      const onSigterm = () => onSignal('SIGTERM');
      // Handlers first: stdout to a pipe is synchronous, so a reader may signal as soon as it sees the line.
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);
      process.stdout.write(`valkey engine ready on ${host}:${port}\n`);
      await done;
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    });
}
