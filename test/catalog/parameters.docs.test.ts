import { describeWithDocs, seedLine, seedRefs } from './doc-sources';
import { ENGINE_VERSIONS } from '../../src/catalog/data/engine-versions';
import { PARAMETER_FAMILIES } from '../../src/catalog/data/parameter-families';
import { findParameter } from '../../src/catalog/lookup';

const family = (name: string) => PARAMETER_FAMILIES.find((f) => f.family === name)!;
const names = (name: string) => family(name).parameters.map((p) => p.name);

/** The seed writes booleans as enabled/disabled and numbers with units: normalize to the API form. */
function seedDefault(text: string): string | undefined {
  const m = /Default: ([^<\t]+?)(?:\s*\((?:[^)]*)\))?(?=\s+Type:|\s*<\/p>|\s*\t|$)/.exec(text);
  if (!m) return undefined;
  const raw = m[1].trim();
  if (raw === 'enabled') return '1';
  if (raw === 'disabled') return '0';
  return raw;
}

describeWithDocs('Memcached parameters against the seed tables (000:L7325-7449)', () => {
  const memcachedRows = PARAMETER_FAMILIES.filter((f) => f.engine === 'memcached').flatMap((f) => f.parameters.map((p) => ({ family: f.family, p })));

  test('every cited seed line names the parameter', () => {
    for (const { p } of memcachedRows) {
      for (const ref of seedRefs(p.source)) {
        const text = seedLine(ref.file, ref.line);
        // 000:L7469 introduces the node-type table of max_cache_memory and num_threads.
        expect({ name: p.name, ref: `${ref.file}:L${ref.line}`, mentions: text.includes(p.name) }).toEqual({ name: p.name, ref: `${ref.file}:L${ref.line}`, mentions: true });
      }
    }
  });

  test('defaults, modifiability and change timing match the cited line wherever it states them', () => {
    let checked = 0;
    for (const { p } of memcachedRows) {
      for (const ref of seedRefs(p.source)) {
        const text = seedLine(ref.file, ref.line);
        const def = seedDefault(text);
        if (def !== undefined) {
          expect({ name: p.name, default: p.defaultValue }).toEqual({ name: p.name, default: def });
          checked++;
        }
        const mod = /Modifiable: (Yes|No)/.exec(text);
        if (mod) expect({ name: p.name, modifiable: p.modifiable }).toEqual({ name: p.name, modifiable: mod[1] === 'Yes' });
        const change = /Changes Take Effect: (\S+)/.exec(text);
        if (change) {
          const expected = /^Im/.test(change[1]) ? 'immediate' : 'requires-reboot';
          expect({ name: p.name, changeType: p.changeType }).toEqual({ name: p.name, changeType: expected });
        }
        const allowed = /Allowed_Values: ([\d,]+)/.exec(text);
        if (allowed) expect({ name: p.name, allowed: p.allowedValues }).toEqual({ name: p.name, allowed: allowed[1] });
      }
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  test('family membership follows the version notes (spec memcached-guide-2 §4.2)', () => {
    for (const f of ['memcached1.5', 'memcached1.6']) {
      expect(names(f)).not.toContain('modern');
      expect(names(f)).not.toContain('expirezero_does_not_evict');
      expect(names(f)).toEqual(expect.arrayContaining(['no_modern', 'inline_ascii_resp']));
    }
    expect(names('memcached1.4')).toEqual(expect.arrayContaining(['modern', 'expirezero_does_not_evict']));
    expect(names('memcached1.4')).not.toContain('no_modern');
    expect(names('memcached1.6')).toEqual(names('memcached1.5'));
  });

  test('non-modifiable Memcached parameters are the documented ones', () => {
    const fixed = family('memcached1.6').parameters.filter((p) => !p.modifiable).map((p) => p.name).sort();
    expect(fixed).toEqual([
      'backlog_queue_limit', 'config_max', 'config_size_max', 'hashpower_init', 'large_memory_pages', 'lock_down_paged_memory',
      'max_cache_memory', 'max_simultaneous_connections', 'num_threads', 'requests_per_event',
    ]);
  });
});

describeWithDocs('Redis OSS parameters against the seed', () => {
  test('slow log and eviction defaults (000:L8865, 000:L8917, 000:L8920, 000:L9447)', () => {
    expect(seedLine('000', 8865)).toContain('default policy `volatile-lru`');
    expect(findParameter('redis7', 'maxmemory-policy')?.defaultValue).toBe('volatile-lru');
    expect(seedLine('000', 8917)).toContain('10,000 microseconds');
    expect(findParameter('redis7', 'slowlog-log-slower-than')?.defaultValue).toBe('10000');
    expect(seedLine('000', 9447)).toContain('last 128 commands');
    expect(findParameter('redis7', 'slowlog-max-len')?.defaultValue).toBe('128');
  });

  test('lazyfree-lazy-user-del is a 6.x parameter (000:L8870)', () => {
    expect(seedLine('000', 8870)).toContain('lazyfree-lazy-user-del');
    expect(names('redis6.x')).toContain('lazyfree-lazy-user-del');
    expect(names('redis5.0')).not.toContain('lazyfree-lazy-user-del');
  });

  test('the cluster-mode default group of redis3.2 is in family redis3.2 (000:L6923-6924)', () => {
    expect(seedLine('000', 6923)).toContain('default.redis3.2.cluster.on');
    expect(seedLine('000', 6924)).toContain('"redis3.2"');
    expect(findParameter('redis3.2', 'cluster-enabled')?.allowedValues).toBe('yes,no');
  });
});

describe('parameter families', () => {
  test('every family the issue names exists, and every engine version maps to an existing family', () => {
    const expected = ['memcached1.4', 'memcached1.5', 'memcached1.6', 'redis2.6', 'redis2.8', 'redis3.2', 'redis4.0', 'redis5.0', 'redis6.x', 'redis7', 'valkey7', 'valkey8', 'valkey9'];
    expect(PARAMETER_FAMILIES.map((f) => f.family).sort()).toEqual([...expected].sort());
    for (const v of ENGINE_VERSIONS) expect(PARAMETER_FAMILIES.map((f) => f.family)).toContain(v.parameterGroupFamily);
  });

  // The service's own answer for redis5.0 in the describe-engine-default-parameters CLI example
  // (https://awscli.amazonaws.com/v2/documentation/api/latest/reference/elasticache/describe-engine-default-parameters.html),
  // plus the node-type specific parameters it lists apart and reserved-memory (redis-memory-management page).
  test('redis5.0 has exactly the parameters of the service answer', () => {
    const api = [
      'activedefrag', 'active-defrag-cycle-max', 'active-defrag-cycle-min', 'active-defrag-ignore-bytes', 'active-defrag-max-scan-fields',
      'active-defrag-threshold-lower', 'active-defrag-threshold-upper', 'activerehashing', 'appendfsync', 'appendonly',
      'client-output-buffer-limit-normal-hard-limit', 'client-output-buffer-limit-normal-soft-limit', 'client-output-buffer-limit-normal-soft-seconds',
      'client-output-buffer-limit-pubsub-hard-limit', 'client-output-buffer-limit-pubsub-soft-limit', 'client-output-buffer-limit-pubsub-soft-seconds',
      'client-output-buffer-limit-replica-soft-seconds', 'client-query-buffer-limit', 'close-on-replica-write', 'cluster-enabled',
      'cluster-require-full-coverage', 'databases', 'hash-max-ziplist-entries', 'hash-max-ziplist-value', 'hll-sparse-max-bytes',
      'lazyfree-lazy-eviction', 'lazyfree-lazy-expire', 'lazyfree-lazy-server-del', 'lfu-decay-time', 'lfu-log-factor', 'list-compress-depth',
      'list-max-ziplist-size', 'lua-replicate-commands', 'lua-time-limit', 'maxclients', 'maxmemory-policy', 'maxmemory-samples',
      'min-replicas-max-lag', 'min-replicas-to-write', 'notify-keyspace-events', 'proto-max-bulk-len', 'rename-commands', 'repl-backlog-size',
      'repl-backlog-ttl', 'replica-allow-chaining', 'replica-ignore-maxmemory', 'replica-lazy-flush', 'reserved-memory-percent',
      'set-max-intset-entries', 'slowlog-log-slower-than', 'slowlog-max-len', 'stream-node-max-bytes', 'stream-node-max-entries', 'tcp-keepalive',
      'timeout', 'zset-max-ziplist-entries', 'zset-max-ziplist-value',
    ];
    const nodeSpecific = ['maxmemory', 'client-output-buffer-limit-replica-hard-limit', 'client-output-buffer-limit-replica-soft-limit'];
    expect([...names('redis5.0')].sort()).toEqual([...api, ...nodeSpecific, 'reserved-memory'].sort());
  });

  test('inheritance: renames, removals and additions between families', () => {
    expect(names('redis4.0')).toContain('slave-allow-chaining');
    expect(names('redis5.0')).toContain('replica-allow-chaining');
    expect(names('redis5.0')).not.toContain('slave-allow-chaining');
    expect(names('redis5.0')).not.toContain('repl-timeout');
    expect(names('redis6.x')).not.toContain('lua-replicate-commands');
    expect(names('redis7')).toContain('hash-max-listpack-entries');
    expect(names('redis7')).not.toContain('hash-max-ziplist-entries');
    expect(names('valkey7')).toEqual(names('redis7'));
    expect(names('valkey8')).not.toContain('lazyfree-lazy-user-del');
    expect(findParameter('valkey8', 'repl-backlog-size')?.defaultValue).toBe('10485760');
    expect(findParameter('valkey8', 'commandlog-request-larger-than')?.minEngineVersion).toBe('8.1');
    expect(findParameter('valkey9', 'commandlog-request-larger-than')?.minEngineVersion).toBeUndefined();
    expect(findParameter('redis2.8', 'close-on-slave-write')?.minEngineVersion).toBe('2.8.23');
    expect(findParameter('redis5.0', 'rename-commands')?.minEngineVersion).toBe('5.0.3');
    expect(findParameter('redis6.x', 'rename-commands')?.minEngineVersion).toBeUndefined();
    expect(family('redis7').baseFamily).toBe('redis6.x');
  });

  test('counts per family', () => {
    const counts = Object.fromEntries(PARAMETER_FAMILIES.map((f) => [f.family, f.parameters.length]));
    expect(counts).toEqual({
      'redis2.6': 32,
      'redis2.8': 39,
      'redis3.2': 42,
      'redis4.0': 56,
      'redis5.0': 61,
      'redis6.x': 66,
      'redis7': 68,
      'valkey7': 68,
      'valkey8': 71,
      'valkey9': 72,
      'memcached1.4': 33,
      'memcached1.5': 33,
      'memcached1.6': 33,
    });
  });
});
