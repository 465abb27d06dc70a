/**
 * Declares the differential tests of a set of case files: each case replayed against a real
 * server and our engine, raw replies compared; a failing case prints each differing step with
 * both replies.
 */
import * as fs from 'fs';
import * as path from 'path';
import { report, runCase } from './runner';
import { Case, parseCaseFile } from './script';
import type { SideBySide } from '../support/side-by-side';

export const CASES_DIR = path.join(__dirname, 'cases');

/** Every case file, in name order. */
export const CASE_FILES = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.txt')).sort();

export interface SuiteOptions {
  readonly files: readonly string[];
  readonly servers: SideBySide;
  /** The real server's name in reports (`redis-server`, `valkey-server`). */
  readonly realName: string;
  /** Whether our engine has a command (cases needing one it lacks are skipped, not passed). */
  readonly hasCommand: (name: string) => boolean;
}

/** Declares one `describe` per case file with one test per case (inside the caller's describe). */
export function defineDifferentialCases(options: SuiteOptions): void {
  for (const file of options.files) {
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
        const missing = c.requires.filter((name) => !options.hasCommand(name));
        const run = missing.length > 0 ? test.skip : test;
        const title = missing.length > 0 ? `${c.name} (needs ${missing.join(', ')})` : c.name;
        run(title, async () => {
          const mismatches = await runCase(c, options.servers.real.port, options.servers.oursPort);
          if (mismatches.length > 0) throw new Error(report(file, c, mismatches, options.realName));
        });
      }
    });
  }
}
