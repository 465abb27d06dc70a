/**
 * Random command sequences sent to redis-server and to our engine side by side, reply by reply:
 * the fuzz tests' comparison loop. A generator draws each command from a seeded PRNG, so a failure
 * names a seed and a position that replay the same way.
 */
import { prng } from './prng';
import { show } from '../differential/normalize';
import { RawSession } from '../differential/session';

export interface SequenceOptions {
  readonly realPort: number;
  readonly ourPort: number;
  readonly seed: number;
  readonly commands: number;
  /** The next command to send. */
  readonly next: (rand: () => number) => string[];
  /** Commands sent first on both connections, replies not compared (HELLO names each server). */
  readonly setup?: readonly string[][];
  /**
   * True when two replies that differ byte for byte still agree (e.g. the members of a set, whose
   * order follows each server's hash seed).
   */
  readonly equivalent?: (command: readonly string[], real: string, ours: string) => boolean;
  /** Mismatches collected before the run stops. */
  readonly maxMismatches?: number;
}

/** Runs one seeded sequence and fails with its mismatches, if any (seed and position first). */
export async function expectAgreement(options: SequenceOptions): Promise<void> {
  const mismatches = await compareRandomSequence(options);
  if (mismatches.length) throw new Error(`seed ${options.seed}:\n  ${mismatches.join('\n  ')}`);
}

/** Runs one seeded sequence on fresh databases; returns the mismatches, readable. */
export async function compareRandomSequence(options: SequenceOptions): Promise<string[]> {
  const rand = prng(options.seed);
  const [expected, actual] = await Promise.all([RawSession.open(options.realPort), RawSession.open(options.ourPort)]);
  const mismatches: string[] = [];
  try {
    const exchange = async (cmd: readonly string[]) => {
      expected.send([...cmd]);
      actual.send([...cmd]);
      const [e, a] = await Promise.all([expected.reply(2000), actual.reply(2000)]);
      const es = e ? show(e.raw.toString('latin1')) : '<none>';
      const as = a ? show(a.raw.toString('latin1')) : '<none>';
      if (es !== as && !(options.equivalent?.(cmd, es, as) ?? false)) {
        mismatches.push(`${show(cmd.join(' '))}\n    redis-server: ${es}\n    our engine:   ${as}`);
      }
    };
    await exchange(['FLUSHALL']);
    for (const cmd of options.setup ?? []) {
      expected.send([...cmd]);
      actual.send([...cmd]);
      await Promise.all([expected.reply(2000), actual.reply(2000)]);
    }
    const limit = options.maxMismatches ?? 5;
    for (let i = 0; i < options.commands && mismatches.length < limit; i++) {
      const before = mismatches.length;
      await exchange(options.next(rand));
      if (mismatches.length > before) mismatches[mismatches.length - 1] = `#${i} ${mismatches[mismatches.length - 1]}`;
    }
  } finally {
    expected.close();
    actual.close();
  }
  return mismatches;
}
