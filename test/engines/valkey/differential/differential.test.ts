/**
 * Differential suite: every case file in ./cases is replayed against a real redis-server and our
 * engine emulating its version (both on free ports), comparing raw replies. Add cases by adding or
 * extending a case file (see script.ts for the format).
 */
import { CASE_FILES, defineDifferentialCases } from './suite';
import { ValkeyServer } from '../../../../src/engines/valkey/server/server';
import { describeIfRedis, REAL_VERSION, useRealAndOurs } from '../support/side-by-side';

/** Commands our engine has at the emulated version. */
const available = new ValkeyServer({ port: 0, version: REAL_VERSION }).commands;

describeIfRedis('differential: our engine vs redis-server', () => {
  defineDifferentialCases({
    files: CASE_FILES,
    servers: useRealAndOurs(),
    realName: 'redis-server',
    hasCommand: (name) => available.get(name) !== undefined,
  });
});
