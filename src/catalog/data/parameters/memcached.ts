import { ChangeType, integer } from './builders';
import type { FamilyDefinition } from './model';
import type { ParameterInfo, SourceRef } from '../../types';

/**
 * Memcached parameter group families from the seed tables (000:L7325–7449, distilled in
 * spec/memcached-guide-2.md §4.2) and the current documentation, which fills in the defaults the seed
 * lost in conversion (the 1.4.14 rows) at MEMCACHED_DOC.
 *
 * "At launch" and "After restart" both mean a reboot (`requires-reboot` in the API). Parameters the
 * documentation marks as not modifiable carry no change type there; they are startup settings, so
 * they are recorded as `requires-reboot`. The 1.4.33 row `lru_crawler metadump [all|1|2|3]` is a
 * command, not a parameter, and is left out.
 */
export const MEMCACHED_DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html#ParameterGroups.Memcached';


function flag(name: string, defaultValue: '0' | '1', modifiable: boolean, changeType: ChangeType, description: string, source: SourceRef, minEngineVersion?: string): ParameterInfo {
  return {
    name,
    dataType: 'boolean',
    defaultValue,
    allowedValues: '0,1',
    modifiable,
    changeType,
    description,
    source,
    ...(minEngineVersion ? { minEngineVersion } : {}),
  };
}

const int = integer;

