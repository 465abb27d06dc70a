/**
 * Differential suite: every case file in ./cases is replayed against a real redis-server and our
 * engine (both on free ports), comparing raw replies. A failing case prints each differing step
 * with both replies. Add cases by adding or extending a case file (see script.ts for the format).
 */
import * as fs from 'fs';
import * as path from 'path';
import { report, runCase } from './runner';
import { Case, parseCaseFile } from './script';
import { ValkeyServer } from '../../../../src/engines/valkey/server/server';
import { describeIfRedis, REAL_VERSION, useRealAndOurs } from '../support/side-by-side';

const CASES_DIR = path.join(__dirname, 'cases');
const files = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.txt')).sort();
/** Commands our engine has, to skip (not pass) cases that need families not built yet. */
const available = new ValkeyServer({ port: 0, version: REAL_VERSION }).commands;

describeIfRedis('differential: our engine vs redis-server', () => {
  // The emulated version matches the redis-server the suite compares with (HELLO, INFO).
  const servers = useRealAndOurs();

  for (const file of files) {
    let cases: Case[];
    try {
      cases = parseCaseFile(fs.readFileSync(path.join(CASES_DIR, file), 'latin1'), file);
    } catch (e) {
      // A broken case file fails on its own, without stopping the other files.
      test(`${file} parses`, () => {
        throw e;
      });
      continue;
    }
    describe(file, () => {
      for (const c of cases) {
        const missing = c.requires.filter((name) => !available.get(name));
        const run = missing.length > 0 ? test.skip : test;
        const title = missing.length > 0 ? `${c.name} (needs ${missing.join(', ')})` : c.name;
        run(title, async () => {
          const mismatches = await runCase(c, servers.real.port, servers.oursPort);
          if (mismatches.length > 0) throw new Error(report(file, c, mismatches));
        });
      }
    });
  }
});
