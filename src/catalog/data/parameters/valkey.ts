import { integer, yesNo } from './builders';
import type { FamilyDefinition } from './model';

/**
 * Valkey parameter group families. `valkey7` has the Redis OSS 7 parameters ("Valkey 7.2 parameters
 * are the same as Redis OSS 7 parameters"); `valkey8` and `valkey9` add the documented changes.
 */
const DOC = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html';
export const VALKEY_DOC = {
  intro: `${DOC}#ParameterGroups.Engine`,
  v7: `${DOC}#ParameterGroups.Redis.7`,
  v80: `${DOC}#ParameterGroups.Valkey.8`,
  v81: `${DOC}#ParameterGroups.Valkey.8.1`,
  v82: `${DOC}#ParameterGroups.Valkey.8.2`,
  v90: `${DOC}#ParameterGroups.Valkey.9.0`,
};

export const VALKEY_FAMILIES: readonly FamilyDefinition[] = [
  { family: 'valkey7', engine: 'valkey', firstVersion: '7.2', base: 'redis7' },
  {
    family: 'valkey8',
    engine: 'valkey',
    firstVersion: '8.0',
    base: 'valkey7',
    removed: [
      { name: 'lazyfree-lazy-eviction', source: VALKEY_DOC.v80 },
      { name: 'lazyfree-lazy-expire', source: VALKEY_DOC.v80 },
      { name: 'lazyfree-lazy-server-del', source: VALKEY_DOC.v80 },
      { name: 'lazyfree-lazy-user-del', source: VALKEY_DOC.v80 },
      { name: 'replica-lazy-flush', source: VALKEY_DOC.v80 },
    ],
    changed: [
      { name: 'repl-backlog-size', defaultValue: '10485760', source: VALKEY_DOC.v80 },
      { name: 'maxmemory-samples', allowedValues: '1-64', source: VALKEY_DOC.v80 },
    ],
    added: [
      yesNo('extended-redis-compatibility', 'yes', true, 'immediate', 'Report itself as Redis OSS 7.2.4 (HELLO, INFO redis_mode) for tools and clients that need it.', VALKEY_DOC.v80),
      integer('commandlog-request-larger-than', '1048576', undefined, true, 'immediate', 'Requests larger than this many bytes are logged by the command log.', VALKEY_DOC.v81, '8.1'),
      integer('commandlog-large-request-max-len', '128', '0-1024', true, 'immediate', 'Maximum length of the command log for large requests.', VALKEY_DOC.v81, '8.1'),
      integer('commandlog-reply-larger-than', '1048576', undefined, true, 'immediate', 'Replies larger than this many bytes are logged by the command log.', VALKEY_DOC.v81, '8.1'),
      integer('commandlog-large-reply-max-len', '128', '0-1024', true, 'immediate', 'Maximum length of the command log for large replies.', VALKEY_DOC.v81, '8.1'),
      {
        name: 'search-fanout-target-mode',
        dataType: 'string',
        defaultValue: 'client',
        allowedValues: 'client,throughput',
        modifiable: true,
        changeType: 'immediate',
        minEngineVersion: '8.2',
        description: 'How search queries are spread over cluster nodes: by client connection type (client) or across all nodes (throughput).',
        source: VALKEY_DOC.v82,
      },
      integer('search-default-timeout-ms', '50000', '1-60000', true, 'immediate', 'Default search query timeout in milliseconds.', VALKEY_DOC.v82, '8.2'),
      yesNo('search-enable-partial-results', 'yes', true, 'immediate', 'Return partial search results when some shards time out.', VALKEY_DOC.v82, '8.2'),
    ],
  },
  {
    family: 'valkey9',
    engine: 'valkey',
    firstVersion: '9.0',
    base: 'valkey8',
    added: [
      {
        // Documented as "1 to 10,000" with a default of 0; set at creation only.
        name: 'cluster-databases',
        dataType: 'integer',
        defaultValue: '0',
        allowedValues: '1-10000',
        modifiable: false,
        creationOnly: true,
        changeType: 'requires-reboot',
        description: 'Number of databases available in cluster mode, set at cluster creation.',
        source: VALKEY_DOC.v90,
      },
    ],
  },
];
