import { BinaryCase } from './binary-cases';
import { Pair, runBinary, runTextOnPair, startPair, stopPair } from './run';
import { TextCase } from './text-cases';
import { hasBinary } from '../../../support/real-servers';
import { binaryRequest, u32s } from '../support/harness';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

/**
 * A suite that replays each session on our engine and on a real memcached (one pair for the suite,
 * from `start`) and expects the two transcripts `replay` returns to be equal.
 */
function compareSessions<C extends { readonly name: string }>(
  title: string, cases: readonly C[], start: () => Promise<Pair>, replay: (pair: Pair, c: C) => Promise<[string, string]>,
): void {
  describeIfMemcached(title, () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await start();
    });
    afterAll(() => stopPair(pair));

    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const [ours, real] = await replay(pair, c);
      expect(ours).toEqual(real);
    });
  });
}

/** Text sessions, each from an empty cache. */
export function compareTextSessions(title: string, cases: readonly TextCase[], start: () => Promise<Pair> = () => startPair()): void {
  compareSessions(title, cases, start, (pair, c) => runTextOnPair(pair, ['flush_all noreply\r\n', ...c.steps]));
}

/** Binary request packets (each step followed by a NOOP marker), each session from an empty cache. */
export function compareBinarySessions(title: string, cases: readonly BinaryCase[], start: () => Promise<Pair> = () => startPair()): void {
  compareSessions(title, cases, start, (pair, c) => {
    // FLUSHQ answers nothing.
    const steps = [binaryRequest(0x18, { extras: u32s() }), ...c.steps];
    return Promise.all([runBinary(pair.ours, steps), runBinary(pair.real, steps)]);
  });
}
