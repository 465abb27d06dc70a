/**
 * From a cache's engine configuration (parameter group values, node-type values, memory left
 * after reserved memory) to what a Valkey/Redis OSS engine node runs with: emulated version,
 * configuration, renamed commands, and a report of which parameters took effect.
 */
import { ValkeyServer } from '../../../engines/valkey';
import type { ValkeyEngineConfig } from '../../model';

/** A parameter the node does not run with, and why. */
export interface ParameterNotApplied {
  readonly name: string;
  readonly value: string;
  readonly reason: string;
}

export interface ParameterReport {
  /** Parameters applied to the engine (by ElastiCache name). */
  readonly applied: readonly string[];
  readonly notApplied: readonly ParameterNotApplied[];
}

/**
 * Full engine versions ElastiCache runs for the versions the catalog lists. Valkey reports
 * redis_version 7.2.4 for compatibility in every release; the engine emulates the 7.2 command set.
 */
const REDIS_VERSIONS: Record<string, string> = { '7.1': '7.1.0', '7.0': '7.0.7', '6.2': '6.2.6', '6.0': '6.0.5' };

export function emulatedVersion(config: ValkeyEngineConfig): { version: string; serverName: 'redis' | 'valkey' } {
  if (config.engine === 'valkey') return { version: '7.2.4', serverName: 'valkey' };
  const known = REDIS_VERSIONS[config.engineVersion];
  const parts = config.engineVersion.split('.');
  return { version: known ?? (parts.length >= 3 ? config.engineVersion : [...parts, '0', '0'].slice(0, 3).join('.')), serverName: 'redis' };
}

/** Parameters the simulator applies itself (not through the engine's configuration). */
const HANDLED_ELSEWHERE: Record<string, string> = {
  'maxmemory': 'applied as maxmemory minus reserved memory',
  'reserved-memory': 'taken off maxmemory',
  'reserved-memory-percent': 'taken off maxmemory',
  'cluster-enabled': 'set when the node starts',
  'databases': 'set when the node starts',
  'rename-commands': 'applied to the command table',
  'close-on-replica-write': 'applied by the replication layer',
  'cluster-preferred-endpoint-type': 'applied by the cluster layer',
};

/** ElastiCache splits client-output-buffer-limit into nine parameters. */
const OUTPUT_LIMIT = /^client-output-buffer-limit-(normal|replica|pubsub)-(hard-limit|soft-limit|soft-seconds)$/;

/** `rename-commands`: space-separated `old new` pairs. */
export function parseRenames(text: string | undefined): Record<string, string> {
  const words = (text ?? '').split(/\s+/).filter((w) => w !== '');
  const renames: Record<string, string> = {};
  for (let i = 0; i + 1 < words.length; i += 2) renames[words[i].toLowerCase()] = words[i + 1];
  return renames;
}

/** Settings fixed at construction: the parameters redis cannot change at run time. */
export function immutableConfig(config: ValkeyEngineConfig): Record<string, string> {
  const fixed: Record<string, string> = { 'cluster-enabled': config.clusterEnabled ? 'yes' : 'no' };
  if (config.parameters.databases !== undefined) fixed.databases = config.parameters.databases;
  return fixed;
}

/** Applies the parameters to a new engine node; returns what took effect. */
export function applyParameters(server: ValkeyServer, config: ValkeyEngineConfig): ParameterReport {
  const applied: string[] = [];
  const notApplied: ParameterNotApplied[] = [];
  const limits: Record<string, Record<string, string>> = { normal: {}, replica: {}, pubsub: {} };
  for (const [name, value] of Object.entries(config.parameters)) {
    const limit = OUTPUT_LIMIT.exec(name);
    if (limit) {
      limits[limit[1]][limit[2]] = value;
      applied.push(name);
      continue;
    }
    if (name in HANDLED_ELSEWHERE) {
      applied.push(name);
      continue;
    }
    if (!server.config.has(name)) {
      notApplied.push({ name, value, reason: 'the engine has no such setting' });
      continue;
    }
    try {
      server.config.set(name, value, true);
      applied.push(name);
    } catch (err) {
      notApplied.push({ name, value, reason: (err as Error).message });
    }
  }
  if (config.maxmemoryBytes !== undefined) server.config.set('maxmemory', String(config.maxmemoryBytes), true);
  applyOutputLimits(server, limits, notApplied);
  for (const [from, to] of Object.entries(parseRenames(config.parameters['rename-commands']))) {
    try {
      server.commands.rename(from, to);
    } catch (err) {
      notApplied.push({ name: 'rename-commands', value: `${from} ${to}`, reason: (err as Error).message });
    }
  }
  return { applied, notApplied };
}

function applyOutputLimits(server: ValkeyServer, limits: Record<string, Record<string, string>>, notApplied: ParameterNotApplied[]): void {
  const current = server.config.get('client-output-buffer-limit')!.split(' ');
  // Current value: `normal h s ss slave h s ss pubsub h s ss`.
  const classes = ['normal', 'replica', 'pubsub'];
  const parts: string[] = [];
  classes.forEach((cls, i) => {
    const given = limits[cls];
    const base = current.slice(i * 4 + 1, i * 4 + 4);
    parts.push(cls === 'replica' ? 'replica' : cls, given['hard-limit'] ?? base[0], given['soft-limit'] ?? base[1], given['soft-seconds'] ?? base[2]);
  });
  try {
    server.config.set('client-output-buffer-limit', parts.join(' '), true);
  } catch (err) {
    notApplied.push({ name: 'client-output-buffer-limit-*', value: parts.join(' '), reason: (err as Error).message });
  }
}

/**
 * Applies the parameters that differ between two configurations to a running engine (parameter
 * group changes of type `immediate`, and maxmemory after a node type change); returns what took
 * effect. Renamed commands and settings fixed at start wait for a restart.
 */
export function applyParameterChanges(server: ValkeyServer, before: ValkeyEngineConfig, after: ValkeyEngineConfig): ParameterReport {
  const changed: Record<string, string> = {};
  for (const [name, value] of Object.entries(after.parameters)) {
    if (before.parameters[name] !== value && name !== 'rename-commands' && !(name in immutableConfig(after))) changed[name] = value;
  }
  const report = applyParameters(server, { ...after, parameters: changed, maxmemoryBytes: undefined });
  if (after.maxmemoryBytes !== undefined && after.maxmemoryBytes !== before.maxmemoryBytes) {
    server.config.set('maxmemory', String(after.maxmemoryBytes), true);
  }
  return report;
}
