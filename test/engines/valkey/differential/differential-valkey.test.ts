/**
 * The differential suite against a real valkey-server (8.0 or later, where installed): the case
 * files whose every case our engine answers as that release does, replayed against it and our
 * engine emulating the release. The other files still show Redis OSS behaviour where Valkey 8
 * changed it; they join the list as the engine learns Valkey 8's way.
 */
import { CASE_FILES, defineDifferentialCases } from './suite';
import { ValkeyServer } from '../../../../src/engines/valkey/server/server';
import { describeIfValkey, REAL_VALKEY_VERSION, useRealValkeyAndOurs } from '../support/side-by-side';

/** Case files that agree with valkey-server case for case. */
const VERIFIED_FILES: readonly string[] = [
  'acl-enforce.txt',
  'acl-rules.txt',
  'bitmaps-matrix.txt',
  'bitmaps.txt',
  'collections-random.txt',
  'config-params.txt',
  'connection-matrix.txt',
  'connection.txt',
  'dump-restore.txt',
  'geo-matrix.txt',
  'geo.txt',
  'hash-matrix.txt',
  'hashes.txt',
  'hll-matrix.txt',
  'hyperloglog.txt',
  'keys-matrix.txt',
  'keys.txt',
  'list-ranges.txt',
  'lists-blocking.txt',
  'lists.txt',
  'lua-compat.txt',
  'lua-table-order.txt',
  'monitor.txt',
  'notifications.txt',
  'object-memory.txt',
  'pipelines.txt',
  'protocol.txt',
  'pubsub-matrix.txt',
  'pubsub.txt',
  'script-debug.txt',
  'scripting-env.txt',
  'scripting.txt',
  'server-matrix.txt',
  'server.txt',
  'set-algebra.txt',
  'set-matrix.txt',
  'sets.txt',
  'sort.txt',
  'stream-events.txt',
  'stream-groups.txt',
  'stream-ids.txt',
  'stream-matrix.txt',
  'stream-read.txt',
  'streams.txt',
  'strings-matrix.txt',
  'strings.txt',
  'tracking-matrix.txt',
  'tracking.txt',
  'transactions-matrix.txt',
  'transactions.txt',
  'values.txt',
  'zset-events.txt',
  'zset-keys.txt',
  'zset-large.txt',
  'zset-pop.txt',
  'zset-ranges.txt',
  'zset-setops.txt',
  'zsets.txt',
];

/** VALKEY_FILES=a.txt,b.txt runs other files (to see how far they are from agreeing); `all`: every one. */
const chosen = process.env.VALKEY_FILES;
const files = chosen === 'all' ? CASE_FILES : chosen ? chosen.split(',') : VERIFIED_FILES;

const available = new ValkeyServer({ port: 0, version: '7.2.4', valkeyVersion: REAL_VALKEY_VERSION ?? '8.0.0' }).commands;

describeIfValkey(`differential: our engine vs valkey-server ${REAL_VALKEY_VERSION}`, () => {
  defineDifferentialCases({
    files,
    servers: useRealValkeyAndOurs(),
    realName: 'valkey-server',
    hasCommand: (name) => available.get(name) !== undefined,
  });
});