const MEMCACHED_1_4: readonly ParameterInfo[] = [
  // 1.4.5
  int('backlog_queue_limit', '1024', undefined, false, 'requires-reboot', 'The backlog queue limit.', '000:L7430'),
  { name: 'binding_protocol', dataType: 'string', defaultValue: 'auto', allowedValues: 'ascii,auto', modifiable: true, changeType: 'requires-reboot', description: 'The binding protocol.', source: '000:L7434' },
  flag('cas_disabled', '0', true, 'requires-reboot', 'Disable check-and-set; items use 8 bytes less.', '000:L7435'),
  int('chunk_size', '48', undefined, true, 'requires-reboot', 'Minimum bytes allocated for the smallest item (key, value and flags).', '000:L7436'),
  { name: 'chunk_size_growth_factor', dataType: 'float', defaultValue: '1.25', modifiable: true, changeType: 'requires-reboot', description: 'Growth factor of successive slab chunk sizes.', source: '000:L7437' },
  flag('error_on_memory_exhausted', '0', true, 'requires-reboot', 'Return an error instead of evicting when memory is full.', '000:L7438'),
  flag('large_memory_pages', '0', false, 'requires-reboot', 'Try to use large memory pages.', '000:L7441'),
  flag('lock_down_paged_memory', '0', false, 'requires-reboot', 'Lock down all paged memory.', '000:L7442'),
  int('max_item_size', '1048576', undefined, true, 'requires-reboot', 'Size in bytes of the largest item that can be stored.', '000:L7443'),
  int('max_simultaneous_connections', '65000', undefined, false, 'requires-reboot', 'The maximum number of simultaneous connections.', '000:L7444'),
  // The Modifiable cell is blank in both the seed and the current page; "changes take effect after restart" implies it can be set.
  flag('maximize_core_file_limit', '0', true, 'requires-reboot', 'Maximize the core file limit.', '000:L7445'),
  int('memcached_connections_overhead', '100', undefined, true, 'requires-reboot', 'Megabytes reserved for connections and other overhead; item memory is max_cache_memory minus this.', '000:L7446'),
  int('requests_per_event', '20', undefined, false, 'requires-reboot', 'Maximum requests per event for one connection (prevents starvation).', '000:L7449'),
  {
    name: 'max_cache_memory',
    dataType: 'integer',
    modifiable: false,
    changeType: 'requires-reboot',
    nodeTypeSpecific: true,
    description: 'Megabytes of memory for Memcached on the node (see the node-type table).',
    source: '000:L7469',
  },
  {
    name: 'num_threads',
    dataType: 'integer',
    modifiable: false,
    changeType: 'requires-reboot',
    nodeTypeSpecific: true,
    description: 'Worker threads on the node (see the node-type table).',
    source: '000:L7469',
  },
  // 1.4.14
  int('config_max', '16', undefined, false, 'requires-reboot', 'The maximum number of ElastiCache configuration entries.', `000:L7410; ${MEMCACHED_DOC}`, '1.4.14'),
  int('config_size_max', '65536', undefined, false, 'requires-reboot', 'The maximum size of the configuration entries, in bytes.', `000:L7413; ${MEMCACHED_DOC}`, '1.4.14'),
  int('hashpower_init', '16', undefined, false, 'requires-reboot', 'Initial hash table size as a power of two (16: 65536 keys).', `000:L7414; ${MEMCACHED_DOC}`, '1.4.14'),
  flag('maxconns_fast', '0', true, 'requires-reboot', 'At the connection limit, refuse new connections at once (1) instead of queueing them (0).', `000:L7415; ${MEMCACHED_DOC}`, '1.4.14'),
  int('slab_automove', '0', '0,1,2', true, 'requires-reboot', 'Slab automove: 0 off, 1 slow and conservative, 2 aggressive (testing only).', `000:L7418; ${MEMCACHED_DOC}`, '1.4.14'),
  flag('slab_reassign', '0', true, 'requires-reboot', 'Allow the slabs reassign command.', `000:L7419; ${MEMCACHED_DOC}`, '1.4.14'),
  // 1.4.24
  flag('disable_flush_all', '0', true, 'requires-reboot', 'Refuse flush_all (-F).', '000:L7388', '1.4.24'),
  { name: 'hash_algorithm', dataType: 'string', defaultValue: 'jenkins', allowedValues: 'murmur3,jenkins', modifiable: true, changeType: 'requires-reboot', minEngineVersion: '1.4.24', description: 'The hash algorithm.', source: '000:L7392' },
  flag('lru_crawler', '0', true, 'requires-reboot', 'Background crawler that reclaims expired items.', '000:L7395', '1.4.24'),
  flag('lru_maintainer', '0', true, 'requires-reboot', 'Background thread that shuffles items between the LRUs.', '000:L7398', '1.4.24'),
  flag('expirezero_does_not_evict', '0', true, 'requires-reboot', 'With lru_maintainer, items with exptime 0 are not evicted.', '000:L7399', '1.4.24'),
  // 1.4.33
  flag('modern', '1', true, 'requires-reboot', 'Alias for slab_reassign, slab_automove, lru_crawler, lru_maintainer, maxconns_fast and hash_algorithm=murmur3.', '000:L7368', '1.4.33'),
  flag('watch', '1', true, 'immediate', 'Allow logging of fetches, evictions and mutations (watch).', '000:L7369', '1.4.33'),
  int('idle_timeout', '0', '0-86400', true, 'requires-reboot', 'Seconds a client may idle before being asked to close (0: disabled).', '000:L7372', '1.4.33'),
  flag('track_sizes', '0', true, 'requires-reboot', 'Track slab sizes so stats sizes works without stats sizes_enable.', '000:L7373', '1.4.33'),
  int('watcher_logbuf_size', '256', undefined, true, 'requires-reboot', 'Watch log buffer in KB.', '000:L7374', '1.4.33'),
  int('worker_logbuf_size', '64', undefined, true, 'requires-reboot', 'Per-worker log buffer in KB.', '000:L7377', '1.4.33'),
  int('slab_chunk_max', '524288', undefined, true, 'requires-reboot', 'Maximum slab chunk in bytes; larger items span several chunks.', '000:L7378', '1.4.33'),
];

export const MEMCACHED_FAMILIES: readonly FamilyDefinition[] = [
  { family: 'memcached1.4', engine: 'memcached', firstVersion: '1.4.5', parameters: MEMCACHED_1_4 },
  {
    family: 'memcached1.5',
    engine: 'memcached',
    firstVersion: '1.5.10',
    base: 'memcached1.4',
    removed: [
      { name: 'expirezero_does_not_evict', source: '000:L7349' },
      { name: 'modern', source: '000:L7353' },
    ],
    added: [
      // The default changed from 0 to 1 on 2021-08-20; groups created before keep 0.
      flag('no_modern', '1', true, 'requires-reboot', 'Alias that disables slab_reassign, lru_maintainer_thread, lru_segmented and maxconns_fast and sets hash_algorithm=jenkins.', '000:L7341'),
      flag('inline_ascii_resp', '0', true, 'requires-reboot', 'Store VALUE numbers inside the item (up to 24 bytes); no effect from 1.5.16.', '000:L7347'),
    ],
  },
  // 1.6.6 added no parameters (000:L7329).
  { family: 'memcached1.6', engine: 'memcached', firstVersion: '1.6.6', base: 'memcached1.5' },
];
