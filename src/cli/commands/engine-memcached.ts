import type { Command } from 'commander';
import { parseConfigPairs } from './engine';
import { MemcachedServer } from '../../engines/memcached';

export interface MemcachedEngineOptions {
  readonly port: string;
  readonly bind: string;
  readonly memoryLimit?: string;
  readonly config: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses a positive whole number of megabytes, or fails naming the option. */
function megabytes(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--memory-limit expects a positive number of megabytes, got '${value}'`);
  return Number(value);
}

/**
 * `cdk-elasticache engine memcached`: our memcached 1.6 compatible server, standalone. Prints one
 * ready line with its address and stops cleanly on SIGINT/SIGTERM.
 */
export function registerMemcachedEngine(engine: Command): void {
  engine
    .command('memcached')
    .description('a memcached 1.6 compatible server (text, meta and binary protocols, ElastiCache auto discovery)')
    .option('--port <port>', 'TCP port (0 picks a free one)', '11211')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--memory-limit <MB>', 'item memory in megabytes (memcached -m)')
    .option('--config <name=value>', 'an ElastiCache memcached parameter or memcached option, e.g. max_item_size=2m (repeatable)', collect, [])
    .action(async (opts: MemcachedEngineOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port expects 0..65535, got '${opts.port}'`);
      const server = new MemcachedServer({
        port,
        host: opts.bind,
        memoryLimitMb: opts.memoryLimit === undefined ? undefined : megabytes(opts.memoryLimit),
        parameters: parseConfigPairs(opts.config),
      });
      const { host, port: bound } = await server.start();
      process.stdout.write(`memcached engine ready on ${host}:${bound}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.stop().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
